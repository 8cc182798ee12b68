// The schools' CSV exports: the reader (server/directory/csv.h) and the import
// (server/directory/import.h) into an in-memory SQLite database with the real
// schema, made once; an import that wrote is undone by restoring a snapshot.
//
// Input: a mode byte, then the files' texts separated by form feeds ('\f').
// The mode's low four bits say which files are given, in the import's order:
// 1 schools, 2 pupils, 4 guardians, 8 links ('A' schools alone, 'O' all four).
// Bit 0x10 starts from an empty directory instead of the demonstration one
// (four schools, eight pupils, nine guardians, ten links, an account holding
// two children). Mode '@' (no file) only reads the text as CSV.
//
// The reader gives back what was written: quoting every field again reads the
// same records. The import never throws, lists its errors in valid UTF-8 with
// the file's name, leaves the database as it was when it refuses, and when it
// accepts, accepts the same files again without changing anything.
#include <sqlite3.h>

#include <exception>
#include <string>
#include <vector>

#include "fuzz.h"
#include "server/directory/csv.h"
#include "server/directory/demo.h"
#include "server/directory/import.h"
#include "server/store/database.h"
#include "server/store/migrations.h"

namespace {

using namespace sesame;
using namespace sesame::directory;

const Date kToday{2026, 9, 1};
constexpr std::int64_t kNow = 1'788'000'000;  // 2026-08-29, for the audit rows

// ---- The reader ---------------------------------------------------------------

std::vector<CsvRecord> read_all(std::string_view text, char& separator) {
  CsvReader reader(text);
  separator = reader.separator();
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.next(record)) {
    records.push_back(record);
    SESAME_FUZZ_CHECK(records.size() <= text.size());  // each record takes at least a byte
  }
  return records;
}

std::string quoted(const std::vector<CsvRecord>& records, char separator) {
  std::string text;
  for (const CsvRecord& record : records) {
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      if (i > 0) text += separator;
      text += '"';
      for (char c : record.fields[i]) text += c == '"' ? std::string("\"\"") : std::string(1, c);
      text += '"';
    }
    text += "\r\n";
  }
  return text;
}

void check_reader(std::string_view text) {
  char separator = 0;
  const std::vector<CsvRecord> records = read_all(text, separator);
  SESAME_FUZZ_CHECK(separator == ';' || separator == ',');
  std::size_t previous_line = 0;
  std::size_t field_bytes = 0;
  bool well_formed = true;
  for (const CsvRecord& record : records) {
    SESAME_FUZZ_CHECK(record.line > previous_line && record.line <= text.size());
    SESAME_FUZZ_CHECK(!record.fields.empty());
    previous_line = record.line;
    for (const std::string& field : record.fields) field_bytes += field.size();
    if (!record.syntax_error.empty()) {
      well_formed = false;
      SESAME_FUZZ_CHECK(is_valid_utf8(record.syntax_error));
    }
  }
  SESAME_FUZZ_CHECK(field_bytes <= text.size());
  if (!well_formed) return;

  // Written again with every field quoted, read with the same separator: the same fields.
  const std::string again = quoted(records, separator);
  char separator_again = 0;
  const std::vector<CsvRecord> reread = read_all(again, separator_again);
  if (separator_again != separator) return;  // a one-column first line says nothing of ','
  SESAME_FUZZ_CHECK(reread.size() == records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    SESAME_FUZZ_CHECK(reread[i].syntax_error.empty() && reread[i].fields == records[i].fields);
  }
}

// ---- The database -------------------------------------------------------------

