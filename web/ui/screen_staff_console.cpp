// The staff console (#/personnel/console): who is signed in and for which school,
// then three parts: "Rechercher" a pupil or a legal representative, "Avancement" of
// the accounts class by class (a bar chart, its text, who is missing, the class's
// letters), "Journal" of the school's last staff actions.
#include "web/app/routes.h"
#include "web/app/staff.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

std::string summary_line(const api::PersonSummary& p) {
  std::string line = staff::person_name(p.first_name, p.last_name);
  line += p.kind == "guardian" ? " — Responsable légal" : " — Élève";
  if (p.class_name) line += ", " + staff::class_words(*p.class_name);
  if (p.school) line += ", " + p.school->name;
  return line + " — " + staff::account_state_words(p.account_state);
}

void tabs(Ui& ui, const AppState& state) {
  const StaffTab tab = state.staff.console.tab;
  begin_group(ui, "rubriques", "Rubrique de la console");
  const std::vector<TileChoice> tiles = {{"rubrique.rechercher", "Rechercher", tab == StaffTab::Search},
                                         {"rubrique.avancement", "Avancement", tab == StaffTab::Progress},
                                         {"rubrique.journal", "Journal", tab == StaffTab::Audit}};
  const int clicked = radio_tile_group(ui, tiles, 3);
  end_group(ui);
  if (clicked >= 0 && !state.busy)
    ui.emit(StaffTabPicked{clicked == 0 ? StaffTab::Search : clicked == 1 ? StaffTab::Progress : StaffTab::Audit});
}

void search(Ui& ui, const AppState& state) {
  const StaffConsoleState& console = state.staff.console;
  heading(ui, "titre.rechercher", "Rechercher un élève ou un responsable");
  gap(ui, 8);
  paragraph(ui, "champs-obligatoires", "Les champs sans la mention « facultatif » sont obligatoires.",
            color::kTextMention);
  gap(ui, 16);
  bound_field(ui, state, Field::StaffSearchName, "recherche.nom", "Nom ou prénom",
              "Au moins 2 lettres, sans souci des accents : « dup » trouve DUPONT", console.query, kPurposeText);
  gap(ui, 16);
  std::string class_name = console.class_name;
  if (text_field(ui, "recherche.classe", "Classe (facultatif)", "Exemple : 4e B. Seule, elle liste ses élèves.",
                 class_name, kPurposeText, error_of(state, Field::StaffSearchClass), !state.busy, 64, false))
    ui.emit(FieldEdited{Field::StaffSearchClass, class_name});
  gap(ui, 16);
  begin_group(ui, "recherche.type", "Qui cherchez-vous ?");
  heading(ui, "titre.type", "Qui cherchez-vous ?");
  gap(ui, 4);
  const std::vector<TileChoice> kinds = {
      {"type.eleves", "Élèves", console.kind == StaffKindFilter::Pupils},
      {"type.responsables", "Responsables", console.kind == StaffKindFilter::Guardians},
      {"type.tous", "Tous", console.kind == StaffKindFilter::All}};
  const int picked = radio_tile_group(ui, kinds, 3);
  end_group(ui);
  if (picked >= 0)
    ui.emit(StaffKindPicked{picked == 0 ? StaffKindFilter::Pupils
                            : picked == 1 ? StaffKindFilter::Guardians
                                          : StaffKindFilter::All});
  form_error(ui, state);
  gap(ui, 16);
  if (button(ui, "rechercher", "Rechercher", ButtonStyle::Primary, true, ui.metrics.narrow(), state.busy))
    ui.emit(StaffSearchSubmitted{});
  if (!console.results) return;
  gap(ui, 24);
  const auto& people = console.results->people;
  std::string count = people.empty()       ? "Aucune personne ne correspond à votre recherche."
                      : people.size() == 1 ? "1 personne trouvée."
                                           : std::to_string(people.size()) + " personnes trouvées.";
  if (console.results->truncated) count += " Il y en a d'autres : précisez la recherche.";
  alert(ui, "resultats.nombre", AlertKind::Info, "Résultats", count);
  gap(ui, 8);
  for (std::size_t i = 0; i < people.size(); ++i) {
    gap(ui, 8);
    staff_person_tile(ui, state, "resultat." + std::to_string(i), people[i]);
  }
}

