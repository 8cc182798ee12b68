#include "shared/email.h"

#include <catch2/catch.hpp>
#include <string>

#include "shared/messages.h"
#include "support.h"

using namespace sesame;
using sesame::testing::outcome;

TEST_CASE("check_email keeps plausible addresses, trimmed", "[email]") {
  using Row = std::pair<std::string, std::string>;  // typed, kept
  const Row row = GENERATE(values<Row>({
      {"emilie.dupont@exemple.fr", "emilie.dupont@exemple.fr"},
      {"  emilie.dupont@exemple.fr\u00A0", "emilie.dupont@exemple.fr"},
      {"E.Dupont+ent@Mail.Exemple.FR", "E.Dupont+ent@Mail.Exemple.FR"},
      {"zoé@exemple.fr", "zoé@exemple.fr"},
      {"a@b.co", "a@b.co"},
  }));
  const Checked<std::string> result = check_email(row.first);
  REQUIRE(result.ok());
  CHECK(*result == row.second);
}

TEST_CASE("check_email refuses what cannot be an address, in French", "[email]") {
  using Row = std::pair<std::string, std::string>;  // typed, code
  const Row row = GENERATE(values<Row>({
      {"", "email_required"},
      {"   ", "email_required"},
      {"emilie.dupont", "invalid_email"},
      {"@exemple.fr", "invalid_email"},
      {"emilie@", "invalid_email"},
      {"emilie@exemple", "invalid_email"},
      {"emilie@exemple.", "invalid_email"},
      {"emilie@.fr", "invalid_email"},
      {"emilie@@exemple.fr", "invalid_email"},
      {"emilie@a@exemple.fr", "invalid_email"},
      {"emilie dupont@exemple.fr", "invalid_email"},
      {"emilie;dupont@exemple.fr", "invalid_email"},
      {"<emilie@exemple.fr>", "invalid_email"},
      {"\"emilie\"@exemple.fr", "invalid_email"},
      {"emilie\t@exemple.fr", "invalid_email"},
      {"emilie\x01@exemple.fr", "invalid_email"},
      {"emilie\xC3@exemple.fr", "invalid_email"},
  }));
  const Checked<std::string> result = check_email(row.first);
  CHECK(outcome(result) == row.second);
  if (!result.ok()) CHECK(result.error().message == french_message(row.second));
}

TEST_CASE("check_email bounds the length at 254 bytes", "[email]") {
  const std::string domain = "@exemple.fr";
  CHECK(check_email(std::string(kEmailMaxLength - domain.size(), 'a') + domain).ok());
  CHECK(outcome(check_email(std::string(kEmailMaxLength - domain.size() + 1, 'a') + domain)) == "invalid_email");
}

TEST_CASE("the e-mail messages are the catalogue's French sentences", "[email]") {
  CHECK(check_email("").error().message == "Indiquez votre adresse mail.");
  CHECK(check_email("emilie").error().message ==
        "L'adresse mail n'est pas valide. Elle s'écrit par exemple prenom.nom@exemple.fr.");
}
