#pragma once
// The guide's password rules (step 7 bis), each reported on its own so the
// client can tick them live and the server can say which ones fail.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/checked.h"

namespace sesame {

enum class PasswordRule { Uppercase, Lowercase, Digit, Special, MinLength };
// The strength shown above the checklist ("Faible", "Moyen", "Fort"):
//   Weak    while any of the five rules fails, or the text itself is refused;
//   Medium  when the five rules hold;
//   Strong  when they hold and the password has at least 12 code points (or 10
//           with at least two specials) and at least 6 different characters,
//           so that "Aaaaaaaaaa1!" stays Medium.
enum class PasswordStrength { Weak, Medium, Strong };

inline constexpr std::size_t kPasswordMinLength = 8;    // code points, per the guide
inline constexpr std::size_t kPasswordMaxLength = 128;  // code points; bounds hashing cost
// The guide's specials; μ (U+03BC) and µ (U+00B5) both count, as specials only
// (not as small letters). Upper and small letters include accented Latin,
// Greek and Cyrillic ones (shared/letters.h); digits are ASCII 0-9.
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

// Never fails: invalid text is reported in text_error while the rules are
// still evaluated, so the checklist stays live as the parent types.
PasswordCheck check_password(std::string_view utf8);

// password_rule_code() of each rule that fails, in the guide's order (the API's
// "failed_rules" of a password_policy error).
std::vector<std::string> failed_rule_codes(const PasswordCheck& check);

// Why a new password and its confirmation are refused, in the order the parent
// can fix it: the text itself, then the guide's rules ("password_policy", every
// missing rule named in one sentence), then "password_mismatch". nullopt when
// the choice is acceptable.
std::optional<FieldError> password_choice_error(std::string_view password, std::string_view confirmation);

// "uppercase", "lowercase", "digit", "special", "min_length".
const char* password_rule_code(PasswordRule rule);
// The guide's line, e.g. "Doit contenir 1 majuscule".
const char* password_rule_label(PasswordRule rule);
// "Faible", "Moyen", "Fort".
const char* password_strength_label(PasswordStrength strength);

}  // namespace sesame
