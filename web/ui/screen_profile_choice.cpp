// The guide's step 1: profile, school level, "Mémoriser ce choix", "Se connecter".
#include <string>

#include "web/ui/screens.h"

namespace sesame::web::ui {

namespace {

void config_failure(Ui& ui) {
  gap(ui, 24);
  if (alert(
          ui, "alerte.configuration", AlertKind::Error, "Le service ne répond pas",
          "Les informations nécessaires à la connexion n'ont pas pu être chargées. Vérifiez votre connexion "
          "à Internet, puis réessayez.",
          "Réessayer"))
    ui.emit(RetryConfigPressed{});
}

void profiles(Ui& ui, const AppState& state) {
  begin_group(ui, "groupe.profil", "1. Sélectionner votre profil");
  heading(ui, "titre.profil", "1. Sélectionner votre profil");
  gap(ui, 16);
  for (const auto& profile : state.config.profiles) {
    if (radio_tile(ui, ui.column, "profil." + profile.code, profile.label,
                   state.choice.profile == profile.code))
      ui.emit(ProfilePicked{profile.code});
    gap(ui, 8);
  }
  end_group(ui);
}

void levels(Ui& ui, const AppState& state) {
  begin_group(ui, "groupe.niveau", "2. Sélectionner votre niveau");
  heading(ui, "titre.niveau", "2. Sélectionner votre niveau");
  gap(ui, 16);
  std::vector<TileChoice> tiles;
  for (const auto& level : state.config.levels)
    tiles.push_back({"niveau." + level.code, level.label, state.choice.level == level.code});
  if (int clicked = radio_tile_group(ui, tiles, 2); clicked >= 0)
    ui.emit(LevelPicked{state.config.levels[static_cast<size_t>(clicked)].code});
  end_group(ui);
}

void remember(Ui& ui, const AppState& state) {
  begin_group(ui, "groupe.memoriser", "Mémoriser ce choix");
  heading(ui, "titre.memoriser", "Mémoriser ce choix");
  gap(ui, 8);
  if (radio(ui, "memoriser.non", "Non (je me connecte depuis un lieu public)", !state.choice.remember))
    ui.emit(RememberPicked{false});
  if (radio(ui, "memoriser.oui", "Oui (je me connecte depuis mon ordinateur)", state.choice.remember))
    ui.emit(RememberPicked{true});
  end_group(ui);
}

std::string chosen_profile_label(const AppState& state) {
  const ChoiceItem* item = find_choice(state.config.profiles, state.choice.profile);
  return item ? item->label : std::string();
}

}  // namespace

void draw_profile_choice(Ui& ui, const AppState& state) {
  title(ui, "titre",
        "Veuillez renseigner quelques informations pour accéder à votre page d'authentification");
  if (state.config_status == LoadStatus::Failed) config_failure(ui);
  gap(ui, 32);
  profiles(ui, state);
  gap(ui, 24);
  levels(ui, state);
  gap(ui, 24);
  remember(ui, state);
  gap(ui, 32);
  if (button(ui, "se-connecter", "Se connecter", ButtonStyle::Primary, state.can_connect(),
             ui.metrics.narrow()))
    ui.emit(ConnectPressed{});
  if (!state.can_connect()) {
    gap(ui, 8);
    paragraph(ui, "aide.se-connecter", "Sélectionnez un profil et un niveau pour continuer.",
              color::kTextMention);
  }
  if (state.notice == Notice::ProfileNotServedYet) {
    gap(ui, 24);
    alert(ui, "alerte.profil", AlertKind::Info, "Profil pas encore disponible ici",
          "La connexion avec le profil «\u00A0" + chosen_profile_label(state) +
              "\u00A0» n'est pas encore proposée par Sésame, qui accueille pour l'instant les représentants "
              "légaux (parents).");
  }
}

}  // namespace sesame::web::ui
