// A pupil or a legal representative, as a staff member of their school sees them
// (#/personnel/personne/<kind>/<id>): identity, school and class, the account and its
// state, the people related, the letters issued, and the actions that apply.
#include "web/app/routes.h"
#include "web/app/staff.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

void identity(Ui& ui, const api::PersonDetails& person) {
  const bool pupil = person.kind == "pupil";
  paragraph(ui, "personne.type", pupil ? "Élève" : "Représentant légal", color::kTextMention);
  gap(ui, 8);
  for (std::size_t i = 0; i < person.schools.size(); ++i) {
    const api::School& school = person.schools[i];
    paragraph(ui, "personne.etablissement." + std::to_string(i),
              "Établissement : " + school.name + ", " + school.city + " (UAI\u00A0" + school.uai + ")");
  }
  if (person.class_name) paragraph(ui, "personne.classe", "Classe : " + staff::class_words(*person.class_name));
  if (person.mobile_known)
    paragraph(ui, "personne.mobile",
              std::string("Mobile connu de l'établissement : ") + (*person.mobile_known ? "oui" : "non"));
}

void account(Ui& ui, const api::PersonDetails& person) {
  const api::PersonAccount& a = person.account;
  heading(ui, "titre.compte", "Compte");
  gap(ui, 8);
  if (a.identifier) paragraph(ui, "compte.identifiant", "Identifiant : " + *a.identifier);
  paragraph(ui, "compte.etat", "État : " + staff::account_state_words(a.state, a.locked_until));
  if (a.state == "none") return;
  paragraph(ui, "compte.franceconnect",
            std::string("Connexion avec FranceConnect : ") + (a.franceconnect ? "activée" : "non activée"));
  paragraph(ui, "compte.derniere-connexion",
            "Dernière connexion : " + (a.last_sign_in_at ? staff::local_date_time(*a.last_sign_in_at)
                                                         : std::string("jamais")));
  if (a.temporary_password_expires_on)
    paragraph(ui, "compte.mot-de-passe-provisoire",
              "Mot de passe provisoire en attente : valable jusqu'au " + a.temporary_password_expires_on->french());
  paragraph(ui, "compte.sessions",
            a.open_sessions == 0   ? std::string("Aucune session ouverte")
            : a.open_sessions == 1 ? std::string("1 session ouverte")
                                   : std::to_string(a.open_sessions) + " sessions ouvertes");
}

// The confirmation of an action that replaces or ends something.
void confirmation(Ui& ui, const api::PersonDetails& person, StaffAction action) {
  const std::string name = staff::person_name(person.first_name, person.last_name);
  std::string title_text, message;
  if (action == StaffAction::Letter && person.kind == "pupil") {
    title_text = "Imprimer une nouvelle lettre pour " + name + " ?";
    message = "Elle contient un nouveau mot de passe provisoire : celui de la lettre précédente ne fonctionnera "
              "plus.";
  } else if (action == StaffAction::Letter) {
    title_text = "Imprimer une lettre d'activation pour " + name + " ?";
    message = "Elle contient un mot de passe provisoire qui permet d'activer le compte sans SMS. Remettez-la en "
              "main propre au responsable.";
  } else {
    title_text = "Fermer toutes les sessions de " + name + " ?";
    message = "La personne sera déconnectée sur tous ses appareils et devra se reconnecter.";
  }
  gap(ui, 12);
  alert(ui, "confirmation", AlertKind::Info, title_text, message);
  gap(ui, 12);
  const int answer = button_row(ui, {RowButton{"confirmer", "Confirmer", ButtonStyle::Primary},
                                     RowButton{"annuler", "Annuler", ButtonStyle::Secondary}});
  if (answer == 0) ui.emit(StaffActionConfirmed{});
  if (answer == 1) ui.emit(StaffActionCancelled{});
}

