#include "server/flows/session/flow.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/flows/session/queries.h"
#include "server/flows/session/session_store.h"
#include "server/security/throttle.h"
#include "shared/messages.h"

namespace sesame::session {

std::vector<api::Alert> account_alerts(const api::Account& account) {
  std::vector<api::Alert> alerts;
  // Without a verified address the parent cannot recover a lost identifier by e-mail.
  if (!account.email || !account.email_verified)
    alerts.push_back(api::Alert{"email_not_verified", french_message("email_not_verified")});
  return alerts;
}

Outcome<SignedIn> SessionFlow::sign_in(std::string_view identifier, std::string_view password) {
  const LoginThrottleConfig& throttle = services_.security.login;
  std::optional<SignInAccount> known;  // empty: unknown identifier
  {
    const std::int64_t now = services_.clock.unix_seconds();
    auto connection = services_.database.connection();
    store::Transaction transaction(*connection);
    LoginFailures failures = read_login_failures(*connection, identifier);
    const std::int64_t wait =
        security::login_wait_seconds(failures.count, throttle.failures_before_wait,
                                     throttle.first_wait.count(), throttle.max_wait.count());
    // A clock moved back counts as "just failed": never a shortcut.
    const std::int64_t waited = std::max<std::int64_t>(now - failures.last_failure_at, 0);
    if (wait > 0 && waited < wait)
      return Refusal{.code = "too_many_attempts", .retry_after_seconds = static_cast<int>(wait - waited)};
    // Counted now, before the slow hash; a success clears it again.
    failures.count += 1;
    failures.last_failure_at = now;
    write_login_failures(*connection, identifier, failures);
    known = find_account_for_sign_in(*connection, identifier);
    transaction.commit();
  }

  // Outside any transaction: the hash must not hold the write lock. The same
  // cost for every kind of refusal, so timing tells nothing about the identifier.
  const bool usable = known && !known->closed && known->password_hash;
  const bool correct = usable ? services_.password_hasher.verify(*known->password_hash, password)
                              : services_.password_hasher.verify_dummy(password);

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  if (!correct) {
    // Kept for the account page's "recent failed sign-in" alert.
    if (known) insert_audit(*connection, now, "sign_in_failed", known->id, known->guardian_id);
    transaction.commit();
    return Refusal{"invalid_credentials"};
  }
  // Read again: the account may have been closed while the hash ran.
  std::optional<api::Account> account = load_account(*connection, known->id);
  if (!account) return Refusal{"invalid_credentials"};  // the attempt stays counted
  clear_login_failures(*connection, identifier);
  account->alerts = account_alerts(*account);
  std::string token = open_session(*connection, services_, known->id, now);
  insert_audit(*connection, now, "sign_in", known->id, known->guardian_id);
  transaction.commit();
  spdlog::info("session: {} signed in", identifier);
  return SignedIn{std::move(*account), std::move(token)};
}

std::optional<api::Account> SessionFlow::account(std::int64_t account_id) {
  auto connection = services_.database.connection();
  std::optional<api::Account> account = load_account(*connection, account_id);
  if (account) account->alerts = account_alerts(*account);
  return account;
}

std::optional<api::Account> SessionFlow::set_alerts_at_login(std::int64_t account_id, bool alerts_at_login) {
  {
    auto connection = services_.database.connection();
    store::Transaction transaction(*connection);
    session::set_alerts_at_login(*connection, account_id, alerts_at_login);
    transaction.commit();
  }
  return account(account_id);
}

}  // namespace sesame::session
