// "Mon compte": "Modifier mon mot de passe" — the current one, then the new one
// with its five rules ticking as the parent types, and its confirmation.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_account_password(Ui& ui, const AppState& state) {
  title(ui, "titre", "Modifier mon mot de passe");
  const AccountChanges& form = state.account_changes;
  gap(ui, 24);
  required_fields_note(ui);
  gap(ui, 16);
  bound_password(ui, state, Field::CurrentPassword, "mot-de-passe-actuel", "Mot de passe actuel", {},
                 form.current_password, form.password_shown, kPurposeCurrentPassword);
  gap(ui, 24);
  new_password_fields(ui, state,
                      {Field::AccountNewPassword, "Nouveau mot de passe", Field::AccountConfirmation,
                       "Confirmation du nouveau mot de passe"},
                      form.password, form.confirmation, form.password_shown);
  if (submit_button(ui, state, "enregistrer", "Enregistrer le nouveau mot de passe"))
    ui.emit(AccountChangeSubmitted{});
  if (secondary_button(ui, state, "retour", "Retour à mon compte")) ui.emit(AccountCancelPressed{});
}

}  // namespace sesame::web::ui
