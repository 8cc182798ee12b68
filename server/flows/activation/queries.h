#pragma once
// The SQL of the activation flow: the children it offers (`flow_children`)
// and what the last step writes (account, its children, audit; the flow row is
// server/flows/flow_store's, the session server/flows/session's).
// Callers hold the transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/directory/directory.h"
#include "server/store/database.h"

namespace sesame::activation {

struct OfferedChild {
  std::int64_t pupil_id = 0;
  std::string first_name;
  std::string last_name;
  std::string birth_date;  // ISO, as the school exported it
  directory::School school;
  std::string state;  // pending, confirmed, declined, refused
  int attempts = 0;   // wrong birth dates so far
};

void insert_flow_child(store::Connection& connection, std::string_view flow_id, std::int64_t pupil_id);
std::vector<OfferedChild> flow_children(store::Connection& connection, std::string_view flow_id);
void update_flow_child(store::Connection& connection, std::string_view flow_id, std::int64_t pupil_id,
                       std::string_view state, int attempts);

struct GuardianNames {
  std::string first_name;
  std::string last_name;
};
std::optional<GuardianNames> guardian_names(store::Connection& connection, std::int64_t guardian_id);

bool identifier_taken(store::Connection& connection, std::string_view identifier);
// An account signs in with a password, through FranceConnect (its `sub`), or both.
std::int64_t insert_account(store::Connection& connection, std::string_view identifier,
                            std::int64_t guardian_id, const std::optional<std::string>& password_hash,
                            std::string_view phone_e164, std::int64_t now,
                            const std::optional<std::string>& franceconnect_sub = std::nullopt);
}  // namespace sesame::activation
