#pragma once
// The SQL of the activation flow: its row in `flows`, the children it offers
// (`flow_children`), the per-number SMS counter, and what the last step writes
// (account, its children, audit; the session is server/flows/session's).
// Callers hold the transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/directory/directory.h"
#include "server/store/database.h"

namespace sesame::activation {

struct FlowRow {
  std::string id;
  std::string state;
  std::optional<std::int64_t> guardian_id;  // empty when nobody matched: the flow only pretends
  std::string phone_e164;
  std::int64_t expires_at = 0;
  std::optional<std::string> code_hash;  // keyed hash; cleared once used
  std::int64_t code_expires_at = 0;
  int code_attempts = 0;
  int resend_count = 0;
  std::int64_t last_sent_at = 0;
};

void insert_flow(store::Connection& connection, const FlowRow& flow, std::int64_t now);
std::optional<FlowRow> find_flow(store::Connection& connection, std::string_view id);
// Writes every mutable column of `flow` back, with updated_at = now.
void update_flow(store::Connection& connection, const FlowRow& flow, std::int64_t now);

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

// A fixed-window counter of rate_limits: the latest window of `key` ({0, 0} when none).
struct WindowCounter {
  std::int64_t window_start = 0;
  std::int64_t count = 0;
};
WindowCounter read_window(store::Connection& connection, std::string_view key);
// Stores the counter and drops the key's older windows.
void write_window(store::Connection& connection, std::string_view key, const WindowCounter& counter);

void insert_audit(store::Connection& connection, std::int64_t at, std::string_view kind,
                  std::optional<std::int64_t> account_id, std::optional<std::int64_t> guardian_id,
                  std::optional<std::int64_t> pupil_id);

struct GuardianNames {
  std::string first_name;
  std::string last_name;
};
std::optional<GuardianNames> guardian_names(store::Connection& connection, std::int64_t guardian_id);

bool identifier_taken(store::Connection& connection, std::string_view identifier);
std::int64_t insert_account(store::Connection& connection, std::string_view identifier,
                            std::int64_t guardian_id, std::string_view password_hash,
                            std::string_view phone_e164, std::int64_t now);
void insert_account_child(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                          std::int64_t now);

}  // namespace sesame::activation
