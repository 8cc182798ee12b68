// The staff sign-in's second factor: the six digits of the authenticator app, or one
// of the ten recovery codes (#/personnel/code).
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_staff_code(Ui& ui, const AppState& state) {
  const StaffSignInForm& form = state.staff.sign_in;
  if (form.use_recovery_code) {
    title(ui, "titre", "Code de secours");
    gap(ui, 16);
    paragraph(ui, "aide.code",
              "Saisissez l'un des dix codes de secours reçus à la création de votre accès. Chaque code ne sert "
              "qu'une fois.",
              color::kTextMention);
  } else {
    title(ui, "titre", "Code de votre application d'authentification");
    gap(ui, 16);
    paragraph(ui, "aide.code",
              "Ouvrez votre application d'authentification et saisissez le code à 6 chiffres affiché pour "
              "Sésame. Il change toutes les 30 secondes.",
              color::kTextMention);
  }
  gap(ui, 24);
  required_fields_note(ui);
  gap(ui, 16);
  if (form.use_recovery_code)
    bound_field(ui, state, Field::StaffRecoveryCode, "code-secours", "Code de secours", "Exemple : 4f7k-9qzm",
                form.recovery_code, FieldPurpose{"text", "off"});
  else
    bound_field(ui, state, Field::StaffTotpCode, "code", "Code à 6 chiffres", "Exemple : 123456", form.code,
                kPurposeCode);
  if (submit_button(ui, state, "valider", "Valider")) ui.emit(StaffCodeSubmitted{});
  gap(ui, 16);
  const char* other = form.use_recovery_code ? "Utiliser mon application d'authentification"
                                             : "Utiliser un code de secours";
  if (link_button(ui, "changer-code", other, "#/personnel/code") && !state.busy) ui.emit(StaffRecoveryCodeToggled{});
  if (secondary_button(ui, state, "precedent", "Précédent")) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
