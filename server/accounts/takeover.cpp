#include "server/accounts/takeover.h"

#include <nlohmann/json.hpp>

#include "server/accounts/credentials.h"
#include "server/flows/audit.h"
#include "server/security/secrets.h"
#include "server/sessions/queries.h"

namespace sesame::accounts {

std::optional<SecuredAccount> secure_taken_over_account(store::Connection& connection,
                                                        security::PasswordHasher& hasher,
                                                        std::string_view identifier, std::int64_t now) {
  // Hashed before the write lock is taken: argon2 is slow on purpose.
  const std::string unusable_hash = hasher.hash(security::random_token());

  store::Transaction transaction(connection);
  store::Statement find = connection.query(
      "SELECT a.id, a.guardian_id, g.mobile_e164, a.email IS NOT NULL, a.franceconnect_sub IS NOT NULL "
      "FROM accounts a LEFT JOIN guardians g ON g.id = a.guardian_id "
      "WHERE a.identifier = ?1 AND a.closed_at IS NULL",
      identifier);
  if (!find.step()) return std::nullopt;
  SecuredAccount secured;
  secured.account_id = find.integer(0);
  secured.identifier = std::string(identifier);
  const std::optional<std::int64_t> guardian_id = find.optional_integer(1);
  secured.phone = find.optional_text(2);
  secured.email_removed = find.integer(3) != 0;
  secured.franceconnect_unlinked = find.integer(4) != 0;
  find.reset();

  store::Statement update = connection.prepare(
      "UPDATE accounts SET password_hash = ?2, phone_e164 = ?3, email = NULL, email_verified = 0, "
      "franceconnect_sub = NULL WHERE id = ?1");
  update.bind(1, secured.account_id).bind(2, unusable_hash).bind(3, secured.phone).run();
  sessions::delete_sessions_of(connection, secured.account_id, std::nullopt);
  secured.sessions_closed = connection.changes();
  // A finished activation keeps its row (it made the account); anything else in
  // progress may have been started by whoever took the account.
  store::Statement flows =
      connection.prepare("DELETE FROM flows WHERE account_id = ?1 AND kind <> 'activation'");
  flows.bind(1, secured.account_id).run();
  secured.flows_cancelled = connection.changes();
  // Failed sign-ins no longer count against the identifier: the parent starts afresh.
  clear_login_failures(connection, secured.identifier);

  const std::string detail = nlohmann::json{{"sessions_closed", secured.sessions_closed},
                                            {"flows_cancelled", secured.flows_cancelled},
                                            {"email_removed", secured.email_removed},
                                            {"franceconnect_unlinked", secured.franceconnect_unlinked},
                                            {"phone_reset", secured.phone.has_value()}}
                                 .dump();
  flows::insert_audit(connection, now,
                      {.kind = "account_secured",
                       .account_id = secured.account_id,
                       .guardian_id = guardian_id,
                       .detail = detail});
  transaction.commit();
  return secured;
}

}  // namespace sesame::accounts
