// "Mot de passe oublié ?", step 3: the new password, its five rules ticking as
// the parent types, the strength, the confirmation.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_recovery_password_new(Ui& ui, const AppState& state) {
  password_recovery_heading(ui, 3);
  gap(ui, 24);
  const RecoveryForm& form = state.recovery;
  required_fields_note(ui);
  gap(ui, 16);
  new_password_fields(ui, state,
                      {Field::RecoveryNewPassword, "Nouveau mot de passe", Field::RecoveryConfirmation,
                       "Confirmation du mot de passe"},
                      form.password, form.confirmation, form.password_shown);
  if (submit_button(ui, state, "valider", "Valider")) ui.emit(RecoverySubmitted{});
  if (secondary_button(ui, state, "annuler", "Annuler")) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
