// "Mon compte ÉduConnect": identity, contact details and their changes, the
// alerts switch, the children and their schools with their own accounts (and a
// new temporary password for each), the children newly known,
// "Ajout d'un élève depuis un autre compte", "Se déconnecter".
#include "shared/phone.h"
#include "web/app/account_changes.h"
#include "web/app/routes.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

void identity(Ui& ui, const AppState& state, const api::Account& account) {
  heading(ui, "titre.identite", "Mon identité");
  gap(ui, 8);
  paragraph(ui, "compte.nom", account.first_name + " " + account.last_name);
  paragraph(ui, "compte.identifiant", "Identifiant : " + account.identifier, color::kTextMention);
  if (account.franceconnect.value_or(false)) {
    paragraph(ui, "compte.franceconnect", "Connexion avec FranceConnect : activée", color::kTextMention);
  } else if (state.config.franceconnect) {
    if (link_button(ui, "compte.franceconnect.activer", "Activer la connexion avec FranceConnect",
                    route_of(Screen::AccountFranceConnect)) && !state.busy)
      ui.emit(AccountChangePressed{Screen::AccountFranceConnect});
  }
  gap(ui, 16);
  const std::string email =
      account.email ? *account.email + (account.email_verified ? " (vérifiée)" : " (non vérifiée)") : "non renseignée";
  paragraph(ui, "compte.email", "Adresse mail : " + email, color::kTextMention);
  if (link_button(ui, "compte.email.modifier", "Modifier", route_of(Screen::AccountEmail)) && !state.busy)
    ui.emit(AccountChangePressed{Screen::AccountEmail});
  gap(ui, 8);
  paragraph(ui, "compte.telephone",
            "N° de téléphone portable : " +
                (account.phone ? unbreakable(format_phone(*account.phone)) : std::string("non renseigné")),
            color::kTextMention);
  if (link_button(ui, "compte.telephone.modifier", "Modifier", route_of(Screen::AccountPhone)) && !state.busy)
    ui.emit(AccountChangePressed{Screen::AccountPhone});
  gap(ui, 8);
  if (link_button(ui, "compte.mot-de-passe.modifier", "Modifier mon mot de passe",
                    route_of(Screen::AccountPassword)) && !state.busy)
    ui.emit(AccountChangePressed{Screen::AccountPassword});
  gap(ui, 16);
  if (checkbox(ui, "compte.alertes-connexion", "Afficher les alertes de mon compte à chaque connexion",
               account.alerts_at_login) &&
      !state.busy)
    ui.emit(AlertsAtLoginToggled{!account.alerts_at_login});
}

// "de Jeanne", "d'Albert", "d'Émile", "d'Yves": French elides "de" before a vowel or a
// mute h, and before a y that sounds as i.
std::string of_name(std::string_view name) {
  static constexpr std::string_view kVowels[] = {"A", "E", "I", "O", "U", "H", "À", "Â", "Ä", "É", "È", "Ê",
                                                 "Ë", "Î", "Ï", "Ô", "Ö", "Ù", "Û", "Ü", "Œ", "a", "e", "i",
                                                 "o", "u", "h", "à", "â", "é", "è", "ê", "î", "ô", "œ"};
  bool elide = false;
  for (std::string_view vowel : kVowels) elide = elide || name.starts_with(vowel);
  if ((name.starts_with("Y") || name.starts_with("y")) && name.size() > 1)
    elide = std::string_view("aeiouAEIOU").find(name[1]) == std::string_view::npos &&
            static_cast<unsigned char>(name[1]) < 0x80;  // "Yves", not "Yann" nor "Yéléna"
  return (elide ? "d'" : "de ") + std::string(name);
}

std::string_view account_state_text(std::string_view state) {
  if (state == account_changes::kChildAccountActive) return " (activé)";
  if (state == account_changes::kChildAccountNotActivated) return " (pas encore activé)";
  if (state == account_changes::kChildAccountDisabled) return " (désactivé)";
  return {};
}

// "Donner un nouveau mot de passe provisoire": the button, then once the server gave it the
// password, said as a status, or the refusal, said as an alert.
void temporary_password(Ui& ui, const AppState& state, const api::Child& c, const std::string& prefix) {
  gap(ui, 8);
  const bool asked = state.busy && state.temporary_password_asked == c.id;
  if (button(ui, prefix + ".donner-mot-de-passe", "Donner un nouveau mot de passe provisoire",
             ButtonStyle::Secondary, !state.busy, ui.metrics.narrow(), asked))
    ui.emit(TemporaryPasswordPressed{c.id});
  const auto shown = state.temporary_passwords.find(c.id);
  if (shown == state.temporary_passwords.end()) return;
  if (const auto& given = shown->second.answer) {
    gap(ui, 12);
    // Title and message read as one sentence: "Nouveau mot de passe provisoire d'Albert : k7mq-…".
    if (alert(ui, prefix + ".mot-de-passe-provisoire", AlertKind::Success,
              "Nouveau mot de passe provisoire " + of_name(c.first_name) + " :",
              given->temporary_password + " (identifiant " + given->identifier + "), valable jusqu'au " +
                  given->expires_on.french() +
                  ". Notez-le maintenant : il ne sera plus affiché. À la première connexion, " + c.first_name +
                  " confirmera sa date de naissance et choisira son mot de passe.",
              "Copier le mot de passe"))
      ui.emit(CopyTemporaryPasswordPressed{c.id});
  }
  if (!shown->second.error.empty()) {
    gap(ui, 12);
    alert(ui, prefix + ".mot-de-passe-provisoire.erreur", AlertKind::Error,
          "Le mot de passe provisoire n'a pas été donné", shown->second.error);
  }
}

