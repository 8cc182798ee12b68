// Migration 2: accounts, flows, sessions, outbox, audit log, rate limits.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "server/store/database.h"
#include "server/store/migrations.h"
#include "support.h"

using sesame::store::Connection;
using sesame::store::Database;
using sesame::store::StoreError;
using sesame::testing::TempDir;

namespace {

std::set<std::string> table_names(Connection& connection) {
  std::set<std::string> names;
  auto statement = connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'");
  while (statement.step()) names.insert(statement.text(0));
  return names;
}

const std::set<std::string> kSesameTables = {"accounts", "account_children", "flows",     "flow_children",
                                             "sessions", "outbox",           "audit_log", "rate_limits"};

void require_sesame_tables(Connection& connection) {
  const auto names = table_names(connection);
  for (const auto& table : kSesameTables) {
    INFO(table);
    CHECK(names.count(table) == 1);
  }
}

void add_guardian_and_pupil(Connection& connection) {
  connection.execute(
      "INSERT INTO schools (uai, name, city, level) VALUES ('0500048F', 'École', 'Ville', 'ecole');"
      "INSERT INTO pupils (id, external_id, school_uai, last_name, first_name, birth_date)"
      " VALUES (1, 'P1', '0500048F', 'DUPONT', 'Léa', '2015-04-02');"
      "INSERT INTO guardians (id, external_id, last_name, first_name, last_name_key, first_name_key, "
      "mobile_e164)"
      " VALUES (1, 'G1', 'DUPONT', 'Élise', 'dupont', 'elise', '+33612345678');");
}

}  // namespace

TEST_CASE("Migration 2 applies to a new database", "[store]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  CHECK(database.migrated_from() == 0);
  CHECK(database.schema_version() == sesame::store::latest_schema_version());
  auto connection = database.connection();
  require_sesame_tables(*connection);
  CHECK(connection->query_integer("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

TEST_CASE("Migration 2 applies to a database at version 1 and keeps its data", "[store]") {
  TempDir dir;
  const auto file = dir / "sesame.db";
  {
    // What the previous release wrote: migration 1 only.
    Connection connection(file);
    connection.execute(sesame::store::migrations()[0].sql);
    connection.execute("PRAGMA user_version = 1");
    add_guardian_and_pupil(connection);
  }
  Database database(file);
  CHECK(database.migrated_from() == 1);
  CHECK(database.schema_version() == sesame::store::latest_schema_version());
  auto connection = database.connection();
  require_sesame_tables(*connection);
  CHECK(connection->query_integer("SELECT count(*) FROM guardians") == 1);
  CHECK(connection->query_integer("SELECT count(*) FROM pupils") == 1);
}

TEST_CASE("The new tables refuse rows that break their rules", "[store]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  auto connection = database.connection();
  add_guardian_and_pupil(*connection);
  connection->execute(
      "INSERT INTO accounts (id, identifier, guardian_id, password_hash, phone_e164, created_at)"
      " VALUES (1, 'e.dupont07', 1, '$argon2id$x', '+33612345678', 100);"
      "INSERT INTO account_children (account_id, pupil_id, confirmed_at) VALUES (1, 1, 100);"
      "INSERT INTO flows (id, kind, state, guardian_id, created_at, updated_at, expires_at)"
      " VALUES ('f1', 'activation', 'code_sent', 1, 100, 100, 1900);"
      "INSERT INTO flow_children (flow_id, pupil_id) VALUES ('f1', 1);"
      "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ('h', 1, 100, 100);"
      "INSERT INTO rate_limits (key, window_start, count) VALUES ('sms:+33612345678', 100, 1);"
      "INSERT INTO audit_log (at, kind, account_id, detail) VALUES (100, 'account_created', 1, "
      "'{\"a\":1}');");

  // Unique identifier and FranceConnect subject.
  CHECK_THROWS_AS(connection->execute("INSERT INTO accounts (identifier, password_hash, created_at)"
                                      " VALUES ('e.dupont07', 'x', 1)"),
                  StoreError);
  connection->execute(
      "INSERT INTO accounts (identifier, franceconnect_sub, created_at) VALUES ('a.b01', 's', 1)");
  CHECK_THROWS_AS(connection->execute("INSERT INTO accounts (identifier, franceconnect_sub, created_at)"
                                      " VALUES ('a.b02', 's', 1)"),
                  StoreError);
  // Foreign keys.
  CHECK_THROWS_AS(connection->execute("INSERT INTO account_children VALUES (1, 99, 1)"), StoreError);
  CHECK_THROWS_AS(connection->execute("INSERT INTO sessions VALUES ('h2', 99, 1, 1)"), StoreError);
  // Closed sets of values.
  // A pupil's account belongs to one pupil, and a parent's to none; flows' kinds are the code's (no CHECK).
  CHECK_THROWS_AS(connection->execute("INSERT INTO accounts (identifier, profile, created_at) VALUES ('a.b03', 'pupil', 1)"),
                  StoreError);
  CHECK_THROWS_AS(connection->execute("INSERT INTO accounts (identifier, profile, password_hash, created_at)"
                                      " VALUES ('a.b04', 'teacher', 'x', 1)"),
                  StoreError);
  CHECK_THROWS_AS(connection->execute("UPDATE flow_children SET state = 'maybe'"), StoreError);
  CHECK_THROWS_AS(connection->execute("INSERT INTO outbox (channel, recipient, body, created_at)"
                                      " VALUES ('fax', 'x', 'y', 1)"),
                  StoreError);
  // STRICT: no text in an integer column, and flow data must be JSON.
  CHECK_THROWS_AS(connection->execute("UPDATE flows SET code_attempts = 'many'"), StoreError);
  CHECK_THROWS_AS(connection->execute("UPDATE flows SET data = 'not json'"), StoreError);
  CHECK_THROWS_AS(connection->execute("INSERT INTO rate_limits VALUES ('sms:+33612345678', 100, 2)"),
                  StoreError);

  // Deleting an account takes its sessions, links and flows with it.
  connection->execute("UPDATE flows SET account_id = 1");
  connection->execute("DELETE FROM accounts WHERE id = 1");
  CHECK(connection->query_integer("SELECT count(*) FROM sessions") == 0);
  CHECK(connection->query_integer("SELECT count(*) FROM account_children") == 0);
  CHECK(connection->query_integer("SELECT count(*) FROM flows") == 0);
  CHECK(connection->query_integer("SELECT account_id IS NULL FROM audit_log") == 1);
}