void progress(Ui& ui, const AppState& state) {
  const StaffConsoleState& console = state.staff.console;
  heading(ui, "titre.avancement", "Avancement des comptes par classe");
  gap(ui, 8);
  if (!console.progress) {
    paragraph(ui, "chargement", "Chargement de l'avancement…", color::kTextMention);
    return;
  }
  paragraph(ui, "aide.avancement",
            "Pour chaque classe : les élèves qui ont activé leur compte, puis leurs représentants légaux qui ont "
            "activé le leur.",
            color::kTextMention);
  if (console.progress->classes.empty()) {
    gap(ui, 8);
    paragraph(ui, "avancement.vide", "Aucun élève n'est inscrit dans cet établissement.", color::kTextMention);
  }
  for (std::size_t i = 0; i < console.progress->classes.size(); ++i) {
    const api::ClassProgress& c = console.progress->classes[i];
    const std::string prefix = "classe." + std::to_string(i);
    const std::string name = staff::class_words(c.class_name);
    gap(ui, 20);
    begin_group(ui, prefix, "Classe " + name);
    bar_chart_row(ui, prefix + ".avancement", name, staff::progress_sentence(c),
                  {Bar{"élèves", c.pupils_active, c.pupils, color::kBlueFrance},
                   Bar{"parents", c.parents_active, c.parents, color::kInfo}});
    gap(ui, 8);
    const bool printing = console.acting == StaffAction::ClassLetters && console.acting_class == c.class_name;
    const int clicked = button_row(ui, {RowButton{prefix + ".manquants", "Voir qui manque", ButtonStyle::Secondary,
                                                  !state.busy, false},
                                        RowButton{prefix + ".lettres", "Imprimer les lettres de la classe",
                                                  ButtonStyle::Secondary, !state.busy, printing}});
    if (clicked == 0) ui.emit(StaffMissingPressed{c.class_name});
    if (clicked == 1) ui.emit(StaffActionPressed{StaffAction::ClassLetters, c.class_name});
    if (console.confirming == StaffAction::ClassLetters && console.confirming_class == c.class_name) {
      gap(ui, 12);
      alert(ui, prefix + ".confirmation", AlertKind::Info, "Imprimer les lettres de la classe " + name + " ?",
            "Chaque élève de la classe reçoit un nouveau mot de passe provisoire : ceux des lettres précédentes "
            "ne fonctionneront plus.");
      gap(ui, 12);
      const int answer = button_row(ui, {RowButton{prefix + ".confirmer", "Confirmer", ButtonStyle::Primary},
                                         RowButton{prefix + ".annuler", "Annuler", ButtonStyle::Secondary}});
      if (answer == 0) ui.emit(StaffActionConfirmed{});
      if (answer == 1) ui.emit(StaffActionCancelled{});
    }
    if (console.missing_class && *console.missing_class == c.class_name) {
      gap(ui, 12);
      if (!console.missing) {
        paragraph(ui, prefix + ".manquants.chargement", "Chargement…", color::kTextMention);
      } else {
        const auto& people = console.missing->people;
        paragraph(ui, prefix + ".manquants.nombre",
                  people.empty() ? "Tout le monde a activé son compte dans cette classe."
                                 : "Sans compte activé en " + name + " : " + std::to_string(people.size()) +
                                       (people.size() > 1 ? " personnes." : " personne."),
                  color::kTextMention);
        for (std::size_t j = 0; j < people.size(); ++j) {
          gap(ui, 8);
          staff_person_tile(ui, state, prefix + ".manquant." + std::to_string(j), people[j]);
        }
      }
    }
    end_group(ui);
  }
}

