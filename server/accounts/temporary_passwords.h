#pragma once
// Temporary passwords: what a pupil's letter (sesame-admin letters) or a
// parent's "Donner un nouveau mot de passe provisoire" hands out. One per
// account at most: issuing another replaces it. Stored as argon2id like every
// password, valid three months, and spent by the first sign-in it opens (the
// new password replaces it), or by three wrong birth dates.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/security/password_hasher.h"
#include "server/store/database.h"
#include "shared/date.h"

namespace sesame::accounts {

inline constexpr int kTemporaryPasswordMonths = 3;
inline constexpr int kFirstSignInBirthDateTries = 3;

// What a pupil types, as it is hashed: lower-cased, without spaces and hyphens
// (a letter shows "k7mq-x3fp-9wtd"; "K7MQ X3FP 9WTD" is the same password).
std::string normalize_temporary_password(std::string_view typed);

// The last day a password issued on `today` is valid: three months on, the day
// clamped to the month's length (30 November for one issued on 31 August).
Date temporary_password_last_day(const Date& today);
// The end of that day, UTC (Unix seconds).
std::int64_t end_of_day_utc(const Date& day);

enum class Issuer { school, parent };

struct IssuedTemporaryPassword {
  std::string password;  // as printed or shown, "k7mq-x3fp-9wtd"; never stored
  Date last_day;
  std::int64_t expires_at = 0;
};

// A new random password, hashed: the slow part, to run outside any transaction.
struct PreparedTemporaryPassword {
  IssuedTemporaryPassword issued;
  std::string hash;
};
PreparedTemporaryPassword prepare_temporary_password(security::PasswordHasher& hasher, std::int64_t now);

// Stores it for `account_id` in the caller's transaction, replacing the one
// before (which stops working, and so does the first sign-in it opened), with
// the audit row "temporary_password_issued".
void store_temporary_password(store::Connection& connection, std::int64_t account_id,
                              const PreparedTemporaryPassword& prepared, Issuer issuer,
                              std::optional<std::int64_t> issuer_account_id, std::int64_t now);

struct TemporaryPassword {
  std::string hash;
  std::int64_t expires_at = 0;
  int birth_date_attempts = 0;
};
std::optional<TemporaryPassword> find_temporary_password(store::Connection& connection, std::int64_t account_id);
void delete_temporary_password(store::Connection& connection, std::int64_t account_id);
// Counts a wrong birth date; answers the tries made so far.
int count_birth_date_attempt(store::Connection& connection, std::int64_t account_id);

}  // namespace sesame::accounts