// Each child in a group named by the child (its heading): the buttons of two children
// are told apart by their group.
void children(Ui& ui, const AppState& state, const api::Account& account) {
  heading(ui, "titre.enfants", "Les élèves dont je suis le représentant légal");
  if (account.children.empty()) {
    gap(ui, 8);
    paragraph(ui, "compte.sans-enfant", "Aucun élève n'est encore rattaché à votre compte.", color::kTextMention);
  }
  for (std::size_t i = 0; i < account.children.size(); ++i) {
    const api::Child& c = account.children[i];
    const std::string prefix = "compte.enfant." + std::to_string(i);
    const std::string name = c.first_name + " " + c.last_name;
    gap(ui, 16);
    begin_group(ui, prefix, name);
    heading(ui, prefix + ".nom", name);
    gap(ui, 4);
    paragraph(ui, prefix + ".ecole", c.school.name + ", " + c.school.city + " (UAI\u00A0" + c.school.uai + ")",
              color::kTextMention);
    if (c.account) {
      const std::string said = "Compte de l'élève : " + c.account->identifier;
      paragraph(ui, prefix + ".compte", said + std::string(account_state_text(c.account->state)),
                color::kTextMention);
    }
    if (account_changes::can_give_temporary_password(c)) temporary_password(ui, state, c, prefix);
    end_group(ui);
  }
}

// The pupils the schools newly link to this parent, answered as at account creation.
void new_children(Ui& ui, const AppState& state, const api::Account& account) {
  heading(ui, "titre.nouveaux-enfants",
          account.new_children.size() == 1 ? "Un nouvel élève vous est rattaché" : "De nouveaux élèves vous sont rattachés");
  gap(ui, 8);
  paragraph(ui, "aide.nouveaux-enfants",
            "Pour chaque élève, indiquez si vous êtes son représentant légal et confirmez sa date de naissance.",
            color::kTextMention);
  gap(ui, 8);
  required_fields_note(ui);
  for (std::size_t i = 0; i < account.new_children.size(); ++i) {
    gap(ui, 20);
    draw_child_answer(ui, state, account_changes::new_child_form(state, i), static_cast<int>(i),
                      "nouvel-enfant." + std::to_string(i), Field::NewChildBirthDate);
  }
  gap(ui, 24);
  if (button(ui, "nouveaux-enfants.confirmer", "Confirmer", ButtonStyle::Primary, true, ui.metrics.narrow(),
             state.busy))
    ui.emit(NewChildrenSubmitted{});
}

}  // namespace

void services_and_sign_out(Ui& ui) {
  gap(ui, 32);
  if (button(ui, "services", "Accéder à mes services", ButtonStyle::Primary, true, ui.metrics.narrow()))
    ui.emit(ServicesPressed{});
  gap(ui, 32);
  if (button(ui, "se-deconnecter", "Se déconnecter", ButtonStyle::Secondary, true, ui.metrics.narrow()))
    ui.emit(SignOutPressed{});
}

void draw_account(Ui& ui, const AppState& state) {
  title(ui, "titre", "Mon compte ÉduConnect");
  if (!state.account) {
    gap(ui, 16);
    paragraph(ui, "chargement", "Chargement de votre compte…", color::kTextMention);
    form_error(ui, state);
    return;
  }
  const api::Account& account = *state.account;
  if (!state.account_changes.success.empty()) {
    gap(ui, 16);
    alert(ui, "alerte.succes", AlertKind::Success, "C'est enregistré", state.account_changes.success);
  }
  // "Afficher les alertes de mon compte à chaque connexion": the parent's choice.
  for (std::size_t i = 0; account.alerts_at_login && i < account.alerts.size(); ++i) {
    gap(ui, 16);
    alert(ui, "alerte." + account.alerts[i].code, AlertKind::Info, "À savoir", account.alerts[i].message);
  }
  gap(ui, 24);
  identity(ui, state, account);
  gap(ui, 32);
  children(ui, state, account);
  if (!account.new_children.empty()) {
    gap(ui, 32);
    new_children(ui, state, account);
  }
  gap(ui, 24);
  if (link_button(ui, "ajout-eleve", "Ajout d'un élève depuis un autre compte", route_of(Screen::AccountFromAccount)) && !state.busy)
    ui.emit(AccountChangePressed{Screen::AccountFromAccount});
  form_error(ui, state);
  services_and_sign_out(ui);
}

}  // namespace sesame::web::ui
