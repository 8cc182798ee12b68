#include "shared/names.h"

#include <catch2/catch.hpp>
#include <string>

#include "shared/messages.h"
#include "support.h"

using namespace sesame;
using sesame::testing::outcome;

TEST_CASE("check_person_name accepts names as written, tidied", "[names]") {
  using Row = std::pair<std::string, std::string>;  // typed, kept
  const Row row = GENERATE(values<Row>({
      {"Dupont", "Dupont"},
      {"  Dupont  ", "Dupont"},
      {"Jean   Pierre", "Jean Pierre"},
      {"Jean\tPierre", "Jean Pierre"},
      {"Jean\u00A0Pierre", "Jean Pierre"},
      {"Jean-Pierre", "Jean-Pierre"},
      {"Zoé D’Angelo", "Zoé D’Angelo"},
      {"O'Connor", "O'Connor"},
      {"Dʼ Angelo", "Dʼ Angelo"},
      {"St. John", "St. John"},
      {"de la Tour", "de la Tour"},
      {"Lætitia", "Lætitia"},
      {"Œdipe", "Œdipe"},
      {"Łukasz Wałęsa", "Łukasz Wałęsa"},
      {"Ștefan", "Ștefan"},
      {"Nguyễn", "Nguyễn"},
      {"Zoe\u0301", "Zoe\u0301"},  // é typed as e + combining accent
      {"Иван", "Иван"},
      {"Ζωή", "Ζωή"},
  }));
  const Checked<std::string> name = check_person_name(row.first, "Nom");
  REQUIRE(name.ok());
  CHECK(*name == row.second);
  CHECK_FALSE(name_match_key(*name).empty());
}

TEST_CASE("check_person_name refusals name the field", "[names]") {
  CHECK(check_person_name("", "Nom").error() == FieldError{"name_required", "Indiquez votre nom."});
  CHECK(check_person_name(" \t ", "Prénom").error() == FieldError{"name_required", "Indiquez votre prénom."});
  CHECK(
      check_person_name("Jean3", "Prénom").error() ==
      FieldError{"name_invalid_characters",
                 "Le prénom contient un caractère non autorisé : « 3 ». Utilisez uniquement des lettres, des "
                 "espaces, des traits d'union, des apostrophes et des points."});
  CHECK(check_person_name("Du@pont#", "Nom").error().message ==
        "Le nom contient des caractères non autorisés : « @ », « # ». Utilisez uniquement des lettres, des "
        "espaces, des traits d'union, des apostrophes et des points.");
  CHECK(check_person_name("Du\x01pont", "Nom").error().message ==
        "Le nom contient un caractère invisible non autorisé. Utilisez uniquement des lettres, des espaces, "
        "des traits d'union, des apostrophes et des points.");
  CHECK(check_person_name("--", "Nom").error() ==
        FieldError{"name_no_letter", "Le nom doit contenir au moins une lettre."});
  CHECK(check_person_name("Dupont\xC3", "Nom").error() ==
        FieldError{"name_invalid_text", "Le nom contient des caractères illisibles. Retapez-le."});
}

TEST_CASE("check_person_name refuses what is not part of a name", "[names]") {
  const std::string typed =
      GENERATE(as<std::string>{}, "Jean2", "Jean_Pierre", "Jean,Pierre", "Jean/Pierre", "Jean (Pierre)",
               "Jean!", "😀", "\u0301Zoe", "Jean\u200BPierre", "µ", "ª");
  INFO(typed);
  const Checked<std::string> name = check_person_name(typed, "Nom");
  CHECK(outcome(name) == "name_invalid_characters");
}

TEST_CASE("A name is at most 64 code points", "[names]") {
  std::string longest;
  for (std::size_t i = 0; i < kNameMaxLength; ++i) longest += "é";
  CHECK(check_person_name(longest, "Nom").ok());
  CHECK(check_person_name(longest + "e", "Nom").error() ==
        FieldError{"name_too_long", "Le nom est trop long : 64 caractères au maximum."});
  // Spaces folded before counting.
  CHECK(check_person_name("  " + longest + "  ", "Nom").ok());
}

