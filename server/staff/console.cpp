#include "server/staff/console.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>

#include "server/accounts/accounts.h"
#include "server/accounts/credentials.h"
#include "server/accounts/pupil_accounts.h"
#include "server/accounts/school_letters.h"
#include "server/config/clock.h"
#include "server/directory/directory.h"
#include "server/security/secrets.h"
#include "server/flows/audit.h"
#include "server/sessions/queries.h"
#include "shared/identifier.h"
#include "shared/names.h"

namespace sesame::staff {

namespace {

// The calendar day (UTC) of an instant: a temporary password's last day.
Date utc_date(std::int64_t unix_seconds) {
  const std::chrono::year_month_day day{
      std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds{std::chrono::seconds{unix_seconds}})};
  return Date{static_cast<int>(day.year()), static_cast<int>(static_cast<unsigned>(day.month())),
              static_cast<int>(static_cast<unsigned>(day.day()))};
}

// --- Reading people within the member's schools ---------------------------------
// The member's schools as a JSON array, for "IN (SELECT value FROM json_each(?))".
std::string uais_json(const std::vector<std::string>& uais) { return nlohmann::json(uais).dump(); }

struct PupilRow {
  std::int64_t id = 0;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> class_name;
  api::School school;
};

struct GuardianRow {
  std::int64_t id = 0;
  std::string first_name;
  std::string last_name;
  bool mobile_known = false;
};

struct AccountRow {
  std::int64_t id = 0;
  std::string identifier;
  bool has_password = false;
  bool franceconnect = false;
  bool closed = false;
  bool disabled = false;
};

constexpr std::string_view kPupilColumns =
    "SELECT p.id, p.first_name, p.last_name, p.class_name, s.name, s.city, s.uai "
    "FROM pupils p JOIN schools s ON s.uai = p.school_uai ";

PupilRow read_pupil(const store::Statement& row) {
  return PupilRow{row.integer(0), row.text(1), row.text(2), row.optional_text(3),
                  api::School{row.text(4), row.text(5), row.text(6)}};
}

// The pupil when enrolled today in one of `uais`.
std::optional<PupilRow> pupil_in(store::Connection& connection, std::int64_t id, const std::vector<std::string>& uais) {
  store::Statement query = connection.query(
      std::string(kPupilColumns) +
          "WHERE p.id = ?1 AND p.left_at IS NULL AND p.school_uai IN (SELECT value FROM json_each(?2))",
      id, uais_json(uais));
  if (!query.step()) return std::nullopt;
  return read_pupil(query);
}

// The guardian when legal representative of a pupil enrolled today in one of `uais`.
std::optional<GuardianRow> guardian_in(store::Connection& connection, std::int64_t id,
                                       const std::vector<std::string>& uais) {
  store::Statement query = connection.query(
      "SELECT g.id, g.first_name, g.last_name, g.mobile_e164 IS NOT NULL FROM guardians g WHERE g.id = ?1 AND "
      "EXISTS (SELECT 1 FROM guardian_pupils gp JOIN pupils p ON p.id = gp.pupil_id "
      "        WHERE gp.guardian_id = g.id AND gp.legal_representative = 1 AND p.left_at IS NULL "
      "          AND p.school_uai IN (SELECT value FROM json_each(?2)))",
      id, uais_json(uais));
  if (!query.step()) return std::nullopt;
  return GuardianRow{query.integer(0), query.text(1), query.text(2), query.integer(3) != 0};
}

// The guardian's children enrolled in one of `uais` (legal representative), by name.
std::vector<PupilRow> children_in(store::Connection& connection, std::int64_t guardian_id,
                                  const std::vector<std::string>& uais) {
  std::vector<PupilRow> children;
  store::Statement query = connection.query(
      std::string(kPupilColumns) +
          "JOIN guardian_pupils gp ON gp.pupil_id = p.id AND gp.legal_representative = 1 "
          "WHERE gp.guardian_id = ?1 AND p.left_at IS NULL AND p.school_uai IN (SELECT value FROM json_each(?2)) "
          "ORDER BY p.last_name, p.first_name, p.id",
      guardian_id, uais_json(uais));
  while (query.step()) children.push_back(read_pupil(query));
  return children;
}

std::vector<GuardianRow> legal_representatives(store::Connection& connection, std::int64_t pupil_id) {
  std::vector<GuardianRow> guardians;
  store::Statement query = connection.query(
      "SELECT g.id, g.first_name, g.last_name, g.mobile_e164 IS NOT NULL FROM guardians g "
      "JOIN guardian_pupils gp ON gp.guardian_id = g.id AND gp.legal_representative = 1 "
      "WHERE gp.pupil_id = ?1 ORDER BY g.last_name, g.first_name, g.id",
      pupil_id);
  while (query.step())
    guardians.push_back(GuardianRow{query.integer(0), query.text(1), query.text(2), query.integer(3) != 0});
  return guardians;
}

constexpr std::string_view kAccountColumns =
    "SELECT id, identifier, password_hash IS NOT NULL, franceconnect_sub IS NOT NULL, closed_at IS NOT NULL, "
    "disabled_at IS NOT NULL FROM accounts ";

std::optional<AccountRow> first_account(store::Statement& query) {
  if (!query.step()) return std::nullopt;
  return AccountRow{query.integer(0), query.text(1), query.integer(2) != 0, query.integer(3) != 0,
                    query.integer(4) != 0, query.integer(5) != 0};
}

std::optional<AccountRow> pupil_account(store::Connection& connection, std::int64_t pupil_id) {
  store::Statement query = connection.query(std::string(kAccountColumns) + "WHERE pupil_id = ?1", pupil_id);
  return first_account(query);
}

// A guardian's open parent account (the newest, if a take-over left several).
std::optional<AccountRow> guardian_account(store::Connection& connection, std::int64_t guardian_id) {
  store::Statement query = connection.query(
      std::string(kAccountColumns) +
          "WHERE guardian_id = ?1 AND profile = 'parent' AND closed_at IS NULL ORDER BY id DESC LIMIT 1",
      guardian_id);
  return first_account(query);
}

std::optional<AccountRow> account_of(store::Connection& connection, PersonKind kind, std::int64_t id) {
  return kind == PersonKind::pupil ? pupil_account(connection, id) : guardian_account(connection, id);
}

struct AccountState {
  std::string state;
  std::optional<std::int64_t> locked_until;
};

AccountState state_of(store::Connection& connection, const Services& services, const std::optional<AccountRow>& row,
                      std::int64_t now) {
  if (!row) return {"none", std::nullopt};
  if (row->closed) return {"closed", std::nullopt};
  if (row->disabled) return {"disabled", std::nullopt};
  if (const auto until = accounts::login_locked_until(connection, services.security.login, row->identifier, now))
    return {"locked", until};
  if (!row->has_password && !row->franceconnect) return {"not_activated", std::nullopt};
  return {"active", std::nullopt};
}

api::PersonSummary pupil_summary(store::Connection& connection, const Services& services, const PupilRow& pupil,
                                 std::int64_t now) {
  return api::PersonSummary{"pupil",
                            std::to_string(pupil.id),
                            pupil.first_name,
                            pupil.last_name,
                            pupil.school,
                            pupil.class_name,
                            state_of(connection, services, pupil_account(connection, pupil.id), now).state};
}

api::PersonSummary guardian_summary(store::Connection& connection, const Services& services,
                                    const GuardianRow& guardian, std::int64_t now) {
  return api::PersonSummary{"guardian",
                            std::to_string(guardian.id),
                            guardian.first_name,
                            guardian.last_name,
                            std::nullopt,
                            std::nullopt,
                            state_of(connection, services, guardian_account(connection, guardian.id), now).state};
}

api::PersonAccount person_account(store::Connection& connection, const Services& services,
                                  const std::optional<AccountRow>& row, std::int64_t now) {
  const AccountState state = state_of(connection, services, row, now);
  api::PersonAccount account{state.state, std::nullopt, std::nullopt, false, std::nullopt, std::nullopt, 0};
  if (!row) return account;
  account.identifier = row->identifier;
  if (state.locked_until) account.locked_until = format_iso_utc(*state.locked_until);
  account.franceconnect = row->franceconnect;
  {
    store::Statement last = connection.query(
        "SELECT max(at) FROM audit_log WHERE account_id = ?1 "
        "AND kind IN ('sign_in', 'sign_in_franceconnect', 'first_sign_in_completed')",
        row->id);
    if (last.step() && !last.is_null(0)) account.last_sign_in_at = format_iso_utc(last.integer(0));
  }
  if (const auto temporary = accounts::find_temporary_password(connection, row->id);
      temporary && temporary->expires_at > now)
    account.temporary_password_expires_on = utc_date(temporary->expires_at);
  store::Statement sessions = connection.query("SELECT count(*) FROM sessions WHERE account_id = ?1", row->id);
  if (sessions.step()) account.open_sessions = static_cast<int>(sessions.integer(0));
  return account;
}

// The letters of first sign-in given for the account, newest first, and by whom.
std::vector<api::LetterIssued> letters_of(store::Connection& connection, const std::optional<AccountRow>& row) {
  std::vector<api::LetterIssued> letters;
  if (!row) return letters;
  store::Statement query = connection.query(
      "SELECT a.at, json_extract(a.detail, '$.by'), "
      "       (SELECT m.name FROM audit_log s JOIN staff_members m ON m.id = s.staff_id "
      "        WHERE s.at = a.at AND s.kind IN ('letter_issued', 'class_letters_issued') "
      "          AND (s.account_id = a.account_id OR s.kind = 'class_letters_issued') LIMIT 1) "
      "FROM audit_log a WHERE a.account_id = ?1 AND a.kind = 'temporary_password_issued' "
      "ORDER BY a.at DESC, a.id DESC LIMIT 20",
      row->id);
  while (query.step()) {
    std::string by;
    if (!query.is_null(2)) {
      by = query.text(2);
    } else if (!query.is_null(1) && query.text(1) == "parent") {
      by = "un parent, depuis son compte";
    } else {
      by = "l'administrateur de Sésame";
    }
    letters.push_back(api::LetterIssued{format_iso_utc(query.integer(0)), std::move(by)});
  }
  return letters;
}

// --- Name search ------------------------------------------------------------------
// The words of a name, each as name_match_key() folds it ("Jean-Luc D'Aubigné"
// -> JEAN, LUC, D, AUBIGNE) and the whole name folded too (DAUBIGNE).
std::vector<std::string> name_keys(std::string_view name) {
  std::vector<std::string> keys;
  std::string word;
  auto flush = [&] {
    if (const std::string key = name_match_key(word); !key.empty()) keys.push_back(key);
    word.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == ' ' || c == '-' || c == '\'') {
      flush();
    } else if (name.substr(i, 3) == "\xE2\x80\x99") {  // ’
      flush();
      i += 2;
    } else {
      word += c;
    }
  }
  flush();
  if (const std::string whole = name_match_key(name); !whole.empty()) keys.push_back(whole);
  return keys;
}