void actions(Ui& ui, const AppState& state, const api::PersonDetails& person) {
  const StaffConsoleState& console = state.staff.console;
  struct Offer {
    StaffAction action;
    const char* test_id;
    const char* label;
  };
  const Offer offers[] = {
      {StaffAction::Letter, "action.lettre",
       person.kind == "pupil" ? "Imprimer une nouvelle lettre" : "Imprimer une lettre d'activation"},
      {StaffAction::Unlock, "action.debloquer", "Débloquer le compte"},
      {StaffAction::CloseSessions, "action.fermer-sessions", "Fermer toutes les sessions"}};
  std::vector<RowButton> buttons;
  std::vector<StaffAction> shown;
  for (const Offer& offer : offers) {
    if (!staff::can_act(person, offer.action)) continue;
    buttons.push_back(RowButton{offer.test_id, offer.label, ButtonStyle::Secondary,
                                !state.busy && console.confirming == StaffAction::None,
                                state.busy && console.acting == offer.action});
    shown.push_back(offer.action);
  }
  heading(ui, "titre.actions", "Actions");
  gap(ui, 8);
  if (buttons.empty()) {
    paragraph(ui, "actions.aucune", "Aucune action n'est possible sur ce compte pour l'instant.", color::kTextMention);
    return;
  }
  const int clicked = button_row(ui, buttons);
  if (clicked >= 0) ui.emit(StaffActionPressed{shown[static_cast<std::size_t>(clicked)], {}});
  if (console.confirming != StaffAction::None) confirmation(ui, person, console.confirming);
}

void related(Ui& ui, const AppState& state, const api::PersonDetails& person) {
  heading(ui, "titre.liens", person.kind == "pupil" ? "Représentants légaux" : "Enfants");
  gap(ui, 4);
  if (person.related.empty()) {
    paragraph(ui, "liens.aucun",
              person.kind == "pupil" ? "Aucun représentant légal n'est connu de l'établissement."
                                     : "Aucun enfant dans vos établissements.",
              color::kTextMention);
    return;
  }
  for (std::size_t i = 0; i < person.related.size(); ++i) {
    gap(ui, 8);
    staff_person_tile(ui, state, "lien." + std::to_string(i), person.related[i]);
  }
}

void letters(Ui& ui, const api::PersonDetails& person) {
  heading(ui, "titre.lettres", "Lettres remises");
  gap(ui, 4);
  if (person.letters.empty()) {
    paragraph(ui, "lettres.aucune", "Aucune lettre n'a encore été imprimée.", color::kTextMention);
    return;
  }
  begin_list(ui, "lettres", "Lettres remises");
  for (std::size_t i = 0; i < person.letters.size(); ++i)
    paragraph(ui, "lettre." + std::to_string(i),
              "• Imprimée " + staff::local_date_time(person.letters[i].at) + " par " + person.letters[i].by);
  end_list(ui);
}

}  // namespace

void draw_staff_person(Ui& ui, const AppState& state) {
  const StaffConsoleState& console = state.staff.console;
  if (!console.person) {
    title(ui, "titre", "Fiche de la personne");
    gap(ui, 16);
    if (state.form_error.empty()) paragraph(ui, "chargement", "Chargement…", color::kTextMention);
    form_error(ui, state);
  } else {
    const api::PersonDetails& person = *console.person;
    title(ui, "titre", staff::person_name(person.first_name, person.last_name));
    gap(ui, 8);
    identity(ui, person);
    if (!console.success.empty()) {
      gap(ui, 16);
      alert(ui, "alerte.succes", AlertKind::Success, "C'est fait", console.success);
    }
    form_error(ui, state);
    gap(ui, 24);
    account(ui, person);
    gap(ui, 24);
    actions(ui, state, person);
    gap(ui, 24);
    related(ui, state, person);
    gap(ui, 24);
    letters(ui, person);
  }
  gap(ui, 32);
  if (button(ui, "retour-console", "Retour à la console", ButtonStyle::Secondary, !state.busy, ui.metrics.narrow()))
    ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
