#include "server/accounts/temporary_passwords.h"

#include <cctype>
#include <ctime>

#include "server/flows/audit.h"
#include "server/security/secrets.h"

namespace sesame::accounts {

namespace {

Date utc_date(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

}  // namespace

std::string normalize_temporary_password(std::string_view typed) {
  std::string normalized;
  normalized.reserve(typed.size());
  for (const char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    normalized += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return normalized;
}

Date temporary_password_last_day(const Date& today) {
  int month = today.month + kTemporaryPasswordMonths;
  int year = today.year + (month - 1) / 12;
  month = (month - 1) % 12 + 1;
  const int day = std::min(today.day, days_in_month(year, month));
  return Date{year, month, day};
}

std::int64_t end_of_day_utc(const Date& day) {
  std::tm utc{};
  utc.tm_year = day.year - 1900;
  utc.tm_mon = day.month - 1;
  utc.tm_mday = day.day;
  utc.tm_hour = 23;
  utc.tm_min = 59;
  utc.tm_sec = 59;
  return static_cast<std::int64_t>(timegm(&utc));
}

PreparedTemporaryPassword prepare_temporary_password(security::PasswordHasher& hasher, std::int64_t now) {
  PreparedTemporaryPassword prepared;
  prepared.issued.password = security::random_temporary_password();
  prepared.issued.last_day = temporary_password_last_day(utc_date(now));
  prepared.issued.expires_at = end_of_day_utc(prepared.issued.last_day);
  prepared.hash = hasher.hash(normalize_temporary_password(prepared.issued.password));
  return prepared;
}

void store_temporary_password(store::Connection& connection, std::int64_t account_id,
                              const PreparedTemporaryPassword& prepared, Issuer issuer,
                              std::optional<std::int64_t> issuer_account_id, std::int64_t now) {
  const std::string_view by = issuer == Issuer::school ? "school" : "parent";
  connection.run(
      "INSERT INTO temporary_passwords (account_id, hash, issued_at, expires_at, issued_by, issuer_account_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (account_id) DO UPDATE SET hash = excluded.hash, "
      "issued_at = excluded.issued_at, expires_at = excluded.expires_at, issued_by = excluded.issued_by, "
      "issuer_account_id = excluded.issuer_account_id, birth_date_attempts = 0",
      account_id, prepared.hash, now, prepared.issued.expires_at, by, issuer_account_id);
  const std::string detail = std::string(R"({"by":")") + std::string(by) + R"("})";
  flows::insert_audit(connection, now,
                      {.kind = "temporary_password_issued", .account_id = account_id, .detail = detail});
}

std::optional<TemporaryPassword> find_temporary_password(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(
      "SELECT hash, expires_at, birth_date_attempts FROM temporary_passwords WHERE account_id = ?1", account_id);
  if (!query.step()) return std::nullopt;
  return TemporaryPassword{query.text(0), query.integer(1), static_cast<int>(query.integer(2))};
}

void delete_temporary_password(store::Connection& connection, std::int64_t account_id) {
  connection.run("DELETE FROM temporary_passwords WHERE account_id = ?1", account_id);
}

int count_birth_date_attempt(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(
      "UPDATE temporary_passwords SET birth_date_attempts = birth_date_attempts + 1 WHERE account_id = ?1 "
      "RETURNING birth_date_attempts",
      account_id);
  return query.step() ? static_cast<int>(query.integer(0)) : kFirstSignInBirthDateTries;
}

}  // namespace sesame::accounts