// Every typed word starts one of the person's name words (accents and case ignored).
bool matches(const std::vector<std::string>& typed_keys, std::string_view first_name, std::string_view last_name) {
  std::vector<std::string> keys = name_keys(last_name);
  for (std::string& key : name_keys(first_name)) keys.push_back(std::move(key));
  return std::all_of(typed_keys.begin(), typed_keys.end(), [&](const std::string& typed) {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& key) { return key.starts_with(typed); });
  });
}

std::vector<std::string> typed_keys(std::string_view q) {
  std::vector<std::string> keys = name_keys(q);
  if (keys.size() > 1) keys.pop_back();  // the whole query folded: its words say it already
  return keys;
}

bool by_name(const api::PersonSummary& a, const api::PersonSummary& b) {
  const std::string ka = name_match_key(a.last_name), kb = name_match_key(b.last_name);
  if (ka != kb) return ka < kb;
  return name_match_key(a.first_name) < name_match_key(b.first_name);
}

std::string target_name(std::string_view first_name, std::string_view last_name) {
  return upper_name(last_name) + " " + std::string(first_name);
}

}  // namespace

std::optional<PersonKind> parse_person_kind(std::string_view text) {
  if (text == "pupil") return PersonKind::pupil;
  if (text == "guardian") return PersonKind::guardian;
  return std::nullopt;
}

