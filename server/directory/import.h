#pragma once
// The schools' exports into the directory: schools, pupils, guardians and the
// guardian–pupil links, checked with the shared rules. The whole import is one
// transaction: either every row is written, or none and every error is listed.
// Rows are matched on their natural or export keys, so importing again updates.
// A links file is authoritative for the schools the import covers: their links
// missing from it are removed, and so is the access of the parents' accounts
// that relied on them. A pupils file is authoritative for its pupils' schools:
// a pupil it no longer lists has left (pupils.left_at), and the pupil's account
// is disabled. Every enrolled pupil gets an account. Schools, pupils and
// guardians are never removed.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/database.h"
#include "shared/date.h"

namespace sesame::directory {

struct CsvFile {
  std::string name;  // as shown in messages: "pupils.csv"
  std::string text;  // UTF-8
};

// Each file is optional; they are read in this order, so a file may refer to
// rows of the earlier ones as well as to rows already in the database.
struct ImportFiles {
  std::optional<CsvFile> schools;
  std::optional<CsvFile> pupils;
  std::optional<CsvFile> guardians;
  std::optional<CsvFile> links;
};

struct ImportOptions {
  Date today;                       // for the pupils' plausible ages
  std::optional<std::int64_t> now;  // Unix seconds for the audit log; empty: this machine's clock
  std::size_t max_listed_errors = 50;
  std::size_t progress_every = 50'000;  // rows
  std::function<void(std::string_view file, std::size_t rows)> on_progress;
};

struct ImportReport {
  std::size_t schools = 0;  // rows written (or that would have been, when errors)
  std::size_t pupils = 0;
  std::size_t guardians = 0;
  std::size_t links = 0;
  // What a links file took away; computed only for an import without errors.
  std::size_t links_removed = 0;    // links of covered schools absent from links.csv
  std::size_t access_removed = 0;   // account_children rows: a parent no longer sees the child
  // Pupils and their accounts (accounts/pupil_accounts.h); computed only for an import without errors.
  std::size_t pupils_left = 0;  // pupils of the pupils file's schools it no longer lists
  std::size_t pupil_accounts_created = 0;
  std::size_t pupil_accounts_disabled = 0;
  std::size_t pupil_accounts_enabled = 0;
  std::vector<std::string> warnings;  // French; the import goes on (a pupil without an identifier)
  std::vector<std::string> errors;  // French, "pupils.csv, ligne 12 : …"; at most max_listed_errors
  std::size_t error_count = 0;      // every error, listed or not

  bool ok() const { return error_count == 0; }
  // The listed errors, then "… et N autres erreurs" when some were left out.
  std::string error_summary() const;
};

ImportReport import_directory(store::Connection& connection, const ImportFiles& files,
                              const ImportOptions& options);

// Today's date on this machine's calendar.
Date local_today();

// "150 000": a count as French typography groups it (narrow no-break spaces).
std::string group_thousands(std::size_t number);

}  // namespace sesame::directory
