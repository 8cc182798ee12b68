#pragma once
// The schema, as numbered migrations applied in order at start. A migration is
// never edited once released: a change to the schema is a new migration.
#include <span>
#include <string_view>

#include "server/store/database.h"

namespace sesame::store {

struct Migration {
  int version;            // 1, 2, 3… recorded in PRAGMA user_version once applied
  std::string_view name;  // for the logs
  std::string_view sql;
  bool rebuilds_tables = false;  // applied with foreign keys off (see apply_migrations)
};

std::span<const Migration> migrations();
int latest_schema_version();

struct MigrationOutcome {
  int from_version;  // 0 for a new file
  int to_version;
};

// Applies the migrations newer than the file's user_version in one transaction
// (all or none). Refuses a file written by a newer Sésame, whose schema this
// program does not know.
MigrationOutcome apply_migrations(Connection& connection);

}  // namespace sesame::store
