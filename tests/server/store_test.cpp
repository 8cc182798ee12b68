// SQLite storage: migrations, transactions, pragmas.
#include <catch2/catch.hpp>

#include "server/store/database.h"
#include "server/store/migrations.h"
#include "support.h"

using sesame::store::Connection;
using sesame::store::Database;
using sesame::store::StoreError;
using sesame::store::Transaction;
using sesame::testing::TempDir;

namespace {

std::int64_t count_tables(Connection& connection) {
  return connection.query_integer("SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
}

void add_school(Connection& connection, const char* uai) {
  connection.prepare("INSERT INTO schools (uai, name, city, level) VALUES (?1, 'CLG', 'VILLE', 'ecole')")
      .bind(1, uai)
      .run();
}

}  // namespace

TEST_CASE("A new database gets every migration; opening it again changes nothing", "[store]") {
  TempDir dir;
  const auto file = dir / "sesame.db";
  std::int64_t tables = 0;
  {
    Database database(file);
    CHECK(database.migrated_from() == 0);
    CHECK(database.schema_version() == sesame::store::latest_schema_version());
    auto connection = database.connection();
    CHECK(connection->query_integer("PRAGMA user_version") == sesame::store::latest_schema_version());
    tables = count_tables(*connection);
    CHECK(tables >= 4);
    add_school(*connection, "0500048F");
  }
  {
    Database database(file);
    CHECK(database.migrated_from() == sesame::store::latest_schema_version());
    auto connection = database.connection();
    CHECK(count_tables(*connection) == tables);
    CHECK(connection->query_integer("SELECT count(*) FROM schools") == 1);  // data kept
  }
}

TEST_CASE("Migrations are numbered 1, 2, 3… without gaps", "[store]") {
  int expected = 1;
  for (const auto& migration : sesame::store::migrations()) CHECK(migration.version == expected++);
}

TEST_CASE("A database from a newer Sésame is refused, not damaged", "[store]") {
  TempDir dir;
  const auto file = dir / "sesame.db";
  {
    Connection connection(file);
    connection.execute("PRAGMA user_version = 999");
  }
  CHECK_THROWS_AS(Database(file), StoreError);
  Connection connection(file);
  CHECK(connection.query_integer("PRAGMA user_version") == 999);
}

TEST_CASE("Connections use WAL, foreign keys and a busy timeout", "[store]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  auto connection = database.connection();
  auto mode = connection->prepare("PRAGMA journal_mode");
  REQUIRE(mode.step());
  CHECK(mode.text(0) == "wal");
  CHECK(connection->query_integer("PRAGMA foreign_keys") == 1);
  CHECK(connection->query_integer("PRAGMA busy_timeout") > 0);
  // A pupil in a school that does not exist is refused by the foreign key.
  CHECK_THROWS_AS(
      connection->execute("INSERT INTO pupils (external_id, school_uai, last_name, first_name, birth_date) "
                          "VALUES ('E1', '0000000A', 'A', 'B', '2012-03-14')"),
      StoreError);
}

TEST_CASE("A transaction is rolled back unless committed", "[store]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  auto connection = database.connection();
  {
    Transaction transaction(*connection);
    add_school(*connection, "0500048F");
  }
  CHECK(connection->query_integer("SELECT count(*) FROM schools") == 0);
  {
    Transaction transaction(*connection);
    add_school(*connection, "0500048F");
    transaction.commit();
  }
  CHECK(connection->query_integer("SELECT count(*) FROM schools") == 1);
}

TEST_CASE("Leased connections go back to the pool and see each other's commits", "[store]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  {
    auto first = database.connection();
    auto second = database.connection();  // a second one is opened while the first is leased
    add_school(*first, "0500048F");
    CHECK(second->query_integer("SELECT count(*) FROM schools") == 1);
  }
  auto again = database.connection();
  CHECK(again->query_integer("SELECT count(*) FROM schools") == 1);
}

TEST_CASE("Statements bind text, integers and NULL and read them back", "[store]") {
  TempDir dir;
  Connection connection(dir / "plain.db");
  connection.execute("CREATE TABLE t (a TEXT, b INTEGER, c TEXT)");
  auto insert = connection.prepare("INSERT INTO t VALUES (?1, ?2, ?3)");
  insert.bind(1, "Zoé D’Angelo").bind(2, 42).bind(3, std::optional<std::string>()).run();
  insert.bind(1, std::string("second"))
      .bind(2, true)
      .bind(3, std::optional<std::string>("x"))
      .run();  // reused

  auto select = connection.prepare("SELECT a, b, c FROM t ORDER BY rowid");
  REQUIRE(select.step());
  CHECK(select.text(0) == "Zoé D’Angelo");
  CHECK(select.integer(1) == 42);
  CHECK(select.is_null(2));
  CHECK_FALSE(select.optional_text(2));
  REQUIRE(select.step());
  CHECK(select.integer(1) == 1);
  CHECK(select.optional_text(2) == std::optional<std::string>("x"));
  CHECK_FALSE(select.step());
  CHECK_THROWS_AS(connection.prepare("SELECT nonsense FROM nowhere"), StoreError);
}