Outcome<api::PeopleAnswer> Console::search(const StaffSession& staff, const Search& search) {
  const std::vector<std::string> typed = typed_keys(search.q);
  std::size_t letters = 0;
  for (const std::string& key : typed) letters += key.size();
  if (letters < 2 && !search.class_name) return Refusal{.code = "invalid_search", .field = "q"};
  std::vector<std::string> uais = staff.uais;
  if (search.uai) {
    if (!staff.in(*search.uai)) return Refusal{"school_not_yours"};
    uais = {*search.uai};
  }
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::ReadTransaction read(*connection);
  std::vector<api::PersonSummary> found;
  std::size_t matched = 0;
  if (search.kind != PersonKind::guardian) {
    std::vector<PupilRow> pupils;
    store::Statement query = connection->query(
        std::string(kPupilColumns) +
            "WHERE p.left_at IS NULL AND p.school_uai IN (SELECT value FROM json_each(?1)) "
            "AND (?2 IS NULL OR p.class_name = ?2)",
        uais_json(uais), search.class_name);
    while (query.step()) {
      PupilRow pupil = read_pupil(query);
      if (matches(typed, pupil.first_name, pupil.last_name)) pupils.push_back(std::move(pupil));
    }
    matched += pupils.size();
    for (const PupilRow& pupil : pupils) found.push_back(pupil_summary(*connection, services_, pupil, now));
  }
  if (search.kind != PersonKind::pupil) {
    std::vector<GuardianRow> guardians;
    store::Statement query = connection->query(
        "SELECT DISTINCT g.id, g.first_name, g.last_name, g.mobile_e164 IS NOT NULL FROM guardians g "
        "JOIN guardian_pupils gp ON gp.guardian_id = g.id AND gp.legal_representative = 1 "
        "JOIN pupils p ON p.id = gp.pupil_id "
        "WHERE p.left_at IS NULL AND p.school_uai IN (SELECT value FROM json_each(?1)) "
        "AND (?2 IS NULL OR p.class_name = ?2)",
        uais_json(uais), search.class_name);
    while (query.step()) {
      GuardianRow guardian{query.integer(0), query.text(1), query.text(2), query.integer(3) != 0};
      if (matches(typed, guardian.first_name, guardian.last_name)) guardians.push_back(std::move(guardian));
    }
    matched += guardians.size();
    for (const GuardianRow& guardian : guardians)
      found.push_back(guardian_summary(*connection, services_, guardian, now));
  }
  std::sort(found.begin(), found.end(), by_name);
  api::PeopleAnswer answer{std::move(found), matched > kSearchLimit};
  if (answer.people.size() > kSearchLimit) answer.people.resize(kSearchLimit);
  return answer;
}

