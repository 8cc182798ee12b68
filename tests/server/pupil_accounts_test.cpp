// Pupils' accounts from the schools' data: made by the import, identifiers by the
// parents' rule and stable across re-imports, disabled when the pupil left,
// enabled again when back; temporary passwords and their expiry.
#include "server/accounts/pupil_accounts.h"

#include <catch2/catch.hpp>
#include <set>

#include "server/accounts/temporary_passwords.h"
#include "server/directory/demo.h"
#include "server/directory/import.h"
#include "server/security/secrets.h"
#include "shared/identifier.h"
#include "support.h"

using namespace sesame;
using sesame::directory::CsvFile;
using sesame::directory::ImportFiles;
using sesame::store::Connection;
using sesame::store::Database;
using sesame::testing::TempDir;

namespace {

const Date kToday{2026, 9, 1};
constexpr std::int64_t kNow = 1'788'000'000;  // 2026-08-29

const char* const kSchools =
    "uai;nom;commune;niveau\n"
    "0500048F;CLG LES COURTILS;MONTMARTIN-SUR-MER;college_lycee\n"
    "0500065Z;LYC LES SABLONS;COUTANCES;college_lycee\n";

directory::ImportReport import_pupils(Connection& connection, const std::string& pupils, std::int64_t now = kNow,
                                      const char* schools = kSchools) {
  ImportFiles files;
  if (schools) files.schools = CsvFile{"schools.csv", schools};
  files.pupils = CsvFile{"pupils.csv", pupils};
  directory::ImportOptions options;
  options.today = kToday;
  options.now = now;
  directory::ImportReport report = directory::import_directory(connection, files, options);
  INFO(report.error_summary());
  REQUIRE(report.ok());
  return report;
}

struct PupilRow {
  std::string identifier;
  bool disabled = false;
  bool activated = false;
};

std::optional<PupilRow> account_of(Connection& connection, const std::string& external_id) {
  store::Statement query = connection.query(
      "SELECT a.identifier, a.disabled_at IS NOT NULL, a.password_hash IS NOT NULL FROM accounts a "
      "JOIN pupils p ON p.id = a.pupil_id WHERE p.external_id = ?1 AND a.profile = 'pupil'",
      external_id);
  if (!query.step()) return std::nullopt;
  return PupilRow{query.text(0), query.integer(1) != 0, query.integer(2) != 0};
}

std::string header() { return "id;uai;nom;prenom;date_naissance;classe\n"; }

}  // namespace

TEST_CASE("The demo data gives every pupil an account, not activated, with an identifier of its own",
          "[pupils]") {
  TempDir dir;
  Database database(dir.path() / "sesame.db");
  auto connection = database.connection();
  directory::ImportOptions options;
  options.today = kToday;
  options.now = kNow;
  const directory::ImportReport report = directory::import_directory(*connection, directory::demo_files(), options);
  REQUIRE(report.ok());
  CHECK(report.pupil_accounts_created == 8);

  std::set<std::string> identifiers;
  store::Statement query = connection->query(
      "SELECT a.identifier, a.password_hash IS NULL, a.disabled_at IS NULL FROM accounts a WHERE a.profile = 'pupil'");
  while (query.step()) {
    CHECK(is_identifier_format(query.text(0)));
    CHECK(query.integer(1) == 1);  // not activated
    CHECK(query.integer(2) == 1);  // enabled
    identifiers.insert(query.text(0));
  }
  CHECK(identifiers.size() == 8);
  const auto albert = account_of(*connection, "DEMO-E01");
  REQUIRE(albert);
  CHECK(albert->identifier.starts_with("a.dupont"));
  // The class of the export is kept for the letters and "Mon compte".
  CHECK(connection->query_integer("SELECT count(*) FROM pupils WHERE class_name = '4e B'") == 1);

  // Importing the demo again changes nobody's account.
  const directory::ImportReport again = directory::import_directory(*connection, directory::demo_files(), options);
  REQUIRE(again.ok());
  CHECK(again.pupil_accounts_created == 0);
  CHECK(account_of(*connection, "DEMO-E01")->identifier == albert->identifier);
}

TEST_CASE("A pupil's identifier stays the same when renamed, moved to another school or imported again",
          "[pupils]") {
  TempDir dir;
  Database database(dir.path() / "sesame.db");
  auto connection = database.connection();
  import_pupils(*connection, header() + "E1;0500048F;DUPONT;Albert;2012-03-14;4e B\n");
  const std::string first = account_of(*connection, "E1")->identifier;
  CHECK(first.starts_with("a.dupont"));

  SECTION("renamed by the school") {
    import_pupils(*connection, header() + "E1;0500048F;DUPONT-MARTIN;Albert;2012-03-14;4e B\n");
    CHECK(account_of(*connection, "E1")->identifier == first);
  }
  SECTION("moved to another school (the new school lists the pupil)") {
    import_pupils(*connection, header() + "E1;0500065Z;DUPONT;Albert;2012-03-14;2nde 1\n");
    const auto moved = account_of(*connection, "E1");
    CHECK(moved->identifier == first);
    CHECK_FALSE(moved->disabled);
    // The old school's next export no longer has the pupil: he is not "left", he is elsewhere.
    import_pupils(*connection, header() + "E9;0500048F;MARTIN;Lucas;2013-06-21;\n");
    CHECK_FALSE(account_of(*connection, "E1")->disabled);
  }
  SECTION("a namesake gets another identifier, and so does a parent of the same name") {
    import_pupils(*connection, header() + "E1;0500048F;DUPONT;Albert;2012-03-14;4e B\n"
                                          "E2;0500048F;DUPONT;Alice;2013-05-02;5e A\n");
    const std::string alice = account_of(*connection, "E2")->identifier;
    CHECK(alice.starts_with("a.dupont"));
    CHECK(alice != first);
    CHECK(connection->query_integer("SELECT count(DISTINCT identifier) FROM accounts") == 2);
  }
}

