// "Mot de passe oublié ?", step 1: the identifier of the account.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_recovery_password_identifier(Ui& ui, const AppState& state) {
  password_recovery_heading(ui, 1);
  gap(ui, 16);
  paragraph(ui, "aide.identifiant",
            "Indiquez l'identifiant de votre compte : un code de sécurité sera envoyé par SMS au numéro de "
            "téléphone portable de ce compte.",
            color::kTextMention);
  gap(ui, 24);
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::RecoveryIdentifier, "identifiant", "Identifiant", "Identifiant au format p.nomXX",
              state.recovery.identifier, kPurposeUsername);
  if (submit_button(ui, state, "suivant", "Suivant")) ui.emit(RecoverySubmitted{});
  if (secondary_button(ui, state, "precedent", "Précédent")) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
