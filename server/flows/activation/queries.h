#pragma once
// The SQL of the activation flow's own table: the children it offers and the
// parent's answers so far (`flow_children`). The flow row is
// server/flows/flow_store's; the account it creates, server/accounts/'s.
// Callers hold the transaction.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/directory/directory.h"
#include "server/flows/child_answers.h"
#include "server/store/database.h"

namespace sesame::activation {

struct OfferedChild {
  std::int64_t pupil_id = 0;
  std::string first_name;
  std::string last_name;
  std::string birth_date;  // ISO, as the school exported it
  directory::School school;
  flows::ChildState state = flows::ChildState::pending;
  int attempts = 0;   // wrong birth dates so far
};

void insert_flow_child(store::Connection& connection, std::string_view flow_id, std::int64_t pupil_id);
std::vector<OfferedChild> flow_children(store::Connection& connection, std::string_view flow_id);
void update_flow_child(store::Connection& connection, std::string_view flow_id, std::int64_t pupil_id,
                       flows::ChildState state, int attempts);

}  // namespace sesame::activation
