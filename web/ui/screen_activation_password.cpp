// The guide's step 8 bis: "Je choisis mon nouveau mot de passe", its five rules
// ticking as the parent types, the strength, the confirmation.
#include "shared/password.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_activation_password(Ui& ui, const AppState& state) {
  stepper(ui, 4, 4, "Je choisis mon nouveau mot de passe", {});
  gap(ui, 24);
  const ActivationForm& form = state.activation;
  bound_password(ui, state, Field::NewPassword, "nouveau-mot-de-passe", "Mot de passe", {}, form.password,
                 form.password_shown, kPurposeNewPassword);
  gap(ui, 12);
  const PasswordCheck check = check_password(form.password);
  if (!form.password.empty())
    paragraph(ui, "force", std::string("Force du mot de passe : ") + password_strength_label(check.strength),
              color::kTextMention);
  gap(ui, 8);
  paragraph(ui, "regles.titre", "Votre mot de passe doit contenir :", color::kTextMention);
  for (const PasswordRuleStatus& rule : check.rules) {
    const std::string mark = rule.satisfied ? "✓ " : "• ";
    paragraph(ui, std::string("regle.") + password_rule_code(rule.rule), mark + password_rule_label(rule.rule),
              rule.satisfied ? color::kSuccess : color::kTextMention);
  }
  gap(ui, 16);
  bound_password(ui, state, Field::PasswordConfirmation, "confirmation", "Confirmation du mot de passe", {},
                 form.confirmation, form.password_shown, kPurposeNewPassword);
  form_error(ui, state);
  gap(ui, 32);
  if (button(ui, "suivant", "Suivant", ButtonStyle::Primary, true, true, state.busy)) ui.emit(PasswordSubmitted{});
}

}  // namespace sesame::web::ui
