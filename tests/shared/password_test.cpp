#include "shared/password.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "shared/french_list.h"
#include "support.h"

using namespace sesame;

namespace {

bool rule_ok(const PasswordCheck& check, PasswordRule rule) {
  for (const PasswordRuleStatus& status : check.rules) {
    if (status.rule == rule) return status.satisfied;
  }
  FAIL("rule missing from the check");
  return false;
}

std::string repeat(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE("The checklist shows the guide's five lines, in the guide's order", "[password]") {
  const PasswordCheck check = check_password("");
  REQUIRE(check.rules.size() == 5);
  CHECK(check.rules[0].rule == PasswordRule::Uppercase);
  CHECK(check.rules[1].rule == PasswordRule::Lowercase);
  CHECK(check.rules[2].rule == PasswordRule::Digit);
  CHECK(check.rules[3].rule == PasswordRule::Special);
  CHECK(check.rules[4].rule == PasswordRule::MinLength);

  CHECK(std::string(password_rule_label(PasswordRule::Uppercase)) == "Doit contenir 1 majuscule");
  CHECK(std::string(password_rule_label(PasswordRule::Lowercase)) == "Doit contenir 1 minuscule");
  CHECK(std::string(password_rule_label(PasswordRule::Digit)) == "Doit contenir 1 chiffre");
  CHECK(std::string(password_rule_label(PasswordRule::Special)) ==
        "Doit contenir 1 caractère spécial parmi ! ? @ # $ % & ' * < > = μ / . ; :");
  CHECK(std::string(password_rule_label(PasswordRule::MinLength)) == "Doit contenir 8 caractères minimum");
}

TEST_CASE("Rule codes and strength labels are stable", "[password]") {
  CHECK(std::string(password_rule_code(PasswordRule::Uppercase)) == "uppercase");
  CHECK(std::string(password_rule_code(PasswordRule::Lowercase)) == "lowercase");
  CHECK(std::string(password_rule_code(PasswordRule::Digit)) == "digit");
  CHECK(std::string(password_rule_code(PasswordRule::Special)) == "special");
  CHECK(std::string(password_rule_code(PasswordRule::MinLength)) == "min_length");
  CHECK(std::string(password_strength_label(PasswordStrength::Weak)) == "Faible");
  CHECK(std::string(password_strength_label(PasswordStrength::Medium)) == "Moyen");
  CHECK(std::string(password_strength_label(PasswordStrength::Strong)) == "Fort");
}

TEST_CASE("Each rule is reported on its own", "[password]") {
  struct Row {
    std::string password;
    bool upper, lower, digit, special, length;
  };
  const Row row = GENERATE(values<Row>({
      {"", false, false, false, false, false},       {"A", true, false, false, false, false},
      {"a", false, true, false, false, false},       {"7", false, false, true, false, false},
      {"!", false, false, false, true, false},       {"abcdefgh", false, true, false, false, true},
      {"ABCDEFGH", true, false, false, false, true}, {"12345678", false, false, true, false, true},
      {"!!!!!!!!", false, false, false, true, true}, {"Abcdefg1", true, true, true, false, true},
      {"Abcdef1!", true, true, true, true, true},    {"Abc1!", true, true, true, true, false},
      {"ÉCOLE", true, false, false, false, false},   {"école", false, true, false, false, false},
      {"Àç", true, true, false, false, false},       {"Œœ", true, true, false, false, false},
      {"ΣΩ", true, false, false, false, false},      {"σω", false, true, false, false, false},
      {"ЖЯ", true, false, false, false, false},      {"жя", false, true, false, false, false},
      {"Ééééé1!é", true, true, true, true, true},
  }));
  INFO(row.password);
  const PasswordCheck check = check_password(row.password);
  CHECK(rule_ok(check, PasswordRule::Uppercase) == row.upper);
  CHECK(rule_ok(check, PasswordRule::Lowercase) == row.lower);
  CHECK(rule_ok(check, PasswordRule::Digit) == row.digit);
  CHECK(rule_ok(check, PasswordRule::Special) == row.special);
  CHECK(rule_ok(check, PasswordRule::MinLength) == row.length);
  CHECK(check.acceptable() == (row.upper && row.lower && row.digit && row.special && row.length));
}

TEST_CASE("Every special of the guide counts, μ and µ included", "[password]") {
  const std::string special = GENERATE(as<std::string>{}, "!", "?", "@", "#", "$", "%", "&", "'", "*", "<",
                                       ">", "=", "μ", "µ", "/", ".", ";", ":");
  INFO(special);
  const PasswordCheck check = check_password("Abcdefg1" + special);
  CHECK(rule_ok(check, PasswordRule::Special));
  CHECK(check.acceptable());
}

TEST_CASE("Characters outside the guide's list are not specials", "[password]") {
  const std::string other = GENERATE(as<std::string>{}, "-", "_", "+", ",", "~", "^", "(", ")", "[", "]", "{",
                                     "}", "\"", "\\", "|", "`", "€", "§", "£", " ", "’", "«");
  INFO(other);
  const PasswordCheck check = check_password("Abcdefg1" + other);
  CHECK_FALSE(rule_ok(check, PasswordRule::Special));
  CHECK_FALSE(check.acceptable());
}

TEST_CASE("μ and µ count as specials only, not as small letters", "[password]") {
  const PasswordCheck check = check_password("ABCDEFG1μ");
  CHECK(rule_ok(check, PasswordRule::Special));
  CHECK_FALSE(rule_ok(check, PasswordRule::Lowercase));
  CHECK_FALSE(rule_ok(check_password("ABCDEFG1µ"), PasswordRule::Lowercase));
}

TEST_CASE("Only ASCII digits count as digits", "[password]") {
  CHECK_FALSE(rule_ok(check_password("Abcdefg!１"), PasswordRule::Digit));  // full-width one
  CHECK_FALSE(rule_ok(check_password("Abcdefg!²"), PasswordRule::Digit));
  CHECK(rule_ok(check_password("Abcdefg!0"), PasswordRule::Digit));
}

TEST_CASE("The length counts code points, not bytes", "[password]") {
  CHECK(check_password("éééé").code_points == 4);
  CHECK_FALSE(rule_ok(check_password("Aéé1!éé"), PasswordRule::MinLength));  // 7 code points, 11 bytes
  CHECK(rule_ok(check_password("Aéé1!ééé"), PasswordRule::MinLength));       // 8 code points
  CHECK_FALSE(rule_ok(check_password("Abcd1!x"), PasswordRule::MinLength));
  CHECK(rule_ok(check_password("Abcd1!xy"), PasswordRule::MinLength));
  CHECK(check_password("Abcd1!😀😀").code_points == 8);
  CHECK(check_password("Abcd1!😀😀").acceptable());
}

TEST_CASE("At most 128 code points", "[password]") {
  const std::string base = "Abc1!";
  const PasswordCheck longest = check_password(base + repeat("é", kPasswordMaxLength - base.size()));
  CHECK(longest.code_points == 128);
  CHECK_FALSE(longest.text_error.has_value());
  CHECK(longest.acceptable());

  const PasswordCheck too_long = check_password(base + repeat("é", kPasswordMaxLength - base.size() + 1));
  REQUIRE(too_long.text_error.has_value());
  CHECK(too_long.text_error->code == "password_too_long");
  CHECK(too_long.text_error->message == "Le mot de passe est trop long : 128 caractères au maximum.");
  CHECK_FALSE(too_long.acceptable());
}

TEST_CASE("Invalid UTF-8 is refused, the checklist stays live", "[password]") {
  const PasswordCheck check = check_password("Abcdefg1!\xC3");
  REQUIRE(check.text_error.has_value());
  CHECK(check.text_error->code == "password_invalid_text");
  CHECK(rule_ok(check, PasswordRule::Uppercase));
  CHECK(rule_ok(check, PasswordRule::Special));
  CHECK_FALSE(check.acceptable());
  CHECK(check.strength == PasswordStrength::Weak);
}

TEST_CASE("Control characters are refused: C0, DEL and C1", "[password]") {
  const std::string control = GENERATE(as<std::string>{}, std::string(1, '\0'), "\x01", "\t", "\n", "\r",
                                       "\x1F", "\x7F", "\xC2\x80", "\xC2\x85", "\xC2\x9F");
  const PasswordCheck check = check_password("Abcdef1!" + control + "xyz");
  REQUIRE(check.text_error.has_value());
  CHECK(check.text_error->code == "password_control_character");
  CHECK_FALSE(check.acceptable());
}

TEST_CASE("Spaces and other printable characters are allowed", "[password]") {
  const PasswordCheck check = check_password("Mon mot de passe 1 !");
  CHECK_FALSE(check.text_error.has_value());
  CHECK(check.acceptable());
}

TEST_CASE("Strength: Faible until the five rules hold, Fort when also long and varied", "[password]") {
  struct Row {
    std::string password;
    PasswordStrength strength;
  };
  const Row row = GENERATE(values<Row>({
      {"", PasswordStrength::Weak},
      {"abc", PasswordStrength::Weak},
      {"Abcdefghijklmnop1", PasswordStrength::Weak},  // long but no special
      {"Abcdef1!", PasswordStrength::Medium},         // the minimum
      {"Abcdefgh1!", PasswordStrength::Medium},       // 10 with one special
      {"Abcdefgh1!x", PasswordStrength::Medium},      // 11
      {"Abcdefg1!?", PasswordStrength::Strong},       // 10 with two specials
      {"Abcdefghi1!x", PasswordStrength::Strong},     // 12
      {"Aaaaaaaaaa1!", PasswordStrength::Medium},     // 12 but four different characters
      {"Aaaaaaaa1!?@", PasswordStrength::Strong},     // 12 with six different characters
      {"Éléphant-rose-7!", PasswordStrength::Strong},
  }));
  INFO(row.password);
  CHECK(check_password(row.password).strength == row.strength);
}

TEST_CASE("A refused text is always Faible", "[password]") {
  CHECK(check_password("Abcdefghijkl1!\t").strength == PasswordStrength::Weak);
  CHECK(check_password("Abcdefghijkl1!" + repeat("x", 200)).strength == PasswordStrength::Weak);
}

TEST_CASE("failed_rule_codes lists what is missing, in order", "[password]") {
  CHECK(failed_rule_codes(check_password("Abcdef1!")).empty());
  CHECK(failed_rule_codes(check_password("abc")) ==
        std::vector<std::string>{"uppercase", "digit", "special", "min_length"});
  CHECK(failed_rule_codes(check_password("ABCDEFGH1!")) == std::vector<std::string>{"lowercase"});
}

TEST_CASE("password_choice_error names every missing rule, then the confirmation", "[password]") {
  CHECK_FALSE(password_choice_error("Abcdef1!", "Abcdef1!").has_value());

  const auto policy = password_choice_error("abcdefgh", "abcdefgh");
  REQUIRE(policy.has_value());
  CHECK(policy->code == "password_policy");
  CHECK(policy->message == "Le mot de passe doit contenir 1 majuscule, 1 chiffre et 1 caractère spécial.");

  const auto one = password_choice_error("Abcdefg!", "Abcdefg!");
  REQUIRE(one.has_value());
  CHECK(one->message == "Le mot de passe doit contenir 1 chiffre.");

  const auto two = password_choice_error("Abc1!", "Abc1!");
  REQUIRE(two.has_value());
  CHECK(two->message == "Le mot de passe doit contenir 8 caractères minimum.");

  const auto mismatch = password_choice_error("Abcdef1!", "Abcdef1?");
  REQUIRE(mismatch.has_value());
  CHECK(*mismatch == FieldError{"password_mismatch", "Les deux mots de passe ne sont pas identiques."});

  const auto text = password_choice_error("Abcdef1!\x01", "Abcdef1!\x01");
  REQUIRE(text.has_value());
  CHECK(text->code == "password_control_character");
}

TEST_CASE("Lists are joined as a French sentence lists them", "[password]") {
  CHECK(french_list(std::vector<std::string>{}).empty());
  CHECK(french_list(std::vector<std::string>{"1 majuscule"}) == "1 majuscule");
  CHECK(french_list(std::vector<const char*>{"1 majuscule", "1 chiffre"}) == "1 majuscule et 1 chiffre");
  CHECK(french_list(std::vector<std::string>{"p.martin42", "p.martin43", "p.martin44"}) ==
        "p.martin42, p.martin43 et p.martin44");
}
