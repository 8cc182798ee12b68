#include "server/sessions/queries.h"

namespace sesame::sessions {

void insert_session(store::Connection& connection, std::string_view token_hash, std::int64_t account_id,
                    std::int64_t now, const std::optional<std::string>& id_token) {
  connection.run(
      "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, id_token) "
      "VALUES (?1, ?2, ?3, ?3, ?4)",
      token_hash, account_id, now, id_token);
}

std::optional<std::string> session_id_token(store::Connection& connection, std::string_view token_hash) {
  store::Statement query =
      connection.query("SELECT id_token FROM sessions WHERE token_hash = ?1", token_hash);
  if (!query.step() || query.is_null(0)) return std::nullopt;
  return query.text(0);
}

std::optional<SessionRow> find_session(store::Connection& connection, std::string_view token_hash) {
  store::Statement query = connection.query(
      "SELECT s.account_id, s.created_at, s.last_seen_at, a.closed_at IS NOT NULL OR a.disabled_at IS NOT NULL, "
      "       a.profile = 'pupil' "
      "FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?1",
      token_hash);
  if (!query.step()) return std::nullopt;
  return SessionRow{query.integer(0), query.integer(1), query.integer(2), query.integer(3) != 0,
                    query.integer(4) != 0};
}

void touch_session(store::Connection& connection, std::string_view token_hash, std::int64_t now) {
  connection.run("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1", token_hash, now);
}

void delete_session(store::Connection& connection, std::string_view token_hash) {
  connection.run("DELETE FROM sessions WHERE token_hash = ?1", token_hash);
}

void delete_sessions_of(store::Connection& connection, std::int64_t account_id,
                        std::optional<std::string_view> keep) {
  store::Statement remove = connection.query(
      "DELETE FROM sessions WHERE account_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)", account_id);
  if (keep) {
    remove.bind(2, *keep);
  } else {
    remove.bind_null(2);
  }
  remove.run();
}

}  // namespace sesame::sessions
