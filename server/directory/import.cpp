#include "server/directory/import.h"

#include "server/accounts/pupil_accounts.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "server/directory/csv.h"
#include "shared/email.h"
#include "shared/messages.h"
#include "shared/names.h"
#include "shared/phone.h"
#include "shared/profiles.h"
#include "shared/uai.h"
#include "shared/utf8.h"

namespace sesame::directory {

namespace {

constexpr std::size_t kMaxExternalIdBytes = 64;
constexpr std::size_t kMaxTextCodePoints = 200;  // school names and cities
constexpr std::size_t kMaxShownCodePoints = 60;  // of a refused value, in a message

// ---- Wording ------------------------------------------------------------------

// « value », shortened when long so that one bad cell cannot flood the report.
std::string shown(std::string_view value) {
  const auto code_points = decode_utf8(value);
  if (code_points && code_points->size() > kMaxShownCodePoints) {
    return "« " + encode_utf8(std::u32string_view(*code_points).substr(0, kMaxShownCodePoints)) + "… »";
  }
  return "« " + std::string(value) + " »";
}

std::string invalid(std::string_view what, std::string_view value, std::string_view reason = {}) {
  std::string message = std::string(what) + " (" + shown(value) + ")";
  if (!reason.empty()) message += " : " + std::string(reason);
  return message;
}

// ---- Value rules that are the directory's own -----------------------------------
// They answer like the shared rules: the value, or a French reason.

FieldError reason(std::string message) { return FieldError{"", std::move(message)}; }

// ISO as exports write it ("2012-03-14"), or the French forms a person types ("14/03/2012").
Checked<Date> parse_pupil_birth_date(std::string_view text, const Date& today) {
  const Checked<Date> date = parse_written_date(text);
  return date ? check_birth_date(*date, today) : date;
}

// The code or the guide's label: "ecole", "École", "college_lycee", "Collège / Lycée".
Checked<std::string> parse_level(std::string_view value) {
  const std::string key = name_match_key(value);
  for (const Choice& level : levels()) {
    if (key == name_match_key(level.code) || key == name_match_key(level.label))
      return std::string(level.code);
  }
  return reason("attendu « ecole » ou « college_lycee »");
}

Checked<bool> parse_yes_no(std::string_view value) {
  const std::string key = name_match_key(value);
  if (key == "OUI" || key == "O" || key == "VRAI" || key == "TRUE" || value == "1") return true;
  if (key == "NON" || key == "N" || key == "FAUX" || key == "FALSE" || value == "0") return false;
  return reason("attendu « oui » ou « non »");
}

bool has_control_character(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

Checked<std::string> check_external_id(std::string_view id) {
  if (id.size() > kMaxExternalIdBytes || has_control_character(id)) {
    return reason("au plus " + std::to_string(kMaxExternalIdBytes) +
                  " caractères, sans caractère de contrôle");
  }
  return std::string(id);
}

// School names and cities: free text on one line.
Checked<std::string> check_text(std::string_view text) {
  if (count_code_points(text).value_or(0) > kMaxTextCodePoints || has_control_character(text)) {
    return reason("au plus " + std::to_string(kMaxTextCodePoints) + " caractères, sur une ligne");
  }
  return std::string(text);
}

// ---- Files --------------------------------------------------------------------

struct Column {
  std::string_view name;
  bool required;
};

constexpr std::array<Column, 4> kSchoolColumns = {
    {{"uai", true}, {"nom", true}, {"commune", true}, {"niveau", true}}};
constexpr std::array<Column, 6> kPupilColumns = {
    {{"id", true}, {"uai", true}, {"nom", true}, {"prenom", true}, {"date_naissance", true}, {"classe", false}}};
constexpr std::array<Column, 5> kGuardianColumns = {
    {{"id", true}, {"nom", true}, {"prenom", true}, {"portable", true}, {"email", false}}};
constexpr std::array<Column, 3> kLinkColumns = {
    {{"id_responsable", true}, {"id_eleve", true}, {"representant_legal", true}}};

// How a column is named in messages when its value is missing or refused.
struct Field {
  std::string_view missing;
  std::string_view invalid;
};
constexpr Field kUai{"UAI manquant", "UAI invalide"};
constexpr Field kSchoolName{"nom de l'établissement manquant", "nom de l'établissement invalide"};
constexpr Field kCity{"commune manquante", "commune invalide"};
constexpr Field kLevel{"niveau manquant", "niveau invalide"};
constexpr Field kPupilId{"identifiant d'élève manquant", "identifiant d'élève invalide"};
constexpr Field kGuardianId{"identifiant de responsable manquant", "identifiant de responsable invalide"};
constexpr Field kLastName{"nom manquant", "nom invalide"};
constexpr Field kFirstName{"prénom manquant", "prénom invalide"};
constexpr Field kBirthDate{"date de naissance manquante", "date de naissance invalide"};
constexpr Field kClass{"", "classe invalide"};
constexpr Field kMobile{"", "portable invalide"};
constexpr Field kEmail{"", "adresse mail invalide"};
constexpr Field kLegalRepresentative{"représentant légal : valeur manquante",
                                     "représentant légal : valeur invalide"};

std::string expected_header(std::span<const Column> columns) {
  std::string header;
  for (const Column& column : columns) header += (header.empty() ? "" : ";") + std::string(column.name);
  return header;
}

std::string lower_ascii(std::string value) {
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value;
}

// One data row of a file: its values in the column order of the file's spec
// (an absent optional column reads as ""), trimmed.
struct Row {
  const CsvFile* file;
  std::size_t line;
  std::vector<std::string> values;
  bool refused = false;

  const std::string& operator[](std::size_t column) const { return values[column]; }
};

// Where a key was first seen in a file, and the id of the row written for it (0: none).
struct Seen {
  std::size_t line = 0;
  std::int64_t id = 0;
};

// A guardian–pupil pair as one number, for spotting a pair given twice.
std::uint64_t link_key(std::int64_t guardian_id, std::int64_t pupil_id) {
  return (static_cast<std::uint64_t>(guardian_id) << 32) ^ static_cast<std::uint64_t>(pupil_id);
}

// ---- Work tables ----------------------------------------------------------------
// The links file is applied as set operations on TEMP tables: the links it
// holds, the schools the import covers, and the links whose parents lose the
// child. They live in the import's transaction: a refused import leaves none
// (and one left by a failed commit is replaced).

constexpr std::string_view kCreateWorkTables = R"sql(
DROP TABLE IF EXISTS temp.import_links;
DROP TABLE IF EXISTS temp.import_schools;
DROP TABLE IF EXISTS temp.import_lost_links;
DROP TABLE IF EXISTS temp.import_pupils;
DROP TABLE IF EXISTS temp.import_pupil_schools;
CREATE TEMP TABLE import_pupils (id INTEGER PRIMARY KEY);
CREATE TEMP TABLE import_pupil_schools (uai TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE import_links (
  guardian_id          INTEGER NOT NULL,
  pupil_id             INTEGER NOT NULL,
  legal_representative INTEGER NOT NULL,
  PRIMARY KEY (guardian_id, pupil_id)
) WITHOUT ROWID;
CREATE TEMP TABLE import_schools (uai TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE import_lost_links (
  guardian_id INTEGER NOT NULL,
  pupil_id    INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  PRIMARY KEY (guardian_id, pupil_id)
) WITHOUT ROWID;
)sql";

constexpr std::string_view kDropWorkTables = R"sql(
DROP TABLE temp.import_links;
DROP TABLE temp.import_schools;
DROP TABLE temp.import_lost_links;
DROP TABLE temp.import_pupils;
DROP TABLE temp.import_pupil_schools;
)sql";

// A pupils file is authoritative for the schools it lists pupils of: a pupil of
// one of them that it no longer lists has left (and comes back when listed again,
// by the upsert). A pupil who moved is listed by the new school: not left.
constexpr std::string_view kMarkLeftPupils =
    "UPDATE pupils SET left_at = ?1 WHERE left_at IS NULL "
    "AND school_uai IN (SELECT uai FROM temp.import_pupil_schools) "
    "AND id NOT IN (SELECT id FROM temp.import_pupils)";

// The schools of the pupils the links file names.
constexpr std::string_view kCoverLinkedSchools =
    "INSERT OR IGNORE INTO temp.import_schools (uai) "
    "SELECT DISTINCT p.school_uai FROM temp.import_links l JOIN pupils p ON p.id = l.pupil_id";

// Before the new links are written: what the database has and the file no longer says.
// CROSS JOIN fixes the order (SQLite does not reorder it): from the few covered
// schools through the indexes, rather than a scan of every link in the database.
constexpr std::string_view kFindRemovedLinks =
    "INSERT INTO temp.import_lost_links (guardian_id, pupil_id, reason) "
    "SELECT gp.guardian_id, gp.pupil_id, 'link_removed' FROM temp.import_schools s "
    "CROSS JOIN pupils p ON p.school_uai = s.uai CROSS JOIN guardian_pupils gp ON gp.pupil_id = p.id "
    "WHERE NOT EXISTS (SELECT 1 FROM temp.import_links l "
    "                  WHERE l.guardian_id = gp.guardian_id AND l.pupil_id = gp.pupil_id)";
constexpr std::string_view kFindNoLongerLegal =
    "INSERT INTO temp.import_lost_links (guardian_id, pupil_id, reason) "
    "SELECT l.guardian_id, l.pupil_id, 'no_longer_legal_representative' FROM temp.import_links l "
    "JOIN guardian_pupils gp ON gp.guardian_id = l.guardian_id AND gp.pupil_id = l.pupil_id "
    "WHERE gp.legal_representative = 1 AND l.legal_representative = 0";

// "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT.
constexpr std::string_view kWriteLinks =
    "INSERT INTO guardian_pupils (guardian_id, pupil_id, legal_representative) "
    "SELECT guardian_id, pupil_id, legal_representative FROM temp.import_links WHERE true "
    "ON CONFLICT (guardian_id, pupil_id) DO UPDATE SET legal_representative = excluded.legal_representative";

constexpr std::string_view kDeleteRemovedLinks =
    "DELETE FROM guardian_pupils WHERE (guardian_id, pupil_id) IN "
    "(SELECT guardian_id, pupil_id FROM temp.import_lost_links WHERE reason = 'link_removed')";

// An account sees a child through the link of the guardian it was created for.
// An account holds a child through one guardian's link (account_children.guardian_id;
// the account's own guardian for rows older than that column): that link gone,
// the access goes, whichever account the child sits in.
constexpr std::string_view kAuditLostAccess =
    "INSERT INTO audit_log (at, kind, account_id, guardian_id, pupil_id, detail) "
    "SELECT ?1, 'child_access_removed', a.id, lost.guardian_id, lost.pupil_id, "
    "json_object('reason', lost.reason) FROM temp.import_lost_links lost "
    "CROSS JOIN account_children c ON c.pupil_id = lost.pupil_id "
    "CROSS JOIN accounts a ON a.id = c.account_id "
    "WHERE coalesce(c.guardian_id, a.guardian_id) = lost.guardian_id";
constexpr std::string_view kDeleteLostAccess =
    "DELETE FROM account_children WHERE (account_id, pupil_id) IN "
    "(SELECT c.account_id, c.pupil_id FROM temp.import_lost_links lost "
    " CROSS JOIN account_children c ON c.pupil_id = lost.pupil_id "
    " CROSS JOIN accounts a ON a.id = c.account_id "
    " WHERE coalesce(c.guardian_id, a.guardian_id) = lost.guardian_id)";

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// ---- The import ---------------------------------------------------------------

class DirectoryImport {
 public:
  DirectoryImport(store::Connection& connection, const ImportOptions& options, ImportReport& report)
      : connection_(connection),
        options_(options),
        report_(report),
        upsert_school_(
            connection.prepare("INSERT INTO schools (uai, name, city, level) VALUES (?1, ?2, ?3, ?4) "
                               "ON CONFLICT (uai) DO UPDATE SET name = excluded.name, city = excluded.city, "
                               "level = excluded.level")),
        find_school_(connection.prepare("SELECT 1 FROM schools WHERE uai = ?1")),
        upsert_pupil_(connection.prepare(
            "INSERT INTO pupils (external_id, school_uai, last_name, first_name, birth_date, class_name) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (external_id) DO UPDATE SET "
            "school_uai = excluded.school_uai, last_name = excluded.last_name, "
            "first_name = excluded.first_name, birth_date = excluded.birth_date, "
            "class_name = excluded.class_name, left_at = NULL RETURNING id")),
        list_pupil_(connection.prepare("INSERT OR IGNORE INTO temp.import_pupils (id) VALUES (?1)")),
        list_pupil_school_(
            connection.prepare("INSERT OR IGNORE INTO temp.import_pupil_schools (uai) VALUES (?1)")),
        find_pupil_(connection.prepare("SELECT id FROM pupils WHERE external_id = ?1")),
        upsert_guardian_(connection.prepare(
            "INSERT INTO guardians (external_id, last_name, first_name, last_name_key, first_name_key, "
            "mobile_e164, email) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (external_id) DO UPDATE SET "
            "last_name = excluded.last_name, first_name = excluded.first_name, "
            "last_name_key = excluded.last_name_key, first_name_key = excluded.first_name_key, "
            "mobile_e164 = excluded.mobile_e164, email = excluded.email RETURNING id")),
        find_guardian_(connection.prepare("SELECT id FROM guardians WHERE external_id = ?1")),
        write_link_(
            connection.prepare("INSERT INTO guardian_pupils (guardian_id, pupil_id, legal_representative) "
                               "VALUES (?1, ?2, ?3)")),
        remember_link_(
            connection.prepare("INSERT INTO temp.import_links (guardian_id, pupil_id, legal_representative) "
                               "VALUES (?1, ?2, ?3)")),
        cover_school_(connection.prepare("INSERT OR IGNORE INTO temp.import_schools (uai) VALUES (?1)")) {}

  void schools(const CsvFile& file) {
    std::unordered_map<std::string, Seen> first_line;
    read_rows(file, kSchoolColumns, [&](Row& row) { import_school(row, first_line); });
  }
  void pupils(const CsvFile& file) {
    pupils_seen_.reserve(line_count(file));
    read_rows(file, kPupilColumns, [&](Row& row) { import_pupil(row); });
  }
  void guardians(const CsvFile& file) {
    guardians_seen_.reserve(line_count(file));
    read_rows(file, kGuardianColumns, [&](Row& row) { import_guardian(row); });
  }
  void links(const CsvFile& file) {
    // Without any link yet there is nothing to compare with: each link goes
    // straight into the directory instead of through the work table.
    direct_links_ = connection_.query_integer("SELECT NOT EXISTS (SELECT 1 FROM guardian_pupils)") != 0;
    std::unordered_map<std::uint64_t, Seen> first_line;
    first_line.reserve(line_count(file));
    read_rows(file, kLinkColumns, [&](Row& row) { import_link(row, first_line); });
  }

  // The pupils a pupils file no longer lists leave; then every pupil's account
  // follows (accounts/pupil_accounts.h). Only for an import without errors.
  void apply_pupils() {
    if (!pupil_schools_listed_.empty()) {
      connection_.run(kMarkLeftPupils, options_.now.value_or(unix_now()));
      report_.pupils_left = static_cast<std::size_t>(connection_.changes());
    }
    const accounts::PupilAccountsSync sync = accounts::sync_pupil_accounts(connection_, options_.now.value_or(unix_now()));
    report_.pupil_accounts_created = sync.created;
    report_.pupil_accounts_disabled = sync.disabled;
    report_.pupil_accounts_enabled = sync.enabled;
    for (const std::string& external_id : sync.without_identifier)
      report_.warnings.push_back("élève " + shown(external_id) +
                                 " : aucun identifiant ne peut être formé avec ses nom et prénom ; "
                                 "son compte n'est pas créé");
  }

  // Writes the links read by links(), and removes those of the covered schools
  // that the file no longer has. Only for a file without errors: the counts of
  // an import that is rolled back would mean nothing.
  void apply_links() {
    if (direct_links_) return;  // already written; no link existed to remove or demote
    for (const std::string& uai : covered_schools_) cover_school_.bind(1, uai).run();
    connection_.execute(kCoverLinkedSchools);
    connection_.execute(kFindRemovedLinks);
    connection_.execute(kFindNoLongerLegal);
    connection_.execute(kWriteLinks);
    connection_.execute(kDeleteRemovedLinks);
    report_.links_removed = static_cast<std::size_t>(connection_.changes());
    connection_.prepare(kAuditLostAccess).bind(1, options_.now.value_or(unix_now())).run();
    connection_.execute(kDeleteLostAccess);
    report_.access_removed = static_cast<std::size_t>(connection_.changes());
  }

 private:
  // ---- Reporting

  void add_error(std::string message) {
    ++report_.error_count;
    if (report_.errors.size() < options_.max_listed_errors) report_.errors.push_back(std::move(message));
  }

  void refuse(Row& row, std::string_view what) {
    add_error(row.file->name + ", ligne " + std::to_string(row.line) + " : " + std::string(what));
    row.refused = true;
  }

  // The entry of `key`, first seen on this row; nullptr (and the row refused)
  // when `key` was already seen in this file.
  // `what` names the key in the message ("UAI « 0750001A »"); only called then.
  template <class Key, class What>
  Seen* first_time(Row& row, std::unordered_map<Key, Seen>& first_line, const Key& key, What&& what) {
    const auto [it, inserted] = first_line.try_emplace(key, Seen{row.line});
    if (inserted) return &it->second;
    refuse(row, what() + " en double : déjà à la ligne " + std::to_string(it->second.line));
    return nullptr;
  }

  // Rows in a file, at most: enough room for its keys without rehashing.
  static std::size_t line_count(const CsvFile& file) {
    return static_cast<std::size_t>(std::count(file.text.begin(), file.text.end(), '\n')) + 1;
  }

  // Runs an upsert ending in RETURNING id.
  static std::int64_t written_id(store::Statement& upsert) {
    if (!upsert.step()) throw store::StoreError("upsert returned no id");
    const std::int64_t id = upsert.integer(0);
    upsert.reset();
    return id;
  }

  // ---- Reading

  // Maps the spec's columns to the header's; false (errors listed) when the header is wrong.
  bool map_header(const CsvFile& file, const CsvRecord& header, std::span<const Column> columns,
                  std::vector<std::size_t>& positions) {
    const std::size_t absent = std::string::npos;
    positions.assign(columns.size(), absent);
    const auto header_error = [&](const std::string& what) {
      add_error(file.name + ", ligne " + std::to_string(header.line) + " : " + what +
                " (en-tête attendu : " + expected_header(columns) + ")");
    };
    bool ok = true;
    for (std::size_t field = 0; field < header.fields.size(); ++field) {
      const std::string name = lower_ascii(trim(header.fields[field]));
      if (name.empty() && field + 1 == header.fields.size()) break;  // a trailing separator
      const auto column =
          std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; });
      if (column == columns.end()) {
        header_error("colonne inconnue " + shown(header.fields[field]));
        ok = false;
      } else if (positions[column - columns.begin()] != absent) {
        header_error("colonne " + shown(name) + " en double");
        ok = false;
      } else {
        positions[column - columns.begin()] = field;
      }
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].required && positions[i] == absent) {
        header_error("colonne " + shown(columns[i].name) + " manquante");
        ok = false;
      }
    }
    return ok;
  }

  // Checks a record's shape and text, then hands its values to `import_row`.
  template <class ImportRow>
  void read_rows(const CsvFile& file, std::span<const Column> columns, ImportRow&& import_row) {
    if (!is_valid_utf8(file.text)) {
      reject_encoding(file);
      return;
    }
    CsvReader reader(file.text);
    CsvRecord record;
    if (!reader.next(record)) {
      add_error(file.name +
                " : fichier vide (il faut au moins la ligne d'en-tête : " + expected_header(columns) + ")");
      return;
    }
    // Without the columns the rows cannot be read: their errors would all be noise.
    if (!record.syntax_error.empty()) {
      add_error(file.name + ", ligne " + std::to_string(record.line) + " : " + record.syntax_error);
      return;
    }
    std::vector<std::size_t> positions;
    if (!map_header(file, record, columns, positions)) return;
    const std::size_t header_width = record.fields.size();

    Row row{&file, 0, std::vector<std::string>(columns.size()), false};
    std::size_t rows = 0;
    while (reader.next(record)) {
      row.line = record.line;
      row.refused = false;
      if (!record.syntax_error.empty()) {
        refuse(row, record.syntax_error);
      } else if (!has_shape(record, header_width)) {
        refuse(row, std::to_string(record.fields.size()) + " champs au lieu de " +
                        std::to_string(header_width) + " (séparateur « " + reader.separator() + " »)");
      } else {
        for (std::size_t i = 0; i < columns.size(); ++i) {
          row.values[i] =
              positions[i] == std::string::npos ? std::string() : trim(record.fields[positions[i]]);
        }
        import_row(row);
      }
      ++rows;
      if (options_.on_progress && options_.progress_every > 0 && rows % options_.progress_every == 0) {
        options_.on_progress(file.name, rows);
      }
    }
  }

  // Trailing empty fields (a separator at the end of each line) are tolerated.
  static bool has_shape(const CsvRecord& record, std::size_t header_width) {
    if (record.fields.size() < header_width) return false;
    for (std::size_t i = header_width; i < record.fields.size(); ++i) {
      if (!record.fields[i].empty()) return false;
    }
    return true;
  }

  // One error for the whole file: every line after the first bad byte would fail too.
  void reject_encoding(const CsvFile& file) {
    std::size_t line = 1;
    std::size_t start = 0;
    for (;;) {
      const std::size_t end = file.text.find('\n', start);
      if (!is_valid_utf8(std::string_view(file.text).substr(start, end - start))) break;
      if (end == std::string::npos) break;
      start = end + 1;
      ++line;
    }
    add_error(file.name + ", ligne " + std::to_string(line) +
              " : le texte n'est pas en UTF-8 ; enregistrez le fichier au format « CSV UTF-8 »");
  }

  // ---- Rows

  void import_school(Row& row, std::unordered_map<std::string, Seen>& first_line) {
    const auto uai = checked(row, 0, kUai, normalize_uai);
    const auto name = checked(row, 1, kSchoolName, check_text);
    const auto city = checked(row, 2, kCity, check_text);
    const auto level = checked(row, 3, kLevel, parse_level);
    const std::string key = uai.value_or(row[0]);
    if (!key.empty()) first_time(row, first_line, key, [&] { return "UAI " + shown(key); });

    if (row.refused) {
      refused_schools_.insert(key);
      return;
    }
    upsert_school_.bind(1, *uai).bind(2, *name).bind(3, *city).bind(4, *level).run();
    covered_schools_.insert(*uai);
    ++report_.schools;
  }

  void import_pupil(Row& row) {
    const auto id = checked(row, 0, kPupilId, check_external_id);
    const auto uai = checked(row, 1, kUai, normalize_uai);
    if (uai && !school_known(*uai)) {
      refuse_reference(row, refused_schools_, *uai,
                       invalid("établissement inconnu", *uai, "absent de la base et des écoles importées"));
    }
    const auto last_name =
        checked(row, 2, kLastName, [](std::string_view v) { return check_person_name(v, "Nom"); });
    const auto first_name =
        checked(row, 3, kFirstName, [](std::string_view v) { return check_person_name(v, "Prénom"); });
    const auto birth_date = checked(
        row, 4, kBirthDate, [&](std::string_view v) { return parse_pupil_birth_date(v, options_.today); });
    const auto class_name = optional_checked(row, 5, kClass, check_text);
    Seen* seen = id ? first_time(row, pupils_seen_, *id, [&] { return "identifiant d'élève " + shown(*id); }) : nullptr;

    if (row.refused) {
      if (id) refused_pupils_.insert(*id);
      return;
    }
    upsert_pupil_.bind(1, *id).bind(2, *uai).bind(3, *last_name).bind(4, *first_name).bind(5, birth_date->iso());
    upsert_pupil_.bind(6, class_name);
    seen->id = written_id(upsert_pupil_);
    list_pupil_.bind(1, seen->id).run();
    covered_schools_.insert(*uai);
    if (pupil_schools_listed_.insert(*uai).second) list_pupil_school_.bind(1, *uai).run();
    ++report_.pupils;
  }

  void import_guardian(Row& row) {
    const auto id = checked(row, 0, kGuardianId, check_external_id);
    const auto last_name =
        checked(row, 1, kLastName, [](std::string_view v) { return check_person_name(v, "Nom"); });
    const auto first_name =
        checked(row, 2, kFirstName, [](std::string_view v) { return check_person_name(v, "Prénom"); });
    // Both may be empty: a guardian without a mobile exists but cannot activate alone.
    const auto mobile =
        optional_checked(row, 3, kMobile, [](std::string_view v) { return normalize_mobile_phone(v); });
    const auto email = optional_checked(row, 4, kEmail, check_email);
    Seen* seen = id ? first_time(row, guardians_seen_, *id, [&] { return "identifiant de responsable " + shown(*id); }) : nullptr;

    if (row.refused) {
      if (id) refused_guardians_.insert(*id);
      return;
    }
    upsert_guardian_.bind(1, *id)
        .bind(2, *last_name)
        .bind(3, *first_name)
        .bind(4, name_match_key(*last_name))
        .bind(5, name_match_key(*first_name))
        .bind(6, mobile)
        .bind(7, email);
    seen->id = written_id(upsert_guardian_);
    ++report_.guardians;
  }

  void import_link(Row& row, std::unordered_map<std::uint64_t, Seen>& first_line) {
    const auto guardian_id = resolve(row, 0, kGuardianId, guardians_seen_, find_guardian_, refused_guardians_,
                                     "responsable inconnu");
    const auto pupil_id =
        resolve(row, 1, kPupilId, pupils_seen_, find_pupil_, refused_pupils_, "élève inconnu");
    const auto legal = checked(row, 2, kLegalRepresentative, parse_yes_no);
    if (guardian_id && pupil_id) {
      first_time(row, first_line, link_key(*guardian_id, *pupil_id),
                 [&] { return "lien entre " + shown(row[0]) + " et " + shown(row[1]); });
    }

    if (row.refused) return;
    (direct_links_ ? write_link_ : remember_link_).bind(1, *guardian_id).bind(2, *pupil_id).bind(3, *legal).run();
    ++report_.links;
  }

  // ---- Checks

  // The value of a required column through `rule` (a shared rule or one of the
  // above), or nullopt with the row refused: "nom manquant", or
  // "nom invalide (« MART1N ») : <the rule's reason>".
  template <class Rule>
  auto checked(Row& row, std::size_t column, const Field& field, Rule&& rule)
      -> std::optional<std::remove_cvref_t<decltype(*rule(std::string_view()))>> {
    const std::string& value = row[column];
    if (value.empty()) {
      refuse(row, field.missing);
      return std::nullopt;
    }
    const auto result = rule(value);
    if (!result) {
      refuse(row, invalid(field.invalid, value, result.error().message));
      return std::nullopt;
    }
    return *result;
  }

  // The same for a column that may be empty (nullopt then, and the row kept).
  template <class Rule>
  auto optional_checked(Row& row, std::size_t column, const Field& field, Rule&& rule)
      -> decltype(checked(row, column, field, rule)) {
    if (row[column].empty()) return std::nullopt;
    return checked(row, column, field, rule);
  }

  // Schools are never removed: one found stays known for the rest of the import.
  bool school_known(const std::string& uai) {
    if (known_schools_.contains(uai)) return true;
    find_school_.bind(1, uai);
    const bool found = find_school_.step();
    find_school_.reset();
    if (found) known_schools_.insert(uai);
    return found;
  }

  // A reference to a row refused earlier is not reported again: that row's
  // own error says what to fix.
  void refuse_reference(Row& row, const std::unordered_set<std::string>& refused, const std::string& key,
                        std::string_view what) {
    if (refused.contains(key)) {
      row.refused = true;
    } else {
      refuse(row, what);
    }
  }

  // The id of the row an export key refers to: written by this import, or already in the database.
  std::optional<std::int64_t> resolve(Row& row, std::size_t column, const Field& field,
                                      const std::unordered_map<std::string, Seen>& written, store::Statement& find,
                                      const std::unordered_set<std::string>& refused, std::string_view unknown) {
    const auto key = checked(row, column, field, check_external_id);
    if (!key) return std::nullopt;
    std::optional<std::int64_t> id;
    if (const auto seen = written.find(*key); seen != written.end() && seen->second.id != 0) {
      id = seen->second.id;
    } else {
      find.bind(1, *key);
      if (find.step()) id = find.integer(0);
      find.reset();
    }
    if (!id)
      refuse_reference(row, refused, *key,
                       invalid(unknown, *key, "absent de la base et des fichiers importés"));
    return id;
  }

  store::Connection& connection_;
  const ImportOptions& options_;
  ImportReport& report_;
  store::Statement upsert_school_;
  store::Statement find_school_;
  store::Statement upsert_pupil_;
  store::Statement list_pupil_;
  store::Statement list_pupil_school_;
  store::Statement find_pupil_;
  store::Statement upsert_guardian_;
  store::Statement find_guardian_;
  store::Statement write_link_;
  store::Statement remember_link_;
  store::Statement cover_school_;
  // Export key → first line and written id, for the duplicates and for links.csv.
  std::unordered_map<std::string, Seen> pupils_seen_;
  std::unordered_map<std::string, Seen> guardians_seen_;
  bool direct_links_ = false;
  std::unordered_set<std::string> known_schools_;  // links written as read (no link in the database before)
  // Keys of rows refused for another reason than their key.
  std::unordered_set<std::string> refused_schools_;
  std::unordered_set<std::string> refused_pupils_;
  std::unordered_set<std::string> refused_guardians_;
  // The UAIs of schools.csv and of the pupils of pupils.csv; links.csv adds its
  // pupils' schools in SQL.
  std::unordered_set<std::string> covered_schools_;
  std::unordered_set<std::string> pupil_schools_listed_;  // the schools of pupils.csv's rows
};

}  // namespace

