// "Accéder à mes services": for each school of the parent's children (or the
// pupil's own school), the ENT's services named in the server's configuration,
// each a tile leading to it.
#include "web/app/sign_in.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

// "Albert DUPONT" — the children of the account at this school, so the parent knows whose it is.
std::string pupils_at(const AppState& state, const std::string& uai) {
  std::string names;
  if (!state.account) return names;
  for (const api::Child& child : state.account->children)
    if (child.school.uai == uai) names += (names.empty() ? "" : ", ") + child.first_name + " " + child.last_name;
  return names;
}

void school(Ui& ui, const AppState& state, const api::SchoolServices& school, std::size_t index) {
  const std::string prefix = "services." + std::to_string(index);
  heading(ui, prefix + ".ecole", school.name);
  gap(ui, 4);
  paragraph(ui, prefix + ".commune", school.city + " (UAI\u00A0" + school.uai + ")", color::kTextMention);
  if (const std::string pupils = pupils_at(state, school.uai); !pupils.empty())
    paragraph(ui, prefix + ".eleves", "Pour : " + pupils, color::kTextMention);
  gap(ui, 12);
  if (school.services.empty()) {
    paragraph(ui, prefix + ".aucun",
              "Cet établissement ne propose pas encore de service en ligne. Renseignez-vous auprès de lui.",
              color::kTextMention);
    return;
  }
  for (std::size_t i = 0; i < school.services.size(); ++i) {
    if (i > 0) gap(ui, 8);
    const api::Service& service = school.services[i];
    if (link_tile(ui, prefix + ".service." + std::to_string(i), service.name, service.url)) ui.emit(ServiceOpened{service.url});
  }
}

}  // namespace

void draw_account_services(Ui& ui, const AppState& state) {
  title(ui, "titre", "Accéder à mes services");
  gap(ui, 16);
  const bool pupil = state.account && sign_in::is_pupil(*state.account);
  paragraph(ui, "aide.services",
            pupil ? "Les services numériques de votre établissement : cahier de textes, vie scolaire, messagerie…"
                  : "Les services numériques de l'établissement de chacun de vos enfants : cahier de textes, vie "
                    "scolaire, messagerie…",
            color::kTextMention);
  switch (state.services_status) {
    case LoadStatus::Loading:
      gap(ui, 24);
      paragraph(ui, "chargement", "Chargement de vos services…", color::kTextMention);
      break;
    case LoadStatus::Failed:
      gap(ui, 24);
      if (alert(ui, "alerte.erreur", AlertKind::Error, "Vos services n'ont pas pu être chargés", state.form_error,
                "Réessayer"))
        ui.emit(ServicesPressed{});
      break;
    case LoadStatus::Loaded:
      if (!state.services || state.services->schools.empty()) {
        gap(ui, 24);
        paragraph(ui, "services.aucun",
                  pupil ? "Votre établissement ne propose pas encore de service en ligne."
                        : "Aucun élève n'est rattaché à votre compte : ses services apparaîtront ici une fois "
                          "rattaché.",
                  color::kTextMention);
        break;
      }
      for (std::size_t i = 0; i < state.services->schools.size(); ++i) {
        gap(ui, 32);
        school(ui, state, state.services->schools[i], i);
      }
      break;
  }
  gap(ui, 32);
  if (button(ui, "retour", "Retour à mon compte", ButtonStyle::Secondary, true, ui.metrics.narrow()))
    ui.emit(AccountCancelPressed{});
}

}  // namespace sesame::web::ui
