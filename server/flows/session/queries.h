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

void insert_session(store::Connection& connection, std::string_view token_hash, std::int64_t account_id,
                    std::int64_t now);
std::optional<SessionRow> find_session(store::Connection& connection, std::string_view token_hash);
void touch_session(store::Connection& connection, std::string_view token_hash, std::int64_t now);
void delete_session(store::Connection& connection, std::string_view token_hash);

// --- Sign-in ----------------------------------------------------------------
struct SignInAccount {
  std::int64_t id = 0;
  std::optional<std::int64_t> guardian_id;
  std::optional<std::string> password_hash;  // empty for FranceConnect-only accounts
  bool closed = false;
};
std::optional<SignInAccount> find_account_for_sign_in(store::Connection& connection,
                                                      std::string_view identifier);

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

void insert_audit(store::Connection& connection, std::int64_t at, std::string_view kind,
                  std::int64_t account_id, std::optional<std::int64_t> guardian_id);

// --- Account page -------------------------------------------------------------
// GET /me without its alerts (computed by the flow). nullopt for a closed or unknown account.
std::optional<api::Account> load_account(store::Connection& connection, std::int64_t account_id);
void set_alerts_at_login(store::Connection& connection, std::int64_t account_id, bool alerts_at_login);

}  // namespace sesame::session