Outcome<api::PersonDetails> Console::person(const StaffSession& staff, PersonKind kind, std::int64_t id) {
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::ReadTransaction read(*connection);
  api::PersonDetails details;
  if (kind == PersonKind::pupil) {
    const std::optional<PupilRow> pupil = pupil_in(*connection, id, staff.uais);
    if (!pupil) return Refusal{"person_not_found"};
    const std::optional<AccountRow> account = pupil_account(*connection, id);
    details = api::PersonDetails{"pupil",         std::to_string(id), pupil->first_name,
                                 pupil->last_name, {pupil->school},   pupil->class_name,
                                 std::nullopt,     person_account(*connection, services_, account, now),
                                 {},               letters_of(*connection, account)};
    for (const GuardianRow& guardian : legal_representatives(*connection, id))
      details.related.push_back(guardian_summary(*connection, services_, guardian, now));
    return details;
  }
  const std::optional<GuardianRow> guardian = guardian_in(*connection, id, staff.uais);
  if (!guardian) return Refusal{"person_not_found"};
  const std::optional<AccountRow> account = guardian_account(*connection, id);
  details = api::PersonDetails{"guardian",         std::to_string(id), guardian->first_name,
                               guardian->last_name, {},                std::nullopt,
                               guardian->mobile_known, person_account(*connection, services_, account, now),
                               {},                 letters_of(*connection, account)};
  for (const PupilRow& child : children_in(*connection, id, staff.uais)) {
    details.related.push_back(pupil_summary(*connection, services_, child, now));
    if (std::none_of(details.schools.begin(), details.schools.end(),
                     [&](const api::School& school) { return school.uai == child.school.uai; }))
      details.schools.push_back(child.school);
  }
  return details;
}

