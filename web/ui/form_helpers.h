#pragma once
// What the form screens share: a field bound to the state through FieldEdited,
// the error of a field, the form's error alert and its buttons.
#include <string>
#include <string_view>
#include <vector>

#include "shared/password.h"
#include "web/ui/screens.h"

namespace sesame::web::ui {

inline std::string_view error_of(const AppState& state, Field field) {
  const auto it = state.field_errors.find(field);
  return it == state.field_errors.end() ? std::string_view{} : std::string_view(it->second);
}

// A text field showing `value`; what the parent types goes back as FieldEdited.
inline void bound_field(Ui& ui, const AppState& state, Field field, std::string_view test_id, std::string_view label,
                        std::string_view hint, const std::string& value, FieldPurpose purpose, int index = 0,
                        std::string_view error = {}) {
  std::string edited = value;
  if (text_field(ui, test_id, label, hint, edited, purpose, error.empty() ? error_of(state, field) : error,
                 !state.busy))
    ui.emit(FieldEdited{field, edited, index});
}

inline void bound_password(Ui& ui, const AppState& state, Field field, std::string_view test_id,
                           std::string_view label, std::string_view hint, const std::string& value, bool shown,
                           FieldPurpose purpose) {
  std::string edited = value;
  bool now_shown = shown;
  if (password_field(ui, test_id, label, hint, edited, now_shown, purpose, error_of(state, field), !state.busy))
    ui.emit(FieldEdited{field, edited});
  if (now_shown != shown) ui.emit(PasswordShownToggled{});
}

// A phone number or a code that must not break across lines: its spaces made non-breaking.
inline std::string unbreakable(std::string_view text) {
  std::string out;
  for (char c : text) out += c == ' ' ? std::string("\u00A0") : std::string(1, c);
  return out;
}

// A wait in French words: "1 seconde", "45 secondes", "1 min 05 s".
inline std::string countdown_text(int seconds) {
  if (seconds < 60) return std::to_string(seconds) + (seconds > 1 ? " secondes" : " seconde");
  const int s = seconds % 60;
  return std::to_string(seconds / 60) + " min " + (s < 10 ? "0" : "") + std::to_string(s) + " s";
}

// Every field of Sésame's forms is needed: said once before the first one (RGAA 11.10),
// as each <input> also says with aria-required.
inline void required_fields_note(Ui& ui) {
  paragraph(ui, "champs-obligatoires", "Tous les champs sont obligatoires.", color::kTextMention);
}

// The refusal that concerns the whole form, above its buttons.
inline void form_error(Ui& ui, const AppState& state) {
  if (state.form_error.empty()) return;
  gap(ui, 16);
  alert(ui, "alerte.erreur", AlertKind::Error, "Ce n'est pas encore bon", state.form_error);
}

// The form's main button, under its refusal: across the column, busy while the
// request it sent is in flight. True when pressed.
inline bool submit_button(Ui& ui, const AppState& state, std::string_view test_id, std::string_view label) {
  form_error(ui, state);
  gap(ui, 32);
  return button(ui, test_id, label, ButtonStyle::Primary, true, true, state.busy);
}

// A button under the form's main one ("Précédent", "Annuler", "Renvoyer le code"):
// across the column, not pressable while the form's request is in flight. True when pressed.
inline bool secondary_button(Ui& ui, const AppState& state, std::string_view test_id,
                             std::string_view label) {
  gap(ui, 12);
  return button(ui, test_id, label, ButtonStyle::Secondary, !state.busy, true);
}

// "Mot de passe oublié ?" over the stepper of its three steps, `step` counting from 1.
inline void password_recovery_heading(Ui& ui, int step) {
  static constexpr std::string_view kSteps[] = {"J'indique mon identifiant", "Je saisis le code reçu par SMS",
                                                "Je choisis mon nouveau mot de passe"};
  title(ui, "titre", "Mot de passe oublié ?");
  gap(ui, 16);
  stepper(ui, step, 3, kSteps[step - 1], step < 3 ? kSteps[step] : std::string_view{}, 2);
}

// The strength and the five rules of a new password, each ticking as the parent types.
inline void password_rules(Ui& ui, const std::string& password) {
  const PasswordCheck check = check_password(password);
  if (!password.empty())
    paragraph(ui, "force", std::string("Force du mot de passe : ") + password_strength_label(check.strength),
              color::kTextMention);
  gap(ui, 8);
  paragraph(ui, "regles.titre", "Votre mot de passe doit contenir :", color::kTextMention);
  begin_list(ui, "regles", "Votre mot de passe doit contenir :");
  for (const PasswordRuleStatus& rule : check.rules) {
    const std::string mark = rule.satisfied ? "✓ " : "• ";
    paragraph(ui, std::string("regle.") + password_rule_code(rule.rule), mark + password_rule_label(rule.rule),
              rule.satisfied ? color::kSuccess : color::kTextMention);
  }
  end_list(ui);
}

// What the screens choosing a password (account creation, "Mot de passe oublié ?",
// "Modifier mon mot de passe") name their two fields.
struct NewPasswordFields {
  Field password;
  std::string_view password_label;
  Field confirmation;
  std::string_view confirmation_label;
};

// A new password typed twice: "nouveau-mot-de-passe" with its rules ticking as the
// parent types, then "confirmation"; one eye shows or masks both.
inline void new_password_fields(Ui& ui, const AppState& state, const NewPasswordFields& fields,
                                const std::string& password, const std::string& confirmation, bool shown) {
  bound_password(ui, state, fields.password, "nouveau-mot-de-passe", fields.password_label, {}, password,
                 shown, kPurposeNewPassword);
  gap(ui, 12);
  password_rules(ui, password);
  gap(ui, 16);
  bound_password(ui, state, fields.confirmation, "confirmation", fields.confirmation_label, {}, confirmation,
                 shown, kPurposeNewPassword);
}

// One child with its school and the parent's answer: "Je suis / Je ne suis pas le
// représentant légal de cet élève" (GuardianAnswered), "Né(e) le" (FieldEdited of
// birth_date_field). Test ids start with `prefix` ("enfant.0"). In screen_activation_children.cpp.
void draw_child_answer(Ui& ui, const AppState& state, const ChildForm& form, int index, const std::string& prefix,
                       Field birth_date_field);
// The children's step of account creation and of a parent's first sign-in: what to do,
// the required-fields note, one draw_child_answer() per child ("enfant.0"…), the form's
// refusal and "Confirmer" (ChildrenSubmitted). In screen_activation_children.cpp.
void draw_children_answers(Ui& ui, const AppState& state, const std::vector<ChildForm>& children,
                           Field birth_date_field);

// "Identifiant" and "Mot de passe" with their "… oublié ?" links (leading to the two
// addresses given), the refusal and "Se connecter": what the parents' and the pupils'
// sign-in screens share. In screen_sign_in.cpp.
void sign_in_fields(Ui& ui, const AppState& state, std::string_view forgotten_identifier,
                    std::string_view forgotten_password);

// The staff console's and the person page's header: the staff member, their school (a
// choice when several), "Se déconnecter". In screen_staff_console.cpp.
void staff_header(Ui& ui, const AppState& state);
// A person of a list (search, missing, related), a tile that opens their page. In
// screen_staff_console.cpp.
void staff_person_tile(Ui& ui, const AppState& state, const std::string& test_id, const api::PersonSummary& person);

// "Indicatif du pays": +33 and the overseas codes as tiles; a pick goes back as
// DialCodePicked. In screen_activation_identity.cpp.
void dial_code_selector(Ui& ui, const std::string& dial_code);

// How both "Mon compte" pages end, the parents' and the pupils': "Accéder à mes
// services" (ServicesPressed) and "Se déconnecter" (SignOutPressed). In screen_account.cpp.
void services_and_sign_out(Ui& ui);

}  // namespace sesame::web::ui
