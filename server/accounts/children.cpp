#include "server/accounts/children.h"

namespace sesame::accounts {

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

}  // namespace sesame::accounts
