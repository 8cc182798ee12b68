// The guide's password rules (shared/password.h): what is judged acceptable
// satisfies each listed rule, counted again here from the code points; the
// checklist, the strength and the refusal sentence tell the same story.
#include <set>
#include <string>

#include "fuzz.h"
#include "shared/letters.h"
#include "shared/password.h"

namespace {

using namespace sesame;

// The rules as the guide states them, a character counting for one class only.
struct Counted {
  bool upper = false, lower = false, digit = false, special = false, control = false;
  std::size_t specials = 0;
};

Counted count_classes(const std::u32string& text) {
  Counted c;
  for (char32_t cp : text) {
    if (kPasswordSpecials.find(cp) != std::u32string_view::npos) {
      c.special = true;
      ++c.specials;
    } else if (cp >= U'0' && cp <= U'9') {
      c.digit = true;
    } else if (is_upper_case(cp)) {
      c.upper = true;
    } else if (is_lower_case(cp)) {
      c.lower = true;
    } else if (is_control_character(cp)) {
      c.control = true;
    }
  }
  return c;
}

bool rule_holds(const Counted& c, std::size_t length, PasswordRule rule) {
  switch (rule) {
    case PasswordRule::Uppercase:
      return c.upper;
    case PasswordRule::Lowercase:
      return c.lower;
    case PasswordRule::Digit:
      return c.digit;
    case PasswordRule::Special:
      return c.special;
    case PasswordRule::MinLength:
      return length >= kPasswordMinLength;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view password = fuzz::as_text(data, size);
  const PasswordCheck check = check_password(password);

  const PasswordCheck again = check_password(password);  // deterministic
  SESAME_FUZZ_CHECK(again.acceptable() == check.acceptable() && again.strength == check.strength &&
                    again.code_points == check.code_points && again.text_error == check.text_error);

  // The guide's order, each rule once.
  const PasswordRule order[] = {PasswordRule::Uppercase, PasswordRule::Lowercase, PasswordRule::Digit,
                                PasswordRule::Special, PasswordRule::MinLength};
  for (std::size_t i = 0; i < check.rules.size(); ++i) SESAME_FUZZ_CHECK(check.rules[i].rule == order[i]);

  // Each rule against the code points (invalid bytes read as U+FFFD, as the checklist does).
  const std::u32string text = decode_utf8_lossy(password);
  const Counted counted = count_classes(text);
  SESAME_FUZZ_CHECK(check.code_points == text.size());
  for (const PasswordRuleStatus& status : check.rules) {
    SESAME_FUZZ_CHECK(status.satisfied == rule_holds(counted, text.size(), status.rule));
  }

  // The text itself.
  const bool valid = is_valid_utf8(password);
  if (check.text_error) {
    fuzz::check_refusal(*check.text_error);
    SESAME_FUZZ_CHECK(!valid || counted.control || text.size() > kPasswordMaxLength);
  } else {
    SESAME_FUZZ_CHECK(valid && !counted.control && text.size() <= kPasswordMaxLength);
  }

  // Acceptable: a valid text and every rule.
  bool every_rule = true;
  for (const PasswordRuleStatus& status : check.rules) every_rule = every_rule && status.satisfied;
  SESAME_FUZZ_CHECK(check.acceptable() == (!check.text_error && every_rule));
  SESAME_FUZZ_CHECK(failed_rule_codes(check).empty() == every_rule);
  if (check.acceptable()) {
    SESAME_FUZZ_CHECK(counted.upper && counted.lower && counted.digit && counted.special);
    SESAME_FUZZ_CHECK(text.size() >= kPasswordMinLength && text.size() <= kPasswordMaxLength);
  }

  // Strength: weak exactly when refused; strong only when long and varied enough.
  const std::size_t distinct = std::set<char32_t>(text.begin(), text.end()).size();
  const bool strong_shape =
      (text.size() >= 12 || (text.size() >= 10 && counted.specials >= 2)) && distinct >= 6;
  if (!check.acceptable()) {
    SESAME_FUZZ_CHECK(check.strength == PasswordStrength::Weak);
  } else {
    SESAME_FUZZ_CHECK(check.strength == (strong_shape ? PasswordStrength::Strong : PasswordStrength::Medium));
  }

  // The choice with its confirmation: refused for the text, then the rules, then a mismatch.
  const std::optional<FieldError> same = password_choice_error(password, password);
  SESAME_FUZZ_CHECK(same.has_value() == !check.acceptable());
  if (same) {
    fuzz::check_refusal(*same);
    SESAME_FUZZ_CHECK(check.text_error ? *same == *check.text_error : same->code == "password_policy");
  } else {
    const std::optional<FieldError> other = password_choice_error(password, std::string(password) + "x");
    SESAME_FUZZ_CHECK(other && other->code == "password_mismatch");
  }

  // The rules only ask for more: one more small letter never undoes an acceptable password.
  if (check.acceptable() && text.size() < kPasswordMaxLength) {
    SESAME_FUZZ_CHECK(check_password(std::string(password) + "a").acceptable());
  }
  return 0;
}
