#include "server/flows/activation/queries.h"

namespace sesame::activation {

namespace {

void bind_optional(store::Statement& statement, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind_null(index);
  }
}

}  // namespace

void insert_flow(store::Connection& connection, const FlowRow& flow, std::int64_t now) {
  store::Statement insert = connection.prepare(
      "INSERT INTO flows (id, kind, state, guardian_id, phone_e164, created_at, updated_at, expires_at, "
      "                   code_hash, code_expires_at, code_attempts, resend_count, last_sent_at) "
      "VALUES (?1, 'activation', ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  insert.bind(1, flow.id).bind(2, flow.state);
  bind_optional(insert, 3, flow.guardian_id);
  insert.bind(4, flow.phone_e164)
      .bind(5, now)
      .bind(6, flow.expires_at)
      .bind(7, flow.code_hash)
      .bind(8, flow.code_expires_at)
      .bind(9, flow.code_attempts)
      .bind(10, flow.resend_count)
      .bind(11, flow.last_sent_at);
  insert.run();
}

std::optional<FlowRow> find_flow(store::Connection& connection, std::string_view id) {
  store::Statement query = connection.prepare(
      "SELECT id, state, guardian_id, coalesce(phone_e164, ''), expires_at, code_hash, "
      "       coalesce(code_expires_at, 0), code_attempts, resend_count, coalesce(last_sent_at, 0) "
      "FROM flows WHERE id = ?1 AND kind = 'activation'");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  FlowRow flow;
  flow.id = query.text(0);
  flow.state = query.text(1);
  if (!query.is_null(2)) flow.guardian_id = query.integer(2);
  flow.phone_e164 = query.text(3);
  flow.expires_at = query.integer(4);
  flow.code_hash = query.optional_text(5);
  flow.code_expires_at = query.integer(6);
  flow.code_attempts = static_cast<int>(query.integer(7));
  flow.resend_count = static_cast<int>(query.integer(8));
  flow.last_sent_at = query.integer(9);
  return flow;
}

void update_flow(store::Connection& connection, const FlowRow& flow, std::int64_t now) {
  store::Statement update = connection.prepare(
      "UPDATE flows SET state = ?2, updated_at = ?3, expires_at = ?4, code_hash = ?5, code_expires_at = ?6, "
      "                 code_attempts = ?7, resend_count = ?8, last_sent_at = ?9 "
      "WHERE id = ?1");
  update.bind(1, flow.id)
      .bind(2, flow.state)
      .bind(3, now)
      .bind(4, flow.expires_at)
      .bind(5, flow.code_hash)
      .bind(6, flow.code_expires_at)
      .bind(7, flow.code_attempts)
      .bind(8, flow.resend_count)
      .bind(9, flow.last_sent_at);
  update.run();
}

void insert_flow_child(store::Connection& connection, std::string_view flow_id, std::int64_t pupil_id) {
  store::Statement insert =
      connection.prepare("INSERT OR IGNORE INTO flow_children (flow_id, pupil_id) VALUES (?1, ?2)");
  insert.bind(1, flow_id).bind(2, pupil_id);
  insert.run();
}

std::vector<OfferedChild> flow_children(store::Connection& connection, std::string_view flow_id) {
  store::Statement query = connection.prepare(
      "SELECT p.id, p.first_name, p.last_name, p.birth_date, s.uai, s.name, s.city, s.level, "
      "       c.state, c.attempts "
      "FROM flow_children c JOIN pupils p ON p.id = c.pupil_id JOIN schools s ON s.uai = p.school_uai "
      "WHERE c.flow_id = ?1 ORDER BY p.last_name, p.first_name, p.id");
  query.bind(1, flow_id);
  std::vector<OfferedChild> children;
  while (query.step()) {
    children.push_back(
        OfferedChild{query.integer(0), query.text(1), query.text(2), query.text(3),
                     directory::School{query.text(4), query.text(5), query.text(6), query.text(7)},
                     query.text(8), static_cast<int>(query.integer(9))});
  }
  return children;
}

void update_flow_child(store::Connection& connection, std::string_view flow_id, std::int64_t pupil_id,
                       std::string_view state, int attempts) {
  store::Statement update = connection.prepare(
      "UPDATE flow_children SET state = ?3, attempts = ?4 WHERE flow_id = ?1 AND pupil_id = ?2");
  update.bind(1, flow_id).bind(2, pupil_id).bind(3, state).bind(4, attempts);
  update.run();
}

WindowCounter read_window(store::Connection& connection, std::string_view key) {
  store::Statement query = connection.prepare(
      "SELECT window_start, count FROM rate_limits WHERE key = ?1 ORDER BY window_start DESC LIMIT 1");
  query.bind(1, key);
  if (!query.step()) return {};
  return WindowCounter{query.integer(0), query.integer(1)};
}

void write_window(store::Connection& connection, std::string_view key, const WindowCounter& counter) {
  store::Statement drop = connection.prepare("DELETE FROM rate_limits WHERE key = ?1 AND window_start <> ?2");
  drop.bind(1, key).bind(2, counter.window_start);
  drop.run();
  store::Statement write = connection.prepare(
      "INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (key, window_start) DO UPDATE SET count = excluded.count");
  write.bind(1, key).bind(2, counter.window_start).bind(3, counter.count);
  write.run();
}

void insert_audit(store::Connection& connection, std::int64_t at, std::string_view kind,
                  std::optional<std::int64_t> account_id, std::optional<std::int64_t> guardian_id,
                  std::optional<std::int64_t> pupil_id) {
  store::Statement insert = connection.prepare(
      "INSERT INTO audit_log (at, kind, account_id, guardian_id, pupil_id) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, at).bind(2, kind);
  bind_optional(insert, 3, account_id);
  bind_optional(insert, 4, guardian_id);
  bind_optional(insert, 5, pupil_id);
  insert.run();
}

std::optional<GuardianNames> guardian_names(store::Connection& connection, std::int64_t guardian_id) {
  store::Statement query = connection.prepare("SELECT first_name, last_name FROM guardians WHERE id = ?1");
  query.bind(1, guardian_id);
  if (!query.step()) return std::nullopt;
  return GuardianNames{query.text(0), query.text(1)};
}

bool identifier_taken(store::Connection& connection, std::string_view identifier) {
  store::Statement query = connection.prepare("SELECT 1 FROM accounts WHERE identifier = ?1");
  query.bind(1, identifier);
  return query.step();
}

std::int64_t insert_account(store::Connection& connection, std::string_view identifier,
                            std::int64_t guardian_id, std::string_view password_hash,
                            std::string_view phone_e164, std::int64_t now) {
  store::Statement insert = connection.prepare(
      "INSERT INTO accounts (identifier, guardian_id, password_hash, phone_e164, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, identifier).bind(2, guardian_id).bind(3, password_hash).bind(4, phone_e164).bind(5, now);
  insert.run();
  return connection.last_insert_id();
}

void insert_account_child(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                          std::int64_t now) {
  store::Statement insert = connection.prepare(
      "INSERT INTO account_children (account_id, pupil_id, confirmed_at) VALUES (?1, ?2, ?3)");
  insert.bind(1, account_id).bind(2, pupil_id).bind(3, now);
  insert.run();
}

}  // namespace sesame::activation
