#pragma once
// One row of `flows`, whatever its kind (activation, recovery, e-mail or
// mobile change…): its state, expiry, SMS or e-mail code and counters, and the
// checks every step makes first. Each feature names its own states; the
// machinery of codes and lifetimes is the same for all. Callers hold the
// transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/flows/refusal.h"
#include "server/services.h"
#include "server/store/database.h"

namespace sesame::flows {

// States every kind shares; the others are the feature's own.
inline constexpr std::string_view kDone = "done";
inline constexpr std::string_view kLocked = "locked";

struct FlowRow {
  std::string id;
  std::string kind;  // flows.kind: activation, recovery, email_change, phone_change…
  std::string state;
  std::optional<std::int64_t> guardian_id;  // activation: empty when nobody matched, the flow only pretends
  std::optional<std::int64_t> account_id;   // recovery and changes: the account concerned, if any
  std::string phone_e164;                   // where its SMS go
  std::string data = "{}";                  // JSON: what a kind keeps besides (a new e-mail address…)
  std::int64_t expires_at = 0;
  std::optional<std::string> code_hash;  // keyed hash; cleared once used
  std::int64_t code_expires_at = 0;
  int code_attempts = 0;
  int resend_count = 0;
  std::int64_t last_sent_at = 0;
};

void insert_flow(store::Connection& connection, const FlowRow& flow, std::int64_t now);
// The flow `id` of `kind`: a flow of another kind is not found.
std::optional<FlowRow> find_flow(store::Connection& connection, std::string_view id, std::string_view kind);
// The newest flow of `kind` for an account (e-mail and mobile changes have one at a time).
std::optional<FlowRow> find_account_flow(store::Connection& connection, std::int64_t account_id,
                                         std::string_view kind);
void delete_account_flows(store::Connection& connection, std::int64_t account_id, std::string_view kind);
// Writes every mutable column of `flow` back, with updated_at = now.
void update_flow(store::Connection& connection, const FlowRow& flow, std::int64_t now);

// The flow exists, is not finished and has not expired. An unknown id answers
// like an expired flow: ids purged after expiry look like ids that never existed.
std::optional<Refusal> check_alive(const std::optional<FlowRow>& flow, std::int64_t now);
// check_alive, and the flow is at the step `expected` (409 otherwise).
std::optional<Refusal> check_step(const std::optional<FlowRow>& flow, std::string_view expected,
                                  std::int64_t now);

// A fresh code of SecurityConfig::sms_code.digits for `flow`: its keyed hash and
// expiry are set on the row (which the caller writes), the code itself is
// answered for the message and never stored.
std::string issue_code(FlowRow& flow, const Services& services, std::int64_t now);

// Checks a typed code against the flow's, in constant time, counting the try.
// Answers nullopt when right (the code is then spent: single use); otherwise
// invalid_code with the tries left, or flow_locked (the state becomes kLocked)
// after the last one, or flow_expired once the code's validity is over. The
// caller writes the row back and commits in every case.
std::optional<Refusal> spend_code(FlowRow& flow, std::string_view typed, const Services& services,
                                  std::int64_t now);

}  // namespace sesame::flows