Outcome<api::SchoolProgress> Console::progress(const StaffSession& staff, std::string_view uai) {
  if (!staff.in(uai)) return Refusal{"school_not_yours"};
  auto connection = services_.database.connection();
  store::ReadTransaction read(*connection);
  api::SchoolProgress progress;
  {
    store::Statement school = connection->query("SELECT name, city, uai FROM schools WHERE uai = ?1", uai);
    if (!school.step()) return Refusal{"school_not_yours"};
    progress.school = api::School{school.text(0), school.text(1), school.text(2)};
  }
  store::Statement pupils = connection->query(
      "SELECT coalesce(p.class_name, ''), count(*), "
      "       coalesce(sum(a.password_hash IS NOT NULL AND a.disabled_at IS NULL AND a.closed_at IS NULL), 0) "
      "FROM pupils p LEFT JOIN accounts a ON a.pupil_id = p.id "
      "WHERE p.school_uai = ?1 AND p.left_at IS NULL GROUP BY 1 ORDER BY 1",
      uai);
  while (pupils.step())
    progress.classes.push_back(api::ClassProgress{pupils.text(0), static_cast<int>(pupils.integer(1)),
                                                  static_cast<int>(pupils.integer(2)), 0, 0});
  store::Statement parents = connection->query(
      "SELECT class_name, count(*), coalesce(sum(active), 0) FROM ("
      "  SELECT DISTINCT coalesce(p.class_name, '') AS class_name, gp.guardian_id, "
      "         EXISTS (SELECT 1 FROM accounts a WHERE a.guardian_id = gp.guardian_id AND a.profile = 'parent' "
      "                 AND a.closed_at IS NULL "
      "                 AND (a.password_hash IS NOT NULL OR a.franceconnect_sub IS NOT NULL)) AS active "
      "  FROM pupils p JOIN guardian_pupils gp ON gp.pupil_id = p.id AND gp.legal_representative = 1 "
      "  WHERE p.school_uai = ?1 AND p.left_at IS NULL) GROUP BY class_name",
      uai);
  while (parents.step()) {
    for (api::ClassProgress& row : progress.classes) {
      if (row.class_name != parents.text(0)) continue;
      row.parents = static_cast<int>(parents.integer(1));
      row.parents_active = static_cast<int>(parents.integer(2));
    }
  }
  return progress;
}

Outcome<api::PeopleAnswer> Console::missing(const StaffSession& staff, std::string_view uai,
                                            const std::optional<std::string>& class_name) {
  if (!staff.in(uai)) return Refusal{"school_not_yours"};
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::ReadTransaction read(*connection);
  const std::string klass = class_name.value_or("");
  std::vector<api::PersonSummary> people;
  store::Statement pupils = connection->query(
      std::string(kPupilColumns) +
          "WHERE p.school_uai = ?1 AND p.left_at IS NULL AND coalesce(p.class_name, '') = ?2 "
          "AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.pupil_id = p.id AND a.password_hash IS NOT NULL "
          "                AND a.disabled_at IS NULL AND a.closed_at IS NULL)",
      uai, klass);
  while (pupils.step()) people.push_back(pupil_summary(*connection, services_, read_pupil(pupils), now));
  store::Statement guardians = connection->query(
      "SELECT DISTINCT g.id, g.first_name, g.last_name, g.mobile_e164 IS NOT NULL FROM guardians g "
      "JOIN guardian_pupils gp ON gp.guardian_id = g.id AND gp.legal_representative = 1 "
      "JOIN pupils p ON p.id = gp.pupil_id "
      "WHERE p.school_uai = ?1 AND p.left_at IS NULL AND coalesce(p.class_name, '') = ?2 "
      "AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.guardian_id = g.id AND a.profile = 'parent' "
      "                AND a.closed_at IS NULL AND (a.password_hash IS NOT NULL OR a.franceconnect_sub IS NOT NULL))",
      uai, klass);
  while (guardians.step()) {
    const GuardianRow guardian{guardians.integer(0), guardians.text(1), guardians.text(2),
                               guardians.integer(3) != 0};
    people.push_back(guardian_summary(*connection, services_, guardian, now));
  }
  std::sort(people.begin(), people.end(), by_name);
  api::PeopleAnswer answer{std::move(people), false};
  if (answer.people.size() > kMissingLimit) {
    answer.people.resize(kMissingLimit);
    answer.truncated = true;
  }
  return answer;
}