TEST_CASE("Every name refusal code has a catalogue message", "[names]") {
  for (const char* typed : {"", "Jean3", "--", "Dupont\xC3"}) {
    CHECK(has_french_message(check_person_name(typed, "Nom").error().code));
  }
}

TEST_CASE("name_match_key ignores case, accents, spaces, hyphens, apostrophes and dots", "[names]") {
  using Row = std::pair<std::string, std::string>;
  const Row row = GENERATE(values<Row>({
      {"Zoé D’Angelo", "ZOEDANGELO"},
      {"ZOE D'ANGELO", "ZOEDANGELO"},
      {"zoe dangelo", "ZOEDANGELO"},
      {"Zoé Dʼ Angelo", "ZOEDANGELO"},
      {"Zoe\u0301 D'Angelo", "ZOEDANGELO"},
      {"Émilie", "EMILIE"},
      {"EMILIE", "EMILIE"},
      {"Jean-Pierre", "JEANPIERRE"},
      {"Jean Pierre", "JEANPIERRE"},
      {"J.-P. Martin", "JPMARTIN"},
      {"  de la   Tour ", "DELATOUR"},
      {"Lætitia", "LAETITIA"},
      {"Œdipe", "OEDIPE"},
      {"cœur", "COEUR"},
      {"Strauß", "STRAUSS"},
      {"François", "FRANCOIS"},
      {"Wałęsa", "WALESA"},
      {"Dvořák", "DVORAK"},
      {"Şahin", "SAHIN"},
      {"Žižek", "ZIZEK"},
      {"Erdős", "ERDOS"},
      {"Mądry", "MADRY"},
      {"Ștefan Țăran", "STEFANTARAN"},
      {"Nguyễn Thị", "NGUYENTHI"},
      {"Ðorđević", "DORDEVIC"},
      {"Þór", "THOR"},
      {"Øyvind", "OYVIND"},
      {"Ĳsselmeer", "IJSSELMEER"},
      {"Иван", "ИВАН"},
      {"иван", "ИВАН"},
      {"Ζωή", "ΖΩΉ"},  // Greek keeps its tonos: only Latin letters are folded
  }));
  INFO(row.first);
  CHECK(name_match_key(row.first) == row.second);
}

TEST_CASE("Different names keep different keys", "[names]") {
  CHECK(name_match_key("Martin") != name_match_key("Martine"));
  CHECK(name_match_key("Иван") != name_match_key("Пётр"));
  CHECK(name_match_key("Dupont") != name_match_key("Dupond"));
}

TEST_CASE("name_identifier_part keeps lower-case ASCII letters", "[names]") {
  CHECK(name_identifier_part("Dupont-Martin") == "dupontmartin");
  CHECK(name_identifier_part("de la Tour") == "delatour");
  CHECK(name_identifier_part("Lefèvre") == "lefevre");
  CHECK(name_identifier_part("D’Angelo") == "dangelo");
  CHECK(name_identifier_part("Œdipe") == "oedipe");
  CHECK(name_identifier_part("Émilie") == "emilie");
  CHECK(name_identifier_part("Иван") == "");
  CHECK(name_identifier_part("") == "");
}

TEST_CASE("upper_name keeps accents", "[names]") {
  CHECK(upper_name("Dupont") == "DUPONT");
  CHECK(upper_name("Lefèvre") == "LEFÈVRE");
  CHECK(upper_name("Zoé d’Angelo") == "ZOÉ D’ANGELO");
  CHECK(upper_name("Lætitia") == "LÆTITIA");
  CHECK(upper_name("cœur") == "CŒUR");
  CHECK(upper_name("Łukasz") == "ŁUKASZ");
  CHECK(upper_name("Strauß") == "STRAUß");
  CHECK(upper_name("Иван") == "ИВАН");
  CHECK(upper_name("DUPONT") == "DUPONT");
}
