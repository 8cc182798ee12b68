#include "server/flows/activation/queries.h"

namespace sesame::activation {

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

}  // namespace sesame::activation