std::vector<api::AuditLine> school_audit(store::Connection& connection, std::string_view uai, int limit) {
  std::vector<api::AuditLine> lines;
  store::Statement query = connection.query(
      "SELECT a.at, m.name, a.kind, acc.identifier, p.first_name, p.last_name, g.first_name, g.last_name, "
      "       json_extract(a.detail, '$.class') "
      "FROM audit_log a JOIN staff_members m ON m.id = a.staff_id "
      "LEFT JOIN accounts acc ON acc.id = a.account_id "
      "LEFT JOIN pupils p ON p.id = a.pupil_id "
      "LEFT JOIN guardians g ON g.id = a.guardian_id "
      "WHERE a.school_uai = ?1 ORDER BY a.at DESC, a.id DESC LIMIT ?2",
      uai, limit);
  while (query.step()) {
    std::string target;
    if (!query.is_null(4)) {
      target = target_name(query.text(4), query.text(5));
    } else if (!query.is_null(6)) {
      target = target_name(query.text(6), query.text(7));
    }
    if (!query.is_null(3)) target += (target.empty() ? "" : " ") + ("(" + query.text(3) + ")");
    if (!query.is_null(8)) target = "classe " + query.text(8);
    lines.push_back(api::AuditLine{format_iso_utc(query.integer(0)), query.text(1), query.text(2), target});
  }
  return lines;
}

Outcome<api::AuditAnswer> Console::audit(const StaffSession& staff, std::string_view uai) {
  if (!staff.in(uai)) return Refusal{"school_not_yours"};
  auto connection = services_.database.connection();
  store::ReadTransaction read(*connection);
  return api::AuditAnswer{school_audit(*connection, uai, kAuditLines)};
}

// --- Actions --------------------------------------------------------------------------
namespace {

std::string sign_in_address(const Services& services) {
  std::string address = services.public_origin;
  if (address.empty() || address.back() != '/') address += '/';
  return address;
}

}  // namespace

Outcome<std::string> Console::issue_letters(
    const std::vector<accounts::LetterRecipient>& recipients,
    const std::function<std::optional<Refusal>(store::Connection&)>& still_allowed, const flows::AuditEntry& audit) {
  // Hashed and drawn before anything is stored: a failure leaves the earlier letters valid.
  const std::int64_t now = services_.clock.unix_seconds();
  const accounts::PreparedLetters prepared =
      accounts::prepare_letters(services_.password_hasher, recipients, sign_in_address(services_), now);
  std::string pdf = letters::letters_pdf(prepared.letters);

  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  if (auto refused = still_allowed(*connection)) return *refused;
  accounts::store_letters(*connection, recipients, prepared, now);
  flows::insert_audit(*connection, now, audit);
  transaction.commit();
  return pdf;
}

