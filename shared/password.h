#pragma once
// The guide's password rules (step 7 bis), each reported on its own so the
// client can tick them live and the server can say which ones fail.
#include <array>
#include <optional>
#include <string_view>

#include "shared/checked.h"

namespace sesame {

enum class PasswordRule { Uppercase, Lowercase, Digit, Special, MinLength };
enum class PasswordStrength { Weak, Medium, Strong };

inline constexpr std::size_t kPasswordMinLength = 8;     // code points, per the guide
inline constexpr std::size_t kPasswordMaxLength = 128;   // code points; bounds hashing cost
// The guide's specials; μ (U+03BC) and µ (U+00B5) both count.
inline constexpr std::u32string_view kPasswordSpecials = U"!?@#$%&'*<>=\u03BC\u00B5/.;:";

struct PasswordRuleStatus {
  PasswordRule rule;
  bool satisfied;
};

struct PasswordCheck {
  // Refusals that are not one of the five rules: invalid UTF-8 ("password_invalid_text"),
  // control characters ("password_control_character"), longer than kPasswordMaxLength
  // ("password_too_long"). Empty when the text itself is acceptable.
  std::optional<FieldError> text_error;
  std::array<PasswordRuleStatus, 5> rules;  // in the guide's order
  PasswordStrength strength;
  std::size_t code_points;

  bool acceptable() const;  // no text error and every rule satisfied
};

PasswordCheck check_password(std::string_view utf8);

const char* password_rule_code(PasswordRule rule);   // "uppercase", "lowercase", "digit", "special", "min_length"
const char* password_rule_label(PasswordRule rule);  // the guide's line, e.g. "Doit contenir 1 majuscule"
const char* password_strength_label(PasswordStrength strength);  // "Faible", "Moyen", "Fort"

}  // namespace sesame
