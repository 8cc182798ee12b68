#include "server/store/migrations.h"

#include <array>
#include <string>

namespace sesame::store {

namespace {

// 1: the directory the schools export (see docs/csv-import.md). Names are kept
// as the school wrote them; the *_key columns hold shared::name_match_key() of
// them so that the activation step finds a guardian with one indexed lookup.
constexpr std::string_view kDirectory = R"sql(
CREATE TABLE schools (
  uai   TEXT PRIMARY KEY,
  name  TEXT NOT NULL,
  city  TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('ecole', 'college_lycee'))
) STRICT;

CREATE TABLE pupils (
  id          INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,
  school_uai  TEXT NOT NULL REFERENCES schools (uai),
  last_name   TEXT NOT NULL,
  first_name  TEXT NOT NULL,
  birth_date  TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
CREATE INDEX pupils_by_school ON pupils (school_uai);

CREATE TABLE guardians (
  id             INTEGER PRIMARY KEY,
  external_id    TEXT NOT NULL UNIQUE,
  last_name      TEXT NOT NULL,
  first_name     TEXT NOT NULL,
  last_name_key  TEXT NOT NULL,
  first_name_key TEXT NOT NULL,
  mobile_e164    TEXT CHECK (mobile_e164 GLOB '+[1-9]*'),
  email          TEXT
) STRICT;
CREATE INDEX guardians_by_identity ON guardians (last_name_key, first_name_key, mobile_e164);

CREATE TABLE guardian_pupils (
  guardian_id          INTEGER NOT NULL REFERENCES guardians (id) ON DELETE CASCADE,
  pupil_id             INTEGER NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
  legal_representative INTEGER NOT NULL CHECK (legal_representative IN (0, 1)),
  PRIMARY KEY (guardian_id, pupil_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX guardian_pupils_by_pupil ON guardian_pupils (pupil_id);
)sql";

// Accounts, flows, sessions and the outbox come next, as migration 2 onward.
constexpr std::array kMigrations = {
    Migration{1, "directory: schools, pupils, guardians, links", kDirectory},
};

int read_user_version(Connection& connection) {
  return static_cast<int>(connection.query_integer("PRAGMA user_version"));
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

MigrationOutcome apply_migrations(Connection& connection) {
  // The write lock is taken before reading the version, so two processes
  // starting together cannot both apply the same migration.
  Transaction transaction(connection);
  const int current = read_user_version(connection);
  if (current > latest_schema_version()) {
    throw StoreError("the database schema is version " + std::to_string(current) +
                     ", newer than this program knows (" + std::to_string(latest_schema_version()) +
                     "): use a newer Sésame");
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current) continue;
    connection.execute(migration.sql);
    // user_version lives in the file header, which the transaction covers too.
    connection.execute("PRAGMA user_version = " + std::to_string(migration.version));
  }
  transaction.commit();
  return {current, latest_schema_version()};
}

}  // namespace sesame::store