Outcome<Pdf> Console::pupil_letter(const StaffSession& staff, std::int64_t pupil_id) {
  std::vector<accounts::LetterRecipient> recipients;
  {
    auto connection = services_.database.connection();
    store::ReadTransaction read(*connection);
    const std::optional<PupilRow> pupil = pupil_in(*connection, pupil_id, staff.uais);
    if (!pupil) return Refusal{"person_not_found"};
    const std::optional<AccountRow> account = pupil_account(*connection, pupil_id);
    if (!account || account->closed || account->disabled) return Refusal{"child_account_disabled"};
    recipients = accounts::letter_recipients(*connection, pupil->school.uai, std::nullopt, account->identifier);
    if (recipients.empty()) return Refusal{"child_account_disabled"};
  }
  const auto still_enrolled = [&](store::Connection& connection) -> std::optional<Refusal> {
    if (!pupil_in(connection, pupil_id, staff.uais)) return Refusal{"person_not_found"};
    return std::nullopt;
  };
  auto pdf = issue_letters(recipients, still_enrolled,
                           {.kind = "letter_issued",
                            .account_id = recipients.front().account_id,
                            .pupil_id = pupil_id,
                            .staff_id = staff.staff_id,
                            .school_uai = recipients.front().school_uai});
  if (const Refusal* refused = std::get_if<Refusal>(&pdf)) return *refused;
  return Pdf{"lettre-" + recipients.front().identifier + ".pdf", std::move(std::get<std::string>(pdf))};
}

Outcome<Pdf> Console::activation_letter(const StaffSession& staff, std::int64_t guardian_id) {
  // The temporary password first: the slow hash, outside any transaction.
  const std::int64_t now = services_.clock.unix_seconds();
  const accounts::PreparedTemporaryPassword password = accounts::prepare_temporary_password(services_.password_hasher, now);

  letters::Letter letter;
  std::int64_t account_id = 0;
  std::string uai;
  {
    auto connection = services_.database.connection();
    store::Transaction transaction(*connection);
    const std::optional<GuardianRow> guardian = guardian_in(*connection, guardian_id, staff.uais);
    if (!guardian) return Refusal{"person_not_found"};
    std::optional<AccountRow> account = guardian_account(*connection, guardian_id);
    if (account && (account->has_password || account->franceconnect)) return Refusal{"account_already_active"};
    if (!account) {
      const std::optional<directory::Guardian> known = directory::find_guardian(*connection, guardian_id);
      if (!known) return Refusal{"person_not_found"};
      // A random first suffix, as for every parent's identifier.
      const Checked<std::string> identifier = generate_identifier(
          known->first_name, known->last_name,
          [&](std::string_view candidate) { return accounts::identifier_taken(*connection, candidate); },
          std::stoi(security::random_digits(2)));
      if (!identifier) return Refusal{identifier.error().code};
      accounts::insert_letter_account(*connection, *identifier, guardian_id, known->mobile_e164, now);
      account = guardian_account(*connection, guardian_id);
    }
    transaction.commit();  // the account stays, not activated, whatever happens to the letter
    const std::vector<PupilRow> children = children_in(*connection, guardian_id, staff.uais);
    uai = children.front().school.uai;
    account_id = account->id;
    letter.school_name = children.front().school.name;
    letter.school_city = children.front().school.city;
    letter.school_uai = uai;
    letter.first_name = guardian->first_name;
    letter.last_name = guardian->last_name;
    letter.identifier = account->identifier;
    letter.recipient = letters::Recipient::parent;
    for (const PupilRow& child : children)
      letter.children.push_back(target_name(child.first_name, child.last_name) +
                                (child.class_name ? " (" + *child.class_name + ")" : std::string()));
  }
  letter.temporary_password = password.issued.password;
  letter.expires_on = password.issued.last_day;
  letter.address = sign_in_address(services_);
  std::string pdf = letters::letters_pdf({letter});

  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  const std::optional<AccountRow> account = guardian_account(*connection, guardian_id);
  if (!account || account->id != account_id || account->has_password || account->franceconnect)
    return Refusal{"account_already_active"};  // activated meanwhile, by SMS
  accounts::store_temporary_password(*connection, account_id, password, accounts::Issuer::school, std::nullopt, now);
  flows::insert_audit(*connection, now,
                      {.kind = "activation_letter_issued",
                       .account_id = account_id,
                       .guardian_id = guardian_id,
                       .staff_id = staff.staff_id,
                       .school_uai = uai});
  transaction.commit();
  return Pdf{"lettre-" + letter.identifier + ".pdf", std::move(pdf)};
}

