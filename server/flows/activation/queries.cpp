#include "server/flows/activation/queries.h"

namespace sesame::activation {

void insert_flow_child(store::Connection& connection, std::string_view flow_id, std::int64_t pupil_id) {
  connection.run("INSERT OR IGNORE INTO flow_children (flow_id, pupil_id) VALUES (?1, ?2)", flow_id,
                 pupil_id);
}

std::vector<OfferedChild> flow_children(store::Connection& connection, std::string_view flow_id) {
  store::Statement query = connection.query(
      "SELECT p.id, p.first_name, p.last_name, p.birth_date, s.uai, s.name, s.city, s.level, "
      "       c.state, c.attempts "
      "FROM flow_children c JOIN pupils p ON p.id = c.pupil_id JOIN schools s ON s.uai = p.school_uai "
      "WHERE c.flow_id = ?1 ORDER BY p.last_name, p.first_name, p.id",
      flow_id);
  std::vector<OfferedChild> children;
  while (query.step()) {
    children.push_back(OfferedChild{
        query.integer(0), query.text(1), query.text(2), query.text(3), directory::read_school(query, 4),
        // The table's CHECK admits only the four words.
        flows::child_state_from(query.text(8)).value_or(flows::ChildState::pending),
        static_cast<int>(query.integer(9))});
  }
  return children;
}

void update_flow_child(store::Connection& connection, std::string_view flow_id, std::int64_t pupil_id,
                       flows::ChildState state, int attempts) {
  connection.run("UPDATE flow_children SET state = ?3, attempts = ?4 WHERE flow_id = ?1 AND pupil_id = ?2",
                 flow_id, pupil_id, flows::to_string(state), attempts);
}

}  // namespace sesame::activation
