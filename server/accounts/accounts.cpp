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
  store::Statement query = connection.prepare("SELECT 1 FROM accounts WHERE identifier = ?1");
  query.bind(1, identifier);
  return query.step();
}

std::int64_t insert_account(store::Connection& connection, std::string_view identifier,
                            std::int64_t guardian_id, const std::optional<std::string>& password_hash,
                            std::string_view phone_e164, std::int64_t now,
                            const std::optional<std::string>& franceconnect_sub) {
  store::Statement insert = connection.prepare(
      "INSERT INTO accounts (identifier, guardian_id, password_hash, phone_e164, created_at, franceconnect_sub) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, identifier).bind(2, guardian_id).bind(3, password_hash).bind(4, phone_e164).bind(5, now)
      .bind(6, franceconnect_sub);
  insert.run();
  return connection.last_insert_id();
}

std::optional<Contacts> find_contacts(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.prepare(
      "SELECT identifier, guardian_id, email, email_verified, phone_e164 FROM accounts "
      "WHERE id = ?1 AND closed_at IS NULL");
  query.bind(1, account_id);
  if (!query.step()) return std::nullopt;
  Contacts contacts;
  contacts.identifier = query.text(0);
  if (!query.is_null(1)) contacts.guardian_id = query.integer(1);
  contacts.email = query.optional_text(2);
  contacts.email_verified = query.integer(3) != 0;
  contacts.phone_e164 = query.optional_text(4);
  return contacts;
}

void set_verified_email(store::Connection& connection, std::int64_t account_id, std::string_view email) {
  store::Statement update =
      connection.prepare("UPDATE accounts SET email = ?2, email_verified = 1 WHERE id = ?1");
  update.bind(1, account_id).bind(2, email);
  update.run();
}

void set_phone(store::Connection& connection, std::int64_t account_id, std::string_view phone_e164) {
  store::Statement update = connection.prepare("UPDATE accounts SET phone_e164 = ?2 WHERE id = ?1");
  update.bind(1, account_id).bind(2, phone_e164);
  update.run();
}

void set_alerts_at_login(store::Connection& connection, std::int64_t account_id, bool alerts_at_login) {
  store::Statement update = connection.prepare("UPDATE accounts SET alerts_at_login = ?2 WHERE id = ?1");
  update.bind(1, account_id).bind(2, alerts_at_login);
  update.run();
}

void set_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view hash) {
  store::Statement update = connection.prepare("UPDATE accounts SET password_hash = ?2 WHERE id = ?1");
  update.bind(1, account_id).bind(2, hash);
  update.run();
}

void replace_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view old_hash,
                           std::string_view new_hash) {
  store::Statement update =
      connection.prepare("UPDATE accounts SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2");
  update.bind(1, account_id).bind(2, old_hash).bind(3, new_hash);
  update.run();
}

std::optional<SignInAccount> find_account_for_sign_in(store::Connection& connection,
                                                      std::string_view identifier) {
  store::Statement query = connection.prepare(
      "SELECT id, guardian_id, password_hash, closed_at IS NOT NULL FROM accounts WHERE identifier = ?1");
  query.bind(1, identifier);
  if (!query.step()) return std::nullopt;
  SignInAccount account;
  account.id = query.integer(0);
  if (!query.is_null(1)) account.guardian_id = query.integer(1);
  account.password_hash = query.optional_text(2);
  account.closed = query.integer(3) != 0;
  return account;
}

std::vector<std::string> identifiers_by_phone(store::Connection& connection, std::string_view phone_e164) {
  store::Statement query = connection.prepare(
      "SELECT identifier FROM accounts WHERE phone_e164 = ?1 AND closed_at IS NULL ORDER BY id");
  query.bind(1, phone_e164);
  return identifiers(query);
}

std::vector<std::string> identifiers_by_email(store::Connection& connection, std::string_view email) {
  // COLLATE NOCASE, like the index accounts_by_email.
  store::Statement query = connection.prepare(
      "SELECT identifier FROM accounts WHERE email = ?1 COLLATE NOCASE AND email_verified = 1 "
      "AND closed_at IS NULL ORDER BY id");
  query.bind(1, email);
  return identifiers(query);
}

std::optional<RecoverableAccount> find_recoverable(store::Connection& connection, std::string_view identifier) {
  store::Statement query = connection.prepare(std::string(kRecoverable) + "identifier = ?1");
  query.bind(1, identifier);
  return read_recoverable(query);
}

std::optional<RecoverableAccount> find_recoverable(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.prepare(std::string(kRecoverable) + "id = ?1");
  query.bind(1, account_id);
  return read_recoverable(query);
}

std::int64_t merge_account_into(store::Connection& connection, std::int64_t from, std::int64_t to,
                                std::int64_t now) {
  store::Statement copy = connection.prepare(
      "INSERT INTO account_children (account_id, pupil_id, guardian_id, confirmed_at) "
      "SELECT ?2, c.pupil_id, coalesce(c.guardian_id, a.guardian_id), c.confirmed_at "
      "FROM account_children c JOIN accounts a ON a.id = c.account_id WHERE c.account_id = ?1 "
      "ON CONFLICT (account_id, pupil_id) DO UPDATE SET confirmed_at = min(confirmed_at, excluded.confirmed_at)");
  copy.bind(1, from).bind(2, to);
  copy.run();
  const std::int64_t moved = connection.changes();

  // What the closed account held goes with it; its row stays for the audit trail.
  for (const char* sql : {"DELETE FROM account_children WHERE account_id = ?1",
                          "DELETE FROM account_children_set_aside WHERE account_id = ?1",
                          "DELETE FROM account_child_attempts WHERE account_id = ?1",
                          "DELETE FROM sessions WHERE account_id = ?1", "DELETE FROM flows WHERE account_id = ?1"}) {
    store::Statement drop = connection.prepare(sql);
    drop.bind(1, from);
    drop.run();
  }
  // The FranceConnect identity is unique: it leaves the closed account, then
  // joins the open one if that has none.
  store::Statement read_sub = connection.prepare("SELECT franceconnect_sub FROM accounts WHERE id = ?1");
  read_sub.bind(1, from);
  const std::optional<std::string> sub = read_sub.step() ? read_sub.optional_text(0) : std::nullopt;
  store::Statement close =
      connection.prepare("UPDATE accounts SET closed_at = ?2, franceconnect_sub = NULL WHERE id = ?1");
  close.bind(1, from).bind(2, now);
  close.run();
  if (sub) {
    store::Statement give = connection.prepare(
        "UPDATE accounts SET franceconnect_sub = ?2 WHERE id = ?1 AND franceconnect_sub IS NULL");
    give.bind(1, to).bind(2, *sub);
    give.run();
  }
  return moved;
}

}  // namespace sesame::accounts