// A database with its state before each input, restored from a serialized copy.
class Directory {
 public:
  explicit Directory(bool demo) : connection_(":memory:") {
    store::apply_migrations(connection_);
    if (demo) {
      ImportOptions options;
      options.today = kToday;
      options.now = kNow;
      if (!import_directory(connection_, demo_files(), options).ok()) std::abort();
      connection_.execute(
          "INSERT INTO accounts (identifier, guardian_id, password_hash, created_at) "
          "SELECT 'e.dupont01', id, 'not a hash', 0 FROM guardians WHERE external_id = 'DEMO-R01';"
          "INSERT INTO account_children (account_id, pupil_id, confirmed_at, guardian_id) "
          "SELECT a.id, p.id, 0, a.guardian_id FROM accounts a, pupils p "
          "WHERE p.external_id IN ('DEMO-E01', 'DEMO-E02');");
    }
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(connection_.handle(), "main", &size, 0);
    if (!bytes) std::abort();
    snapshot_.assign(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    sqlite3_free(bytes);
    state_ = dump();
  }
  store::Connection& connection() { return connection_; }

  // The directory's tables, every column of every row, and the schema, as text:
  // two calls compare two states.
  std::string dump() {
    std::string text;
    const auto append_row = [](void* out, int columns, char** values, char**) {
      auto& dumped = *static_cast<std::string*>(out);
      for (int i = 0; i < columns; ++i) dumped.append(values[i] ? values[i] : "NULL").push_back('|');
      dumped.push_back('\n');
      return 0;
    };
    const char* const sql =
        "SELECT * FROM schools ORDER BY uai; SELECT * FROM pupils ORDER BY id;"
        "SELECT * FROM guardians ORDER BY id; SELECT * FROM guardian_pupils ORDER BY guardian_id, pupil_id;"
        "SELECT * FROM accounts ORDER BY id; SELECT * FROM account_children ORDER BY account_id, pupil_id;"
        "SELECT * FROM audit_log ORDER BY id; SELECT type, name, sql FROM sqlite_schema ORDER BY name;"
        "SELECT type, name FROM sqlite_temp_schema ORDER BY name;";
    if (sqlite3_exec(connection_.handle(), sql, append_row, &text, nullptr) != SQLITE_OK) std::abort();
    return text;
  }

  const std::string& state() const { return state_; }

  void restore() {
    const auto size = static_cast<sqlite3_int64>(snapshot_.size());
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size)));
    if (!copy) std::abort();
    std::copy(snapshot_.begin(), snapshot_.end(), copy);
    if (sqlite3_deserialize(connection_.handle(), "main", copy, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
      std::abort();
  }

 private:
  store::Connection connection_;
  std::string snapshot_;
  std::string state_;
};

// ---- The import ---------------------------------------------------------------

void check_report(const ImportReport& report, const ImportFiles& files, const ImportOptions& options) {
  SESAME_FUZZ_CHECK(report.errors.size() <= options.max_listed_errors);
  SESAME_FUZZ_CHECK(report.error_count >= report.errors.size());
  SESAME_FUZZ_CHECK(report.ok() == report.errors.empty());
  for (const std::string& error : report.errors) {
    SESAME_FUZZ_CHECK(is_valid_utf8(error));
    bool named = false;
    for (const auto* file : {&files.schools, &files.pupils, &files.guardians, &files.links}) {
      named = named || (*file && error.starts_with((*file)->name));
    }
    SESAME_FUZZ_CHECK(named);
  }
  SESAME_FUZZ_CHECK(is_valid_utf8(report.error_summary()));
  if (!report.ok()) SESAME_FUZZ_CHECK(report.links_removed == 0 && report.access_removed == 0);
}

void check_import(Directory& directory, const ImportFiles& files) {
  ImportOptions options;
  options.today = kToday;
  options.now = kNow;
  options.max_listed_errors = 10;
  options.progress_every = 3;
  options.on_progress = [&](std::string_view file, std::size_t rows) {
    SESAME_FUZZ_CHECK(rows > 0 && rows % 3 == 0 && file.ends_with(".csv"));
  };
  store::Connection& connection = directory.connection();

  const ImportReport report = import_directory(connection, files, options);
  check_report(report, files, options);
  if (!report.ok()) {
    SESAME_FUZZ_CHECK(directory.dump() == directory.state());  // all or nothing
    return;
  }
  // Accepted: no work table left, every index there; and the same files again
  // change nothing (rows are matched on their keys).
  const std::string written = directory.dump();
  const ImportReport again = import_directory(connection, files, options);
  SESAME_FUZZ_CHECK(again.ok());
  SESAME_FUZZ_CHECK(again.schools == report.schools && again.pupils == report.pupils &&
                    again.guardians == report.guardians && again.links == report.links);
  SESAME_FUZZ_CHECK(again.links_removed == 0 && again.access_removed == 0);
  SESAME_FUZZ_CHECK(directory.dump() == written);
  directory.restore();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned mode = data[0];
  std::string_view rest = fuzz::as_text(data + 1, size - 1);

  ImportFiles files;
  std::optional<CsvFile>* const slots[] = {&files.schools, &files.pupils, &files.guardians, &files.links};
  const char* const names[] = {"schools.csv", "pupils.csv", "guardians.csv", "links.csv"};
  std::vector<std::string_view> texts;
  for (std::size_t i = 0; i < 4; ++i) {
    if (!(mode & (1u << i))) continue;
    const std::size_t feed = rest.find('\f');
    const bool last = (mode >> (i + 1)) % 16 == 0 || feed == std::string_view::npos;
    const std::string_view text = last ? rest : rest.substr(0, feed);
    rest = last ? std::string_view() : rest.substr(feed + 1);
    *slots[i] = CsvFile{names[i], std::string(text)};
    texts.push_back(text);
  }
  if (texts.empty()) texts.push_back(rest);

  try {
    for (std::string_view text : texts) check_reader(text);
    if (mode % 16 == 0) return 0;
    static Directory demo(true);
    static Directory empty(false);
    check_import(mode & 0x10 ? empty : demo, files);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception: %s\n", e.what());
    fuzz::property_failed("no exception", __FILE__, __LINE__);
  }
  return 0;
}
