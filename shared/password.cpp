#include "shared/password.h"

#include <set>
#include <vector>

#include "shared/french_list.h"
#include "shared/letters.h"
#include "shared/messages.h"
#include "shared/utf8.h"

namespace sesame {

namespace {

bool is_password_special(char32_t cp) { return kPasswordSpecials.find(cp) != std::u32string_view::npos; }

// What the characters of a password add up to. A character counts for one
// class only: μ and µ are specials, not small letters, as the guide lists them.
struct Composition {
  std::size_t code_points = 0;
  std::size_t distinct = 0;
  std::size_t uppercase = 0;
  std::size_t lowercase = 0;
  std::size_t digits = 0;
  std::size_t specials = 0;
  bool has_control = false;
};

Composition compose(const std::u32string& text) {
  Composition c;
  c.code_points = text.size();
  c.distinct = std::set<char32_t>(text.begin(), text.end()).size();
  for (char32_t cp : text) {
    if (is_password_special(cp)) {
      ++c.specials;
    } else if (is_ascii_digit(cp)) {
      ++c.digits;
    } else if (is_upper_case(cp)) {
      ++c.uppercase;
    } else if (is_lower_case(cp)) {
      ++c.lowercase;
    } else if (is_control_character(cp)) {
      c.has_control = true;
    }
  }
  return c;
}

bool satisfies(const Composition& c, PasswordRule rule) {
  switch (rule) {
    case PasswordRule::Uppercase:
      return c.uppercase > 0;
    case PasswordRule::Lowercase:
      return c.lowercase > 0;
    case PasswordRule::Digit:
      return c.digits > 0;
    case PasswordRule::Special:
      return c.specials > 0;
    case PasswordRule::MinLength:
      return c.code_points >= kPasswordMinLength;
  }
  return false;
}

std::optional<FieldError> text_error(bool valid_utf8, const Composition& c) {
  if (!valid_utf8) return field_error("password_invalid_text");
  if (c.has_control) return field_error("password_control_character");
  if (c.code_points > kPasswordMaxLength) return field_error("password_too_long");
  return std::nullopt;
}

// The thresholds of "Fort" (the scheme is described in password.h).
constexpr std::size_t kStrongLength = 12;
constexpr std::size_t kStrongLengthWithTwoSpecials = 10;
constexpr std::size_t kStrongDistinctCharacters = 6;

PasswordStrength strength_of(const PasswordCheck& check, const Composition& c) {
  if (!check.acceptable()) return PasswordStrength::Weak;
  const bool long_enough =
      c.code_points >= kStrongLength || (c.code_points >= kStrongLengthWithTwoSpecials && c.specials >= 2);
  return long_enough && c.distinct >= kStrongDistinctCharacters ? PasswordStrength::Strong
                                                                : PasswordStrength::Medium;
}

// What a rule asks for, to finish "Le mot de passe doit contenir ..." (the
// checklist beside the field shows the full labels, specials included).
const char* requirement(PasswordRule rule) {
  switch (rule) {
    case PasswordRule::Uppercase:
      return "1 majuscule";
    case PasswordRule::Lowercase:
      return "1 minuscule";
    case PasswordRule::Digit:
      return "1 chiffre";
    case PasswordRule::Special:
      return "1 caractère spécial";
    case PasswordRule::MinLength:
      return "8 caractères minimum";
  }
  return "";
}

}  // namespace

bool PasswordCheck::acceptable() const {
  if (text_error) return false;
  for (const PasswordRuleStatus& status : rules) {
    if (!status.satisfied) return false;
  }
  return true;
}

PasswordCheck check_password(std::string_view utf8) {
  // Lossy decoding keeps the checklist live while a refusal is shown.
  const std::u32string text = decode_utf8_lossy(utf8);
  const Composition c = compose(text);

  PasswordCheck check{};
  check.text_error = text_error(is_valid_utf8(utf8), c);
  constexpr PasswordRule kGuideOrder[] = {PasswordRule::Uppercase, PasswordRule::Lowercase,
                                          PasswordRule::Digit, PasswordRule::Special,
                                          PasswordRule::MinLength};
  for (std::size_t i = 0; i < check.rules.size(); ++i) {
    check.rules[i] = {kGuideOrder[i], satisfies(c, kGuideOrder[i])};
  }
  check.code_points = c.code_points;
  check.strength = strength_of(check, c);
  return check;
}

std::vector<std::string> failed_rule_codes(const PasswordCheck& check) {
  std::vector<std::string> codes;
  for (const PasswordRuleStatus& status : check.rules) {
    if (!status.satisfied) codes.emplace_back(password_rule_code(status.rule));
  }
  return codes;
}

std::optional<FieldError> password_choice_error(std::string_view password, std::string_view confirmation) {
  const PasswordCheck check = check_password(password);
  if (check.text_error) return check.text_error;
  std::vector<const char*> missing;
  for (const PasswordRuleStatus& status : check.rules) {
    if (!status.satisfied) missing.push_back(requirement(status.rule));
  }
  if (!missing.empty()) {
    return FieldError{"password_policy", "Le mot de passe doit contenir " + french_list(missing) + "."};
  }
  if (password != confirmation) return field_error("password_mismatch");
  return std::nullopt;
}

const char* password_rule_code(PasswordRule rule) {
  switch (rule) {
    case PasswordRule::Uppercase:
      return "uppercase";
    case PasswordRule::Lowercase:
      return "lowercase";
    case PasswordRule::Digit:
      return "digit";
    case PasswordRule::Special:
      return "special";
    case PasswordRule::MinLength:
      return "min_length";
  }
  return "";
}

const char* password_rule_label(PasswordRule rule) {
  switch (rule) {
    case PasswordRule::Uppercase:
      return "Doit contenir 1 majuscule";
    case PasswordRule::Lowercase:
      return "Doit contenir 1 minuscule";
    case PasswordRule::Digit:
      return "Doit contenir 1 chiffre";
    case PasswordRule::Special:
      return "Doit contenir 1 caractère spécial parmi ! ? @ # $ % & ' * < > = \u03BC / . ; :";
    case PasswordRule::MinLength:
      return "Doit contenir 8 caractères minimum";
  }
  return "";
}

const char* password_strength_label(PasswordStrength strength) {
  switch (strength) {
    case PasswordStrength::Weak:
      return "Faible";
    case PasswordStrength::Medium:
      return "Moyen";
    case PasswordStrength::Strong:
      return "Fort";
  }
  return "";
}

}  // namespace sesame
