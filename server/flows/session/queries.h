#pragma once
// The SQL of sign-in, sessions and the account page: sessions rows (keyed hash
// of the token only), the per-identifier failure counter in rate_limits, the
// account as /me shows it. Callers hold the transaction when they write.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/database.h"
#include "shared/api.h"

namespace sesame::session {

// --- Sessions ---------------------------------------------------------------
struct SessionRow {
  std::int64_t account_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  bool account_closed = false;
};

// id_token: the FranceConnect ID token of a session opened through it (its logout's hint).
void insert_session(store::Connection& connection, std::string_view token_hash, std::int64_t account_id,
                    std::int64_t now, const std::optional<std::string>& id_token = std::nullopt);
std::optional<std::string> session_id_token(store::Connection& connection, std::string_view token_hash);
std::optional<SessionRow> find_session(store::Connection& connection, std::string_view token_hash);
void touch_session(store::Connection& connection, std::string_view token_hash, std::int64_t now);
void delete_session(store::Connection& connection, std::string_view token_hash);
// Every session of the account but `keep` (the one making the request, when
// the parent changes the password from it): other devices are signed out.
void delete_sessions_of(store::Connection& connection, std::int64_t account_id,
                        std::optional<std::string_view> keep = std::nullopt);

// --- Sign-in ----------------------------------------------------------------
struct SignInAccount {
  std::int64_t id = 0;
  std::optional<std::int64_t> guardian_id;
  std::optional<std::string> password_hash;  // empty for FranceConnect-only accounts
  bool closed = false;
};
std::optional<SignInAccount> find_account_for_sign_in(store::Connection& connection,
                                                      std::string_view identifier);
// Sets a new hash whatever the old one was (password change and reset).
void set_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view hash);
// Replaces `old_hash` by `new_hash` only if it is still the stored one (rehash
// at sign-in must not undo a password change made meanwhile).
void replace_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view old_hash,
                           std::string_view new_hash);

// Failed sign-ins of one identifier (existing or not), in rate_limits under
// "login:<identifier>": `count` failures, the last one at `last_failure_at`.
struct LoginFailures {
  std::int64_t count = 0;
  std::int64_t last_failure_at = 0;
};
LoginFailures read_login_failures(store::Connection& connection, std::string_view identifier);
void write_login_failures(store::Connection& connection, std::string_view identifier,
                          const LoginFailures& failures);
void clear_login_failures(store::Connection& connection, std::string_view identifier);

// --- Account page -------------------------------------------------------------
// GET /me without its alerts (computed by the flow). nullopt for a closed or unknown account.
std::optional<api::Account> load_account(store::Connection& connection, std::int64_t account_id);
void set_alerts_at_login(store::Connection& connection, std::int64_t account_id, bool alerts_at_login);

// Failed sign-ins of the account since the sign-in before the latest one (the
// parent's previous visit), within `since`: what "recent failed sign-in" tells.
struct FailedSignIns {
  std::int64_t count = 0;
  std::int64_t last_at = 0;
};
FailedSignIns recent_failed_sign_ins(store::Connection& connection, std::int64_t account_id, std::int64_t since);

// Children the account's guardian legally represents in the directory but the
// account does not have yet, and has not declined: new to the schools since the
// account was made. Each with its school.
std::vector<api::Child> newly_known_children(store::Connection& connection, std::int64_t account_id);

}  // namespace sesame::session
