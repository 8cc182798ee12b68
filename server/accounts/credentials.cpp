#include "server/accounts/credentials.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "server/accounts/accounts.h"
#include "server/accounts/temporary_passwords.h"
#include "server/flows/audit.h"
#include "server/security/throttle.h"

namespace sesame::accounts {

namespace {

using flows::Refusal;

// Failed sign-ins of one identifier (existing or not), one row of rate_limits
// under "login:<identifier>": `count` failures, the last one at `last_failure_at`.
struct LoginFailures {
  std::int64_t count = 0;
  std::int64_t last_failure_at = 0;
};

std::string login_key(std::string_view identifier) { return "login:" + std::string(identifier); }

LoginFailures read_login_failures(store::Connection& connection, std::string_view identifier) {
  store::Statement query = connection.query(
      "SELECT count, window_start FROM rate_limits WHERE key = ?1 ORDER BY window_start DESC LIMIT 1",
      login_key(identifier));
  if (!query.step()) return {};
  return LoginFailures{query.integer(0), query.integer(1)};
}

void write_login_failures(store::Connection& connection, std::string_view identifier,
                          const LoginFailures& failures) {
  // One row per key: window_start holds the last failure's time.
  clear_login_failures(connection, identifier);
  connection.run("INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3)",
                 login_key(identifier), failures.last_failure_at, failures.count);
}

// Counts the attempt, or refuses it while the identifier must wait. Answers the
// account behind the identifier (empty when unknown) for the verification.
flows::Outcome<std::optional<SignInAccount>> count_attempt(Services& services, std::string_view identifier) {
  auto connection = services.database.connection();
  store::Transaction transaction(*connection);
  if (auto refused = count_login_attempt(*connection, services.security.login, identifier,
                                         services.clock.unix_seconds()))
    return *refused;
  std::optional<SignInAccount> known = find_account_for_sign_in(*connection, identifier);
  transaction.commit();
  return known;
}

// After a right password: a hash of older parameters is made again with the
// current ones (the only moment the password is at hand). A failure here costs
// nothing but the upgrade, so it is logged and the sign-in goes on.
void upgrade_hash(Services& services, const SignInAccount& account, std::string_view password) {
  if (!account.password_hash || !services.password_hasher.needs_rehash(*account.password_hash)) return;
  try {
    const std::string upgraded = services.password_hasher.hash(password);
    auto connection = services.database.connection();
    store::Transaction transaction(*connection);
    // Only if nobody changed the password meanwhile.
    replace_password_hash(*connection, account.id, *account.password_hash, upgraded);
    transaction.commit();
  } catch (const std::exception& error) {
    spdlog::warn("sign-in: password hash of account {} not upgraded: {}", account.id, error.what());
  }
}

}  // namespace

flows::Outcome<VerifiedAccount> check_credentials(Services& services, std::string_view identifier,
                                                  std::string_view password, CredentialUse use) {
  auto counted = count_attempt(services, identifier);
  if (const Refusal* refused = std::get_if<Refusal>(&counted)) return *refused;
  const std::optional<SignInAccount>& known = std::get<std::optional<SignInAccount>>(counted);

  // Outside any transaction: the hash must not hold the write lock. The same
  // cost for every kind of refusal, so timing tells nothing about the identifier.
  const bool open = known && !known->closed && (use == CredentialUse::sign_in || !known->pupil);
  const bool has_own = open && known->password_hash;
  const bool has_temporary = open && use == CredentialUse::sign_in && known->temporary_hash;
  bool correct = false;
  bool temporary = false;
  if (has_own) correct = services.password_hasher.verify(*known->password_hash, password);
  if (!correct && has_temporary) {
    correct = temporary =
        services.password_hasher.verify(*known->temporary_hash, normalize_temporary_password(password));
  }
  if (!has_own && !has_temporary) services.password_hasher.verify_dummy(password);

  const std::int64_t now = services.clock.unix_seconds();
  {
    auto connection = services.database.connection();
    store::Transaction transaction(*connection);
    if (!correct) {
      // Kept for the account page's "recent failed sign-in" alert.
      if (known)
        flows::insert_audit(
            *connection, now,
            {.kind = "sign_in_failed", .account_id = known->id, .guardian_id = known->guardian_id});
      transaction.commit();
      return Refusal{"invalid_credentials"};
    }
    // Read again: the account may have been closed while the hash ran.
    const std::optional<SignInAccount> current = find_account_for_sign_in(*connection, identifier);
    if (!current || current->closed || current->id != known->id ||
        (temporary && current->temporary_hash != known->temporary_hash))
      return Refusal{"invalid_credentials"};  // the attempt stays counted
    clear_login_failures(*connection, identifier);
    transaction.commit();
  }
  if (!temporary) upgrade_hash(services, *known, password);
  return VerifiedAccount{.id = known->id,
                         .guardian_id = known->guardian_id,
                         .pupil = known->pupil,
                         .temporary = temporary,
                         .temporary_expires_at = known->temporary_expires_at};
}

std::optional<flows::Refusal> count_login_attempt(store::Connection& connection, const LoginThrottleConfig& throttle,
                                                 std::string_view identifier, std::int64_t now) {
  LoginFailures failures = read_login_failures(connection, identifier);
  const std::int64_t wait = security::login_wait_seconds(
      failures.count, throttle.failures_before_wait, throttle.first_wait.count(), throttle.max_wait.count());
  // A clock moved back counts as "just failed": never a shortcut.
  const std::int64_t waited = std::max<std::int64_t>(now - failures.last_failure_at, 0);
  if (wait > 0 && waited < wait)
    return Refusal{.code = "too_many_attempts", .retry_after_seconds = static_cast<int>(wait - waited)};
  // Counted now, before the slow hash; a success clears it again.
  failures.count += 1;
  failures.last_failure_at = now;
  write_login_failures(connection, identifier, failures);
  return std::nullopt;
}

std::optional<std::int64_t> login_locked_until(store::Connection& connection, const LoginThrottleConfig& throttle,
                                               std::string_view identifier, std::int64_t now) {
  const LoginFailures failures = read_login_failures(connection, identifier);
  const std::int64_t wait = security::login_wait_seconds(
      failures.count, throttle.failures_before_wait, throttle.first_wait.count(), throttle.max_wait.count());
  if (wait <= 0 || now >= failures.last_failure_at + wait) return std::nullopt;
  return failures.last_failure_at + wait;
}

void clear_login_failures(store::Connection& connection, std::string_view identifier) {
  connection.run("DELETE FROM rate_limits WHERE key = ?1", login_key(identifier));
}

}  // namespace sesame::accounts
