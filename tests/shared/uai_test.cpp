#include "shared/uai.h"

#include <catch2/catch.hpp>
#include <string>

#include "support.h"

using namespace sesame;
using sesame::testing::outcome;

TEST_CASE("The check letter is the number modulo 23 in ABCDEFGHJKLMNPRSTUVWXYZ", "[uai]") {
  const std::string letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  for (int n = 0; n < 46; ++n) {
    std::string digits = std::to_string(n);
    digits.insert(0, 7 - digits.size(), '0');
    INFO(digits);
    CHECK(uai_check_letter(digits) == letters[n % 23]);
  }
  CHECK(uai_check_letter("9999999") == letters[9999999 % 23]);
}

TEST_CASE("The guide's schools", "[uai]") {
  CHECK(uai_check_letter("0500048") == 'F');
  CHECK(is_valid_uai("0500048F"));  // CLG LES COURTILS
  CHECK(is_valid_uai("0501271K"));  // E.P.U JOSEPHINE BAKER
  // The first page of the guide writes 0502271K: a typo, its letter would be X.
  CHECK_FALSE(is_valid_uai("0502271K"));
  CHECK(uai_check_letter("0502271") == 'X');
  CHECK(is_valid_uai("0502271X"));
}

TEST_CASE("uai_check_letter needs exactly seven digits", "[uai]") {
  for (const char* bad : {"", "050004", "05000488", "050004a", " 0500048", "05000-8"}) {
    INFO(bad);
    CHECK_FALSE(uai_check_letter(bad).has_value());
  }
}

TEST_CASE("is_valid_uai wants the exact shape", "[uai]") {
  for (const char* bad : {"", "0500048", "0500048f", "0500048FF", "050048F", "05000481", "O500048F",
                          " 0500048F", "0500048 F", "0500048G", "0500048I"}) {
    INFO(bad);
    CHECK_FALSE(is_valid_uai(bad));
  }
}

TEST_CASE("normalize_uai trims and upper-cases, then checks", "[uai]") {
  CHECK(normalize_uai("0500048F").value() == "0500048F");
  CHECK(normalize_uai("  0500048f\t").value() == "0500048F");
  CHECK(normalize_uai("0501271k").value() == "0501271K");

  struct Row {
    std::string typed;
    std::string code;
  };
  const Row row = GENERATE(values<Row>({
      {"", "uai_required"},
      {"   ", "uai_required"},
      {"050048F", "uai_invalid_format"},
      {"0500048", "uai_invalid_format"},
      {"0500048FF", "uai_invalid_format"},
      {"05000481", "uai_invalid_format"},
      {"0500 048F", "uai_invalid_format"},
      {"0500048É", "uai_invalid_format"},
      {"0502271K", "uai_invalid_check_letter"},
      {"0500048G", "uai_invalid_check_letter"},
  }));
  INFO(row.typed);
  CHECK(outcome(normalize_uai(row.typed)) == row.code);
}

TEST_CASE("UAI messages are in French", "[uai]") {
  CHECK(normalize_uai("").error().message ==
        "Indiquez le code UAI de l'établissement, par exemple 0500048F.");
  CHECK(normalize_uai("123").error().message ==
        "Le code UAI compte 7 chiffres suivis d'une lettre, par exemple 0500048F.");
  CHECK(
      normalize_uai("0502271K").error().message ==
      "Ce code UAI n'existe pas : la lettre ne correspond pas aux chiffres. Vérifiez-le sur les documents de "
      "l'établissement.");
}
