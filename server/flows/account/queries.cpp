#include "server/flows/account/queries.h"

namespace sesame::account {

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

void insert_account_child(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                          std::int64_t guardian_id, std::int64_t now) {
  store::Statement insert = connection.prepare(
      "INSERT INTO account_children (account_id, pupil_id, guardian_id, confirmed_at) VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, account_id).bind(2, pupil_id).bind(3, guardian_id).bind(4, now);
  insert.run();
}

void set_child_aside(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                     std::string_view reason, std::int64_t now) {
  store::Statement insert = connection.prepare(
      "INSERT OR REPLACE INTO account_children_set_aside (account_id, pupil_id, reason, at) "
      "VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, account_id).bind(2, pupil_id).bind(3, reason).bind(4, now);
  insert.run();
}

std::optional<std::string> pupil_birth_date(store::Connection& connection, std::int64_t pupil_id) {
  store::Statement query = connection.prepare("SELECT birth_date FROM pupils WHERE id = ?1");
  query.bind(1, pupil_id);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

int child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id) {
  store::Statement query =
      connection.prepare("SELECT attempts FROM account_child_attempts WHERE account_id = ?1 AND pupil_id = ?2");
  query.bind(1, account_id).bind(2, pupil_id);
  return query.step() ? static_cast<int>(query.integer(0)) : 0;
}

void set_child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                        int attempts) {
  store::Statement write = connection.prepare(
      "INSERT INTO account_child_attempts (account_id, pupil_id, attempts) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (account_id, pupil_id) DO UPDATE SET attempts = excluded.attempts");
  write.bind(1, account_id).bind(2, pupil_id).bind(3, attempts);
  write.run();
}

void clear_child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id) {
  store::Statement drop =
      connection.prepare("DELETE FROM account_child_attempts WHERE account_id = ?1 AND pupil_id = ?2");
  drop.bind(1, account_id).bind(2, pupil_id);
  drop.run();
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

}  // namespace sesame::account
