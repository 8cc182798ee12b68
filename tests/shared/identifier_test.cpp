#include "shared/identifier.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "shared/messages.h"
#include "support.h"

using namespace sesame;

namespace {

bool nothing_taken(std::string_view) { return false; }

// Records every candidate tried; `taken` says which ones are in use.
struct Directory {
  std::set<std::string> taken;
  std::vector<std::string> tried;

  std::function<bool(std::string_view)> predicate() {
    return [this](std::string_view id) {
      tried.emplace_back(id);
      return taken.count(std::string(id)) > 0;
    };
  }
};

std::string two_digits(int n) {
  return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

}  // namespace

TEST_CASE("is_identifier_format follows ^[a-z]\\.[a-z]{1,20}[0-9]{2,3}$", "[identifier]") {
  for (const char* good : {"e.dupont07", "e.dupont00", "e.dupont99", "e.dupont100", "e.dupont999", "a.b12",
                           "z.abcdefghijklmnopqrst42", "e.dupont007"}) {
    INFO(good);
    CHECK(is_identifier_format(good));
  }
  for (const char* bad :
       {"", "e.dupont", "e.dupont7", "e.dupont1234", "E.dupont07", "e.Dupont07", "ed.upont07", "e-dupont07",
        "edupont07", ".dupont07", "e.07", "e.dupont-martin07", "e.dupont07a", "e.dupo1nt07",
        "z.abcdefghijklmnopqrstu42", "é.dupont07", " e.dupont07", "e.dupont07 "}) {
    INFO(bad);
    CHECK_FALSE(is_identifier_format(bad));
  }
}

TEST_CASE("The guide's example: Emilie DUPONT", "[identifier]") {
  CHECK(generate_identifier("Emilie", "DUPONT", nothing_taken, 7).value() == "e.dupont07");
  CHECK(generate_identifier("Émilie", "Dupont", nothing_taken, 7).value() == "e.dupont07");
  CHECK(generate_identifier("Emilie", "DUPONT", nothing_taken).value() == "e.dupont00");
}

TEST_CASE("The prefix comes from normalised names", "[identifier]") {
  struct Row {
    std::string first, last, expected;
  };
  const Row row = GENERATE(values<Row>({
      {"Jean-Pierre", "Dupont-Martin", "j.dupontmartin42"},
      {"Zoé", "de la Tour", "z.delatour42"},
      {"Zoé", "D’Angelo", "z.dangelo42"},
      {"Œlle", "Lefèvre", "o.lefevre42"},
      {"  Ève ", "  Strauß ", "e.strauss42"},
      {"Łucja", "Wałęsa", "l.walesa42"},
      {"Anne", "Wolfeschlegelsteinhausenbergerdorff", "a.wolfeschlegelsteinha42"},
      {"Anne", "Du Pont De La Grande Rivière Du Nord", "a.dupontdelagranderivi42"},
  }));
  const Checked<std::string> id = generate_identifier(row.first, row.last, nothing_taken, 42);
  REQUIRE(id.ok());
  CHECK(*id == row.expected);
  CHECK(is_identifier_format(*id));
}

TEST_CASE("The last name part is cut at kIdentifierNameMaxLength letters", "[identifier]") {
  const std::string id = generate_identifier("Anne", std::string(50, 'x'), nothing_taken, 1).value();
  CHECK(id == "a." + std::string(kIdentifierNameMaxLength, 'x') + "01");
}

TEST_CASE("Names without a Latin letter get no identifier", "[identifier]") {
  for (auto [first, last] : {std::pair{"Иван", "Dupont"}, std::pair{"Jean", "Иванов"},
                             std::pair{"", "Dupont"}, std::pair{"Jean", "--"}}) {
    INFO(first << " " << last);
    const Checked<std::string> id = generate_identifier(first, last, nothing_taken, 0);
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().code == "identifier_unavailable");
    CHECK(id.error().message ==
          "Impossible de créer un identifiant : le nom et le prénom doivent contenir au moins une lettre de "
          "l'alphabet latin. Contactez l'établissement.");
  }
}

TEST_CASE("Suffixes start at first_suffix and wrap around modulo 100", "[identifier]") {
  Directory directory;
  directory.taken = {"e.dupont98", "e.dupont99"};
  CHECK(generate_identifier("Emilie", "Dupont", directory.predicate(), 98).value() == "e.dupont00");
  CHECK(directory.tried == std::vector<std::string>{"e.dupont98", "e.dupont99", "e.dupont00"});
}

TEST_CASE("first_suffix outside 0..99 is taken modulo 100", "[identifier]") {
  CHECK(generate_identifier("Emilie", "Dupont", nothing_taken, 107).value() == "e.dupont07");
  CHECK(generate_identifier("Emilie", "Dupont", nothing_taken, -1).value() == "e.dupont99");
  CHECK(generate_identifier("Emilie", "Dupont", nothing_taken, -100).value() == "e.dupont00");
}

TEST_CASE("Three digits once the 100 two-digit suffixes are taken, in order", "[identifier]") {
  Directory directory;
  for (int n = 0; n < 100; ++n) directory.taken.insert("e.dupont" + two_digits(n));
  CHECK(generate_identifier("Emilie", "Dupont", directory.predicate(), 37).value() == "e.dupont100");
  REQUIRE(directory.tried.size() == 101);
  for (int i = 0; i < 100; ++i) CHECK(directory.tried[i] == "e.dupont" + two_digits((37 + i) % 100));
  CHECK(directory.tried.back() == "e.dupont100");

  directory.taken.insert({"e.dupont100", "e.dupont101"});
  CHECK(generate_identifier("Emilie", "Dupont", directory.predicate(), 0).value() == "e.dupont102");
  CHECK(is_identifier_format("e.dupont102"));
}

TEST_CASE("Every one of the 1000 identifiers taken: identifier_unavailable", "[identifier]") {
  Directory directory;
  const auto all_taken = [&](std::string_view id) {
    directory.tried.emplace_back(id);
    return true;
  };
  const Checked<std::string> id = generate_identifier("Emilie", "Dupont", all_taken, 5);
  REQUIRE_FALSE(id.ok());
  CHECK(id.error() == FieldError{"identifier_unavailable", french_message("identifier_unavailable")});
  REQUIRE(directory.tried.size() == 1000);
  CHECK(directory.tried[0] == "e.dupont05");
  CHECK(directory.tried[99] == "e.dupont04");
  CHECK(directory.tried[100] == "e.dupont100");
  CHECK(directory.tried[999] == "e.dupont999");
  CHECK(std::set<std::string>(directory.tried.begin(), directory.tried.end()).size() == 1000);
  for (const std::string& tried : directory.tried) CHECK(is_identifier_format(tried));
}

TEST_CASE("normalize_identifier tidies what the sign-in form sends", "[identifier]") {
  CHECK(normalize_identifier("e.dupont07").value() == "e.dupont07");
  CHECK(normalize_identifier("  E.Dupont07 ").value() == "e.dupont07");
  CHECK(normalize_identifier("E.DUPONT100").value() == "e.dupont100");
  CHECK(normalize_identifier("").error().code == "identifier_required");
  CHECK(normalize_identifier("   ").error().code == "identifier_required");
  CHECK(normalize_identifier("dupont").error() ==
        FieldError{"identifier_invalid_format",
                   "L'identifiant s'écrit au format p.nomXX, par exemple e.dupont07."});
  CHECK(normalize_identifier("é.dupont07").error().code == "identifier_invalid_format");
}