void audit(Ui& ui, const AppState& state) {
  const StaffConsoleState& console = state.staff.console;
  heading(ui, "titre.journal", "Journal des actions des personnels");
  gap(ui, 8);
  if (!console.audit) {
    paragraph(ui, "chargement", "Chargement du journal…", color::kTextMention);
    return;
  }
  if (console.audit->entries.empty()) {
    paragraph(ui, "journal.vide", "Aucune action n'a encore été faite pour cet établissement.", color::kTextMention);
    return;
  }
  paragraph(ui, "aide.journal", "Les 200 dernières actions, de la plus récente à la plus ancienne.",
            color::kTextMention);
  gap(ui, 8);
  begin_list(ui, "journal", "Journal des actions");
  for (std::size_t i = 0; i < console.audit->entries.size(); ++i) {
    const api::AuditLine& line = console.audit->entries[i];
    std::string when = staff::local_date_time(line.at);
    if (!when.empty()) when[0] = 'L';  // "Le 07/12/2026 à 14:05"
    gap(ui, 8);
    paragraph(ui, "journal." + std::to_string(i),
              when + " — " + line.staff + " — " + staff::audit_action_words(line.action) + " — " + line.target);
  }
  end_list(ui);
}

}  // namespace

void staff_person_tile(Ui& ui, const AppState& state, const std::string& test_id, const api::PersonSummary& person) {
  if (link_tile(ui, test_id, summary_line(person), staff_person_route(person.kind, person.id)) && !state.busy)
    ui.emit(StaffPersonOpened{person.kind, person.id});
}

void staff_header(Ui& ui, const AppState& state) {
  const StaffConsoleState& console = state.staff.console;
  if (!console.profile) return;
  paragraph(ui, "personnel", "Connecté : " + console.profile->name + " (" + console.profile->email + ")",
            color::kTextMention);
  const auto& schools = console.profile->schools;
  if (schools.size() == 1) {
    paragraph(ui, "etablissement",
              "Établissement : " + schools[0].name + ", " + schools[0].city + " (UAI\u00A0" + schools[0].uai + ")",
              color::kTextMention);
  } else if (schools.size() > 1) {
    gap(ui, 12);
    begin_group(ui, "etablissements", "Établissement");
    heading(ui, "titre.etablissements", "Établissement");
    gap(ui, 4);
    for (std::size_t i = 0; i < schools.size(); ++i)
      if (radio(ui, "etablissement." + std::to_string(i), schools[i].name + ", " + schools[i].city,
                schools[i].uai == console.uai) &&
          !state.busy)
        ui.emit(StaffSchoolPicked{schools[i].uai});
    end_group(ui);
  }
  if (console.profile->recovery_codes_left <= 2) {
    gap(ui, 8);
    alert(ui, "alerte.codes-secours", AlertKind::Info, "Codes de secours",
          "Il vous reste " + std::to_string(console.profile->recovery_codes_left) +
              " codes de secours. Demandez une nouvelle invitation à l'administrateur de Sésame pour en recevoir "
              "d'autres.");
  }
  gap(ui, 12);
  if (button(ui, "se-deconnecter", "Se déconnecter", ButtonStyle::Secondary, !state.busy, ui.metrics.narrow()))
    ui.emit(StaffSignOutPressed{});
}

void draw_staff_console(Ui& ui, const AppState& state) {
  const StaffConsoleState& console = state.staff.console;
  title(ui, "titre", "Console des personnels");
  gap(ui, 8);
  if (!console.profile) {
    paragraph(ui, "chargement.profil", "Chargement…", color::kTextMention);
    form_error(ui, state);
    return;
  }
  staff_header(ui, state);
  gap(ui, 24);
  tabs(ui, state);
  if (!console.success.empty()) {
    gap(ui, 16);
    alert(ui, "alerte.succes", AlertKind::Success, "C'est fait", console.success);
  }
  gap(ui, 24);
  switch (console.tab) {
    case StaffTab::Search:
      return search(ui, state);
    case StaffTab::Progress:
      progress(ui, state);
      return form_error(ui, state);
    case StaffTab::Audit:
      audit(ui, state);
      return form_error(ui, state);
  }
}

}  // namespace sesame::web::ui
