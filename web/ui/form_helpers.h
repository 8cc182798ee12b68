#pragma once
// What the form screens share: a field bound to the state through FieldEdited,
// the error of a field, the form's error alert.
#include <string>
#include <string_view>

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

// The refusal that concerns the whole form, above its buttons.
inline void form_error(Ui& ui, const AppState& state) {
  if (state.form_error.empty()) return;
  gap(ui, 16);
  alert(ui, "alerte.erreur", AlertKind::Error, "Ce n'est pas encore bon", state.form_error);
}

}  // namespace sesame::web::ui
