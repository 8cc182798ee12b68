#pragma once
// The one way Sésame checks an identifier and its password: at sign-in, when a
// signed-in parent proves the password again (password change), and when the
// password of another account is given to take its children.
//
// Throttled per identifier, existing or not (docs/api.md, "Sign-in throttle"):
// each attempt is counted before the password is checked, so parallel guesses
// cannot outrun the counter, and a success clears it. While login_wait_seconds() of the
// failures has not elapsed since the last one, the answer is too_many_attempts
// without any hash computed. Unknown identifiers, closed accounts and wrong
// passwords all cost one argon2 verification and answer the same
// invalid_credentials. A temporary password is tried only when the account's
// own password was not the one typed (or it has none yet): an account waiting
// for its first sign-in costs one verification, like any other. A hash made
// with older argon2 parameters is replaced
// by one with the current parameters once the password is known to be right.
#include <cstdint>
#include <optional>
#include <string_view>

#include "server/flows/refusal.h"
#include "server/services.h"
#include "server/store/database.h"

namespace sesame::accounts {

struct VerifiedAccount {
  std::int64_t id = 0;
  std::optional<std::int64_t> guardian_id;
  bool pupil = false;
  // The password typed was the account's temporary one (temporary_passwords.h):
  // it opens the first sign-in, not a session; `temporary_expires_at` may be past.
  bool temporary = false;
  std::int64_t temporary_expires_at = 0;
};

enum class CredentialUse {
  parent_password,  // a parent proves their own account: pupils' accounts are unknown here
  sign_in,          // any profile, and a temporary password too
};

// `identifier` is already normalized (normalize_identifier).
flows::Outcome<VerifiedAccount> check_credentials(Services& services, std::string_view identifier,
                                                  std::string_view password,
                                                  CredentialUse use = CredentialUse::parent_password);

// The sign-in throttle itself, for any identifier (a staff member's e-mail
// too), in the caller's transaction: counts one attempt, or answers
// too_many_attempts with the wait while the identifier must wait.
std::optional<flows::Refusal> count_login_attempt(store::Connection& connection, const LoginThrottleConfig& throttle,
                                                 std::string_view identifier, std::int64_t now);
// Until when the identifier must wait before its next attempt, if it must now
// (the staff console's "locked until HH:MM").
std::optional<std::int64_t> login_locked_until(store::Connection& connection, const LoginThrottleConfig& throttle,
                                               std::string_view identifier, std::int64_t now);

// Forgets the identifier's failed sign-ins (in rate_limits under
// "login:<identifier>"): a password reset or a secured account starts afresh.
// In the caller's transaction.
void clear_login_failures(store::Connection& connection, std::string_view identifier);

}  // namespace sesame::accounts
