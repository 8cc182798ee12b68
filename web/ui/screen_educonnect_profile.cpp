// The guide's step 2: "Je sélectionne mon profil" — Responsable d'élève / Élève,
// each leading to its sign-in screen.
#include "web/ui/screens.h"

namespace sesame::web::ui {

void draw_educonnect_profile(Ui& ui, const AppState& state) {
  title(ui, "titre", "Je sélectionne mon profil");
  gap(ui, 12);
  paragraph(ui, "aide.profil",
            "Parent ou personne en charge d'un élève\u00A0: choisissez «\u00A0Responsable d'élève\u00A0».",
            color::kTextMention);
  gap(ui, 24);
  const std::vector<TileChoice> tiles = {
      {"educonnect.responsable", "Responsable d'élève", state.educonnect_role == EduConnectRole::Guardian},
      {"educonnect.eleve", "Élève", state.educonnect_role == EduConnectRole::Pupil},
  };
  begin_group(ui, "groupe.educonnect", "Je sélectionne mon profil");
  const int picked = radio_tile_group(ui, tiles, 2, 72);
  end_group(ui);
  switch (picked) {
    case 0:
      ui.emit(EduConnectRolePicked{EduConnectRole::Guardian});
      break;
    case 1:
      ui.emit(EduConnectRolePicked{EduConnectRole::Pupil});
      break;
    default:
      break;
  }
  gap(ui, 32);
  if (button(ui, "precedent", "Précédent", ButtonStyle::Secondary, true, ui.metrics.narrow()))
    ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
