#include "server/accounts/children.h"

namespace sesame::accounts {

void insert_account_child(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                          std::int64_t guardian_id, std::int64_t now) {
  connection.run(
      "INSERT INTO account_children (account_id, pupil_id, guardian_id, confirmed_at) VALUES (?1, ?2, ?3, "
      "?4)",
      account_id, pupil_id, guardian_id, now);
}

void set_child_aside(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                     std::string_view reason, std::int64_t now) {
  connection.run(
      "INSERT OR REPLACE INTO account_children_set_aside (account_id, pupil_id, reason, at) "
      "VALUES (?1, ?2, ?3, ?4)",
      account_id, pupil_id, reason, now);
}

int child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id) {
  store::Statement query =
      connection.query("SELECT attempts FROM account_child_attempts WHERE account_id = ?1 AND pupil_id = ?2",
                       account_id, pupil_id);
  return query.step() ? static_cast<int>(query.integer(0)) : 0;
}

void set_child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                        int attempts) {
  connection.run(
      "INSERT INTO account_child_attempts (account_id, pupil_id, attempts) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (account_id, pupil_id) DO UPDATE SET attempts = excluded.attempts",
      account_id, pupil_id, attempts);
}

void clear_child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id) {
  connection.run("DELETE FROM account_child_attempts WHERE account_id = ?1 AND pupil_id = ?2", account_id,
                 pupil_id);
}

}  // namespace sesame::accounts
