// A pupil's sign-in: "Je me connecte avec mon compte ÉduConnect" with the profile
// "Élève", the identifier and temporary password of the school's letter. No
// account to create here: the school hands the letter.
#include "web/app/routes.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_pupil_sign_in(Ui& ui, const AppState& state) {
  title(ui, "titre", "Je me connecte avec mon compte ÉduConnect");
  gap(ui, 8);
  paragraph(ui, "profil", "Profil : Élève", color::kTextMention);
  gap(ui, 16);
  paragraph(ui, "aide.lettre",
            "Votre identifiant et votre mot de passe provisoire figurent sur la lettre remise par votre "
            "établissement.");
  gap(ui, 24);
  // Both "… oublié ?" lead to the same help: a parent or the school gives a new password.
  sign_in_fields(ui, state, route_of(Screen::PupilHelp), route_of(Screen::PupilHelp));
  gap(ui, 24);
  paragraph(
      ui, "aide.sans-compte",
      "Pas encore de compte ? Votre établissement vous remet une lettre avec votre identifiant et un mot "
      "de passe provisoire.",
      color::kTextMention);
  gap(ui, 32);
  if (button(ui, "precedent", "Précédent", ButtonStyle::Secondary, !state.busy, ui.metrics.narrow()))
    ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
