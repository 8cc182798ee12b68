#pragma once
// One drawing function per screen of the guide; each file screen_*.cpp holds one.
#include "web/app/state.h"
#include "web/ui/kit.h"

namespace sesame::web::ui {

// "Veuillez renseigner quelques informations pour accéder à votre page d'authentification"
void draw_profile_choice(Ui& ui, const AppState& state);
// "Je sélectionne mon profil": Responsable d'élève / Élève
void draw_educonnect_profile(Ui& ui, const AppState& state);

}  // namespace sesame::web::ui