Outcome<Pdf> Console::class_letters(const StaffSession& staff, std::string_view uai, std::string_view class_name) {
  if (!staff.in(uai)) return Refusal{"school_not_yours"};
  std::vector<accounts::LetterRecipient> recipients;
  {
    auto connection = services_.database.connection();
    store::ReadTransaction read(*connection);
    recipients = accounts::letter_recipients(*connection, uai, std::string(class_name), std::nullopt);
    // A class's letters are for the first sign-in: a pupil who chose a password
    // gets no letter that could reset it (a lost one is printed alone).
    std::erase_if(recipients, [&](const accounts::LetterRecipient& pupil) {
      return connection->query("SELECT 1 FROM accounts WHERE id = ?1 AND password_hash IS NOT NULL", pupil.account_id)
          .step();
    });
  }
  if (recipients.empty()) return Refusal{"class_not_found"};
  const std::string detail =
      nlohmann::json{{"class", std::string(class_name)}, {"letters", recipients.size()}}.dump();
  auto pdf = issue_letters(recipients, [](store::Connection&) { return std::optional<Refusal>(); },
                           {.kind = "class_letters_issued",
                            .detail = detail,
                            .staff_id = staff.staff_id,
                            .school_uai = std::string(uai)});
  if (const Refusal* refused = std::get_if<Refusal>(&pdf)) return *refused;
  spdlog::info("staff: {} letters for class {} of {}", recipients.size(), class_name, uai);
  std::string file = "lettres-" + std::string(uai) + "-";
  for (const char c : class_name) file += (std::isalnum(static_cast<unsigned char>(c)) ? c : '-');
  return Pdf{file + ".pdf", std::move(std::get<std::string>(pdf))};
}

namespace {

// The school a staff action on a person is recorded for: the pupil's, or the
// first of the member's schools a guardian's child is in.
std::string action_school(store::Connection& connection, PersonKind kind, std::int64_t id,
                          const StaffSession& staff) {
  if (kind == PersonKind::pupil) {
    const std::optional<PupilRow> pupil = pupil_in(connection, id, staff.uais);
    return pupil ? pupil->school.uai : std::string();
  }
  const std::vector<PupilRow> children = children_in(connection, id, staff.uais);
  return children.empty() ? std::string() : children.front().school.uai;
}

}  // namespace

Outcome<api::PersonDetails> Console::on_account(const StaffSession& staff, PersonKind kind, std::int64_t id,
                                                std::string_view audit_kind,
                                                const std::function<void(store::Connection&, const std::string&,
                                                                         std::int64_t)>& change) {
  {
    const std::int64_t now = services_.clock.unix_seconds();
    auto connection = services_.database.connection();
    store::Transaction transaction(*connection);
    const std::string uai = action_school(*connection, kind, id, staff);
    if (uai.empty()) return Refusal{"person_not_found"};
    const std::optional<AccountRow> account = account_of(*connection, kind, id);
    if (!account) return Refusal{"no_account"};
    change(*connection, account->identifier, account->id);
    flows::insert_audit(*connection, now,
                        {.kind = audit_kind,
                         .account_id = account->id,
                         .guardian_id = kind == PersonKind::guardian ? std::optional(id) : std::nullopt,
                         .pupil_id = kind == PersonKind::pupil ? std::optional(id) : std::nullopt,
                         .staff_id = staff.staff_id,
                         .school_uai = uai});
    transaction.commit();
  }
  return person(staff, kind, id);
}

Outcome<api::PersonDetails> Console::unlock(const StaffSession& staff, PersonKind kind, std::int64_t id) {
  return on_account(staff, kind, id, "unlocked",
                    [](store::Connection& connection, const std::string& identifier, std::int64_t) {
                      accounts::clear_login_failures(connection, identifier);
                    });
}

Outcome<api::PersonDetails> Console::close_sessions(const StaffSession& staff, PersonKind kind, std::int64_t id) {
  return on_account(staff, kind, id, "sessions_closed",
                    [](store::Connection& connection, const std::string&, std::int64_t account_id) {
                      sessions::delete_sessions_of(connection, account_id);
                    });
}

}  // namespace sesame::staff