TEST_CASE("A pupil the school no longer lists has the account disabled, and enabled again when back",
          "[pupils]") {
  TempDir dir;
  Database database(dir.path() / "sesame.db");
  auto connection = database.connection();
  import_pupils(*connection, header() + "E1;0500048F;DUPONT;Albert;2012-03-14;4e B\n"
                                        "E3;0500048F;MARTIN;Lucas;2013-06-21;5e A\n");
  const std::string albert = account_of(*connection, "E1")->identifier;
  const std::int64_t account_id =
      connection->query_integer("SELECT a.id FROM accounts a JOIN pupils p ON p.id = a.pupil_id "
                                "WHERE p.external_id = 'E1'");
  // A live session and a temporary password, which the departure ends.
  connection->run("INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ('h', ?1, ?2, ?2)",
                  account_id, kNow);
  security::PasswordHasher hasher({8192, 1}, 1);
  {
    store::Transaction transaction(*connection);
    accounts::store_temporary_password(*connection, account_id, accounts::prepare_temporary_password(hasher, kNow),
                                       accounts::Issuer::school, std::nullopt, kNow);
    transaction.commit();
  }

  const directory::ImportReport left =
      import_pupils(*connection, header() + "E3;0500048F;MARTIN;Lucas;2013-06-21;5e A\n", kNow + 86400);
  CHECK(left.pupils_left == 1);
  CHECK(left.pupil_accounts_disabled == 1);
  CHECK(account_of(*connection, "E1")->disabled);
  CHECK(connection->query_integer("SELECT count(*) FROM sessions") == 0);
  CHECK(connection->query_integer("SELECT count(*) FROM temporary_passwords") == 0);
  CHECK(connection->query_integer("SELECT count(*) FROM audit_log WHERE kind = 'pupil_account_disabled'") == 1);
  // Its identifier stays taken while the account is kept.
  CHECK(connection->query_integer("SELECT count(*) FROM accounts WHERE identifier = '" + albert + "'") == 1);

  const directory::ImportReport back = import_pupils(
      *connection, header() + "E1;0500048F;DUPONT;Albert;2012-03-14;3e A\nE3;0500048F;MARTIN;Lucas;2013-06-21;5e A\n",
      kNow + 2 * 86400);
  CHECK(back.pupil_accounts_enabled == 1);
  CHECK(back.pupil_accounts_created == 0);
  const auto again = account_of(*connection, "E1");
  CHECK_FALSE(again->disabled);
  CHECK(again->identifier == albert);
}

TEST_CASE("A pupils file that covers one school leaves the other schools' pupils alone", "[pupils]") {
  TempDir dir;
  Database database(dir.path() / "sesame.db");
  auto connection = database.connection();
  import_pupils(*connection, header() + "E1;0500048F;DUPONT;Albert;2012-03-14;4e B\n"
                                        "E5;0500065Z;MARTIN;Hugo;2008-11-05;Terminale 2\n");
  import_pupils(*connection, header() + "E5;0500065Z;MARTIN;Hugo;2008-11-05;Terminale 2\n", kNow + 60, nullptr);
  CHECK_FALSE(account_of(*connection, "E1")->disabled);
  CHECK_FALSE(account_of(*connection, "E5")->disabled);
}

TEST_CASE("Temporary passwords: no look-alike characters, any case or spacing, three months", "[pupils]") {
  for (int i = 0; i < 200; ++i) {
    const std::string password = security::random_temporary_password();
    REQUIRE(password.size() == 14);
    CHECK(password[4] == '-');
    CHECK(password[9] == '-');
    CHECK(password.find_first_of("01ilo") == std::string::npos);
  }
  CHECK(accounts::normalize_temporary_password(" K7MQ x3fp-9WTD ") == "k7mqx3fp9wtd");
  CHECK(accounts::temporary_password_last_day({2026, 9, 1}) == Date{2026, 12, 1});
  CHECK(accounts::temporary_password_last_day({2026, 11, 30}) == Date{2027, 2, 28});
  CHECK(accounts::temporary_password_last_day({2027, 8, 31}) == Date{2027, 11, 30});
  CHECK(accounts::end_of_day_utc({2026, 12, 1}) == 1'796'169'599);
}