std::string ImportReport::error_summary() const {
  std::string summary;
  for (const std::string& error : errors) summary += error + "\n";
  const std::size_t left_out = error_count - errors.size();
  if (left_out == 1) summary += "… et 1 autre erreur\n";
  if (left_out > 1) summary += "… et " + group_thousands(left_out) + " autres erreurs\n";
  return summary;
}

namespace {

// A first load into an empty table: inserting into its secondary indexes row by
// row, in random key order, costs more than building each once at the end
// (CREATE INDEX sorts). Drops them and answers the SQL that recreates them.
std::vector<std::string> drop_indexes_of_empty_tables(store::Connection& connection) {
  std::vector<std::pair<std::string, std::string>> indexes;  // name, sql
  for (const std::string_view table : {"pupils", "guardians", "guardian_pupils"}) {
    if (connection.query_integer("SELECT EXISTS (SELECT 1 FROM " + std::string(table) + ")") != 0) continue;
    // sql is NULL for the indexes behind UNIQUE and PRIMARY KEY: those stay.
    store::Statement query = connection.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL");
    query.bind(1, table);
    while (query.step()) indexes.emplace_back(query.text(0), query.text(1));
  }
  std::vector<std::string> recreate;
  for (const auto& [name, sql] : indexes) {
    connection.execute("DROP INDEX \"" + name + "\"");
    recreate.push_back(sql);
  }
  return recreate;
}

}  // namespace

ImportReport import_directory(store::Connection& connection, const ImportFiles& files,
                              const ImportOptions& options) {
  ImportReport report;
  store::Transaction transaction(connection);
  const std::vector<std::string> dropped_indexes = drop_indexes_of_empty_tables(connection);
  connection.execute(kCreateWorkTables);
  {
    DirectoryImport import(connection, options, report);
    if (files.schools) import.schools(*files.schools);
    if (files.pupils) import.pupils(*files.pupils);
    if (files.guardians) import.guardians(*files.guardians);
    if (files.links) import.links(*files.links);
    if (files.links && report.ok()) import.apply_links();
    if (report.ok()) import.apply_pupils();
  }  // statements finalised before the transaction ends
  if (report.ok()) {
    for (const std::string& sql : dropped_indexes) connection.execute(sql);
    connection.execute(kDropWorkTables);
    transaction.commit();
  }
  return report;
}

Date local_today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

std::string group_thousands(std::size_t number) {
  const std::string digits = std::to_string(number);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += "\u202F";  // narrow no-break space
    grouped += digits[i];
  }
  return grouped;
}

}  // namespace sesame::directory
