// The demonstration data: the guide's Dupont family and the other cases.
#include "server/directory/demo.h"

#include <catch2/catch.hpp>

#include "server/directory/directory.h"
#include "shared/names.h"
#include "shared/uai.h"
#include "support.h"

using namespace sesame::directory;
using sesame::store::Connection;
using sesame::store::Database;
using sesame::testing::TempDir;

namespace {

ImportReport load_demo(Connection& connection) {
  ImportOptions options;
  options.today = sesame::Date{2026, 9, 1};
  return import_directory(connection, demo_files(), options);
}

std::vector<Guardian> lookup(Connection& connection, std::string_view last, std::string_view first,
                             std::string_view mobile) {
  return find_guardians_by_identity(connection, sesame::name_match_key(last), sesame::name_match_key(first),
                                    mobile);
}

// A child whose guardian is their legal representative: first name, birth date and school.
void check_child(const Child& child, const std::string& first_name, const std::string& birth_date,
                 const School& school) {
  INFO(first_name);
  CHECK(child.first_name == first_name);
  CHECK(child.birth_date == birth_date);
  CHECK(child.legal_representative);
  CHECK(child.school.uai == school.uai);
  CHECK(child.school.name == school.name);
  CHECK(child.school.city == school.city);
  CHECK(child.school.level == school.level);
}

std::string table_contents(Connection& connection) {
  std::string text;
  for (const char* query :
       {"SELECT group_concat(uai || name || city || level) FROM schools",
        "SELECT group_concat(id || external_id || school_uai || last_name || first_name || "
        "birth_date) FROM pupils",
        "SELECT group_concat(id || external_id || last_name || first_name || "
        "ifnull(mobile_e164, '') || ifnull(email, '')) FROM guardians",
        "SELECT group_concat(guardian_id || '-' || pupil_id || '-' || legal_representative) "
        "FROM guardian_pupils"}) {
    auto statement = connection.prepare(query);
    REQUIRE(statement.step());
    text += statement.text(0) + "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("The demo holds the guide's Dupont family", "[demo]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  auto connection = database.connection();
  const ImportReport report = load_demo(*connection);
  INFO(report.error_summary());
  REQUIRE(report.ok());

  const auto found = lookup(*connection, "Dupont", "Emilie", "+33612345678");
  REQUIRE(found.size() == 1);
  const Guardian& emilie = found[0];
  CHECK(emilie.last_name == "DUPONT");
  CHECK(emilie.first_name == "Emilie");
  CHECK(emilie.mobile_e164 == std::optional<std::string>("+33612345678"));

  const auto children = children_of(*connection, emilie.id);
  REQUIRE(children.size() == 2);
  CHECK(children[0].last_name == "DUPONT");
  check_child(children[0], "Albert", "2012-03-14",
              {"0500048F", "CLG LES COURTILS", "MONTMARTIN-SUR-MER", "college_lycee"});
  check_child(children[1], "Jeanne", "2017-09-02",
              {"0501271K", "E.P.U JOSEPHINE BAKER", "MONTMARTIN-SUR-MER", "ecole"});
}

TEST_CASE("The demo covers the cases the flows must handle", "[demo]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  auto connection = database.connection();
  REQUIRE(load_demo(*connection).ok());

  // Every school code is a real one (check letter included).
  auto uais = connection->prepare("SELECT uai FROM schools");
  int schools = 0;
  while (uais.step()) {
    CHECK(sesame::is_valid_uai(uais.text(0)));
    ++schools;
  }
  CHECK(schools == 4);

  SECTION("two guardians for one child") {
    const auto paul = lookup(*connection, "MARTIN", "Paul", "+33623456789");
    const auto claire = lookup(*connection, "MARTIN", "Claire", "+33781223344");
    REQUIRE(paul.size() == 1);
    REQUIRE(claire.size() == 1);
    const auto paul_children = children_of(*connection, paul[0].id);
    const auto claire_children = children_of(*connection, claire[0].id);
    REQUIRE(paul_children.size() == 1);
    REQUIRE(claire_children.size() == 1);
    CHECK(paul_children[0].pupil_id == claire_children[0].pupil_id);
  }
  SECTION("namesakes are told apart by their mobiles") {
    const auto first = lookup(*connection, "Martin", "Sophie", "+33698765432");
    const auto second = lookup(*connection, "Martin", "Sophie", "+33765432109");
    REQUIRE(first.size() == 1);
    REQUIRE(second.size() == 1);
    CHECK(first[0].id != second[0].id);
    CHECK(children_of(*connection, first[0].id)[0].first_name == "Léa");
    CHECK(children_of(*connection, second[0].id)[0].first_name == "Hugo");
  }
  SECTION("a guardian without a mobile") {
    const auto bernard = find_guardian_by_external_id(*connection, "DEMO-R07");
    REQUIRE(bernard);
    CHECK(bernard->last_name == "LEFÈVRE");
    CHECK_FALSE(bernard->mobile_e164);
    CHECK(children_of(*connection, bernard->id).size() == 1);
  }
  SECTION("an overseas mobile") {
    const auto maelys = lookup(*connection, "Hoarau", "Maelys", "+262692123456");
    REQUIRE(maelys.size() == 1);
    CHECK(children_of(*connection, maelys[0].id)[0].school.uai == "9741234Y");
  }
  SECTION("accents and a typographic apostrophe") {
    const auto zoe = lookup(*connection, "d'angelo", "zoe", "+33781234567");
    REQUIRE(zoe.size() == 1);
    CHECK(zoe[0].last_name == "D’Angelo");
    CHECK(zoe[0].first_name == "Zoé");
  }
  SECTION("a guardian who is not the legal representative") {
    const auto monique = lookup(*connection, "Dupont", "Monique", "+33611223344");
    REQUIRE(monique.size() == 1);
    const auto children = children_of(*connection, monique[0].id);
    REQUIRE(children.size() == 1);
    CHECK(children[0].first_name == "Albert");
    CHECK_FALSE(children[0].legal_representative);
  }
}

TEST_CASE("Loading the demo twice leaves the same data", "[demo]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  auto connection = database.connection();
  REQUIRE(load_demo(*connection).ok());
  const std::string once = table_contents(*connection);
  const ImportReport again = load_demo(*connection);
  REQUIRE(again.ok());
  CHECK(table_contents(*connection) == once);
  CHECK(connection->query_integer("SELECT count(*) FROM guardians") == 9);
  CHECK(connection->query_integer("SELECT count(*) FROM pupils") == 8);
  CHECK(connection->query_integer("SELECT count(*) FROM guardian_pupils") == 10);
}
