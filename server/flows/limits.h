#pragma once
// The counters of rate_limits that several flows share: the SMS and e-mail
// budget (per number or address, per client address) and the fixed windows
// they are made of. Callers hold the write transaction, so a count and the
// step it allows commit together.
#include <cstdint>
#include <optional>
#include <string_view>

#include "server/config/security_config.h"
#include "server/flows/refusal.h"
#include "server/store/database.h"

namespace sesame::flows {

// A fixed-window counter of rate_limits: the latest window of `key` ({0, 0} when none).
struct WindowCounter {
  std::int64_t window_start = 0;
  std::int64_t count = 0;
};
WindowCounter read_window(store::Connection& connection, std::string_view key);
// Stores the counter and drops the key's older windows.
void write_window(store::Connection& connection, std::string_view key, const WindowCounter& counter);

// Counts one event of `key`, at most `limit` a window; too_many_requests with
// retry_after_seconds (and nothing counted) past it.
std::optional<Refusal> count_in_window(store::Connection& connection, std::string_view key, std::int64_t limit,
                                       std::chrono::seconds window, std::int64_t now);

// One request that may send an SMS to `phone_e164`, from `client_address`.
// Counted whether or not anyone is known behind the number, so a refusal tells
// nothing about the directory. The client's counter goes first: a machine past
// its budget does not use up the number's.
std::optional<Refusal> spend_sms_budget(store::Connection& connection, const SecurityConfig& security,
                                        std::string_view phone_e164, std::string_view client_address,
                                        std::int64_t now);

// The same for a request that may send an e-mail to `address` (any case).
std::optional<Refusal> spend_email_budget(store::Connection& connection, const SecurityConfig& security,
                                          std::string_view address, std::string_view client_address,
                                          std::int64_t now);

}  // namespace sesame::flows
