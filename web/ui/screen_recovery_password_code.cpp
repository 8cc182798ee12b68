// "Mot de passe oublié ?", step 2: the code sent by SMS to the account's mobile.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_recovery_password_code(Ui& ui, const AppState& state) {
  password_recovery_heading(ui, 2);
  gap(ui, 16);
  // Nothing tells whether the identifier exists: no masked number here.
  alert(ui, "alerte.code-envoye", AlertKind::Info, "Un code de sécurité a été envoyé",
        "Si cet identifiant correspond à un compte, un code de sécurité vient d'être envoyé par SMS au numéro de "
        "portable de ce compte. Il est valable " +
            std::to_string(state.config.sms_code_validity_minutes) + " minutes.");
  gap(ui, 24);
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::RecoveryCode, "code", "Code de sécurité", "6 chiffres", state.recovery.code,
              kPurposeCode);
  gap(ui, 8);
  paragraph(ui, "aide.sans-sms",
            "Pas de SMS ? Vérifiez l'identifiant et recommencez, ou contactez l'établissement de votre enfant.",
            color::kTextHint);
  if (submit_button(ui, state, "valider", "Valider")) ui.emit(RecoverySubmitted{});
  if (secondary_button(ui, state, "precedent", "Précédent")) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
