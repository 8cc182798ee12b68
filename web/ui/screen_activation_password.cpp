// The guide's step 8 bis: "Je choisis mon nouveau mot de passe", its five rules
// ticking as the parent types, the strength, the confirmation.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_activation_password(Ui& ui, const AppState& state) {
  stepper(ui, 4, 4, "Je choisis mon nouveau mot de passe", {});
  gap(ui, 24);
  const ActivationForm& form = state.activation;
  required_fields_note(ui);
  gap(ui, 16);
  new_password_fields(
      ui, state,
      {Field::NewPassword, "Mot de passe", Field::PasswordConfirmation, "Confirmation du mot de passe"},
      form.password, form.confirmation, form.password_shown);
  if (submit_button(ui, state, "suivant", "Suivant")) ui.emit(PasswordSubmitted{});
}

}  // namespace sesame::web::ui
