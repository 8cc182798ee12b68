#include "server/accounts/accounts.h"

namespace sesame::accounts {

namespace {

std::vector<std::string> identifiers(store::Statement& query) {
  std::vector<std::string> found;
  while (query.step()) found.push_back(query.text(0));
  return found;
}

constexpr const char* kRecoverable =
    "SELECT id, phone_e164, CASE WHEN email_verified = 1 THEN email END FROM accounts "
    "WHERE closed_at IS NULL AND ";

std::optional<RecoverableAccount> read_recoverable(store::Statement& query) {
  if (!query.step()) return std::nullopt;
  return RecoverableAccount{query.integer(0), query.optional_text(1), query.optional_text(2)};
}

}  // namespace

bool identifier_taken(store::Connection& connection, std::string_view identifier) {
  store::Statement query = connection.query("SELECT 1 FROM accounts WHERE identifier = ?1", identifier);
  return query.step();
}

std::int64_t insert_account(store::Connection& connection, std::string_view identifier,
                            std::int64_t guardian_id, const std::optional<std::string>& password_hash,
                            std::string_view phone_e164, std::int64_t now,
                            const std::optional<std::string>& franceconnect_sub) {
  connection.run(
      "INSERT INTO accounts (identifier, guardian_id, password_hash, phone_e164, created_at, "
      "franceconnect_sub) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      identifier, guardian_id, password_hash, phone_e164, now, franceconnect_sub);
  return connection.last_insert_id();
}

std::int64_t insert_letter_account(store::Connection& connection, std::string_view identifier,
                                   std::int64_t guardian_id, const std::optional<std::string>& phone_e164,
                                   std::int64_t now) {
  connection.run("INSERT INTO accounts (identifier, guardian_id, phone_e164, created_at) VALUES (?1, ?2, ?3, ?4)",
                 identifier, guardian_id, phone_e164, now);
  return connection.last_insert_id();
}

std::optional<Contacts> find_contacts(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(
      "SELECT identifier, guardian_id, email, email_verified, phone_e164 FROM accounts "
      "WHERE id = ?1 AND closed_at IS NULL",
      account_id);
  if (!query.step()) return std::nullopt;
  return Contacts{.identifier = query.text(0),
                  .guardian_id = query.optional_integer(1),
                  .email = query.optional_text(2),
                  .email_verified = query.integer(3) != 0,
                  .phone_e164 = query.optional_text(4)};
}

void set_verified_email(store::Connection& connection, std::int64_t account_id, std::string_view email) {
  connection.run("UPDATE accounts SET email = ?2, email_verified = 1 WHERE id = ?1", account_id, email);
}

void set_phone(store::Connection& connection, std::int64_t account_id, std::string_view phone_e164) {
  connection.run("UPDATE accounts SET phone_e164 = ?2 WHERE id = ?1", account_id, phone_e164);
}

void set_alerts_at_login(store::Connection& connection, std::int64_t account_id, bool alerts_at_login) {
  connection.run("UPDATE accounts SET alerts_at_login = ?2 WHERE id = ?1", account_id, alerts_at_login);
}

void set_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view hash) {
  connection.run("UPDATE accounts SET password_hash = ?2 WHERE id = ?1", account_id, hash);
}

void replace_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view old_hash,
                           std::string_view new_hash) {
  connection.run("UPDATE accounts SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2", account_id,
                 old_hash, new_hash);
}

std::optional<SignInAccount> find_account_for_sign_in(store::Connection& connection,
                                                      std::string_view identifier) {
  store::Statement query = connection.query(
      "SELECT a.id, a.guardian_id, a.password_hash, a.closed_at IS NOT NULL OR a.disabled_at IS NOT NULL, "
      "       a.profile = 'pupil', t.hash, t.expires_at "
      "FROM accounts a LEFT JOIN temporary_passwords t ON t.account_id = a.id WHERE a.identifier = ?1",
      identifier);
  if (!query.step()) return std::nullopt;
  return SignInAccount{.id = query.integer(0),
                       .guardian_id = query.optional_integer(1),
                       .password_hash = query.optional_text(2),
                       .closed = query.integer(3) != 0,
                       .pupil = query.integer(4) != 0,
                       .temporary_hash = query.optional_text(5),
                       .temporary_expires_at = query.optional_integer(6).value_or(0)};
}

std::vector<std::string> identifiers_by_phone(store::Connection& connection, std::string_view phone_e164) {
  store::Statement query = connection.query(
      "SELECT identifier FROM accounts WHERE phone_e164 = ?1 AND closed_at IS NULL ORDER BY id", phone_e164);
  return identifiers(query);
}

std::vector<std::string> identifiers_by_email(store::Connection& connection, std::string_view email) {
  // COLLATE NOCASE, like the index accounts_by_email.
  store::Statement query = connection.query(
      "SELECT identifier FROM accounts WHERE email = ?1 COLLATE NOCASE AND email_verified = 1 "
      "AND closed_at IS NULL ORDER BY id",
      email);
  return identifiers(query);
}

std::optional<RecoverableAccount> find_recoverable(store::Connection& connection,
                                                   std::string_view identifier) {
  store::Statement query = connection.query(std::string(kRecoverable) + "identifier = ?1", identifier);
  return read_recoverable(query);
}

std::optional<RecoverableAccount> find_recoverable(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(std::string(kRecoverable) + "id = ?1", account_id);
  return read_recoverable(query);
}

std::int64_t merge_account_into(store::Connection& connection, std::int64_t from, std::int64_t to,
                                std::int64_t now) {
  connection.run(
      "INSERT INTO account_children (account_id, pupil_id, guardian_id, confirmed_at) "
      "SELECT ?2, c.pupil_id, coalesce(c.guardian_id, a.guardian_id), c.confirmed_at "
      "FROM account_children c JOIN accounts a ON a.id = c.account_id WHERE c.account_id = ?1 "
      "ON CONFLICT (account_id, pupil_id) DO UPDATE SET confirmed_at = min(confirmed_at, "
      "excluded.confirmed_at)",
      from, to);
  const std::int64_t moved = connection.changes();

  // What the closed account held goes with it; its row stays for the audit trail.
  for (const char* sql :
       {"DELETE FROM account_children WHERE account_id = ?1",
        "DELETE FROM account_children_set_aside WHERE account_id = ?1",
        "DELETE FROM account_child_attempts WHERE account_id = ?1",
        "DELETE FROM sessions WHERE account_id = ?1", "DELETE FROM flows WHERE account_id = ?1"}) {
    connection.run(sql, from);
  }
  // The FranceConnect identity is unique: it leaves the closed account, then
  // joins the open one if that has none.
  store::Statement read_sub = connection.query("SELECT franceconnect_sub FROM accounts WHERE id = ?1", from);
  const std::optional<std::string> sub = read_sub.step() ? read_sub.optional_text(0) : std::nullopt;
  connection.run("UPDATE accounts SET closed_at = ?2, franceconnect_sub = NULL WHERE id = ?1", from, now);
  if (sub) {
    connection.run("UPDATE accounts SET franceconnect_sub = ?2 WHERE id = ?1 AND franceconnect_sub IS NULL",
                   to, *sub);
  }
  return moved;
}

}  // namespace sesame::accounts
