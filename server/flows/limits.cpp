#include "server/flows/limits.h"

#include <string>

#include "server/security/throttle.h"

namespace sesame::flows {

WindowCounter read_window(store::Connection& connection, std::string_view key) {
  store::Statement query = connection.query(
      "SELECT window_start, count FROM rate_limits WHERE key = ?1 ORDER BY window_start DESC LIMIT 1", key);
  if (!query.step()) return {};
  return WindowCounter{query.integer(0), query.integer(1)};
}

void write_window(store::Connection& connection, std::string_view key, const WindowCounter& counter) {
  connection.run("DELETE FROM rate_limits WHERE key = ?1 AND window_start <> ?2", key, counter.window_start);
  connection.run(
      "INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (key, window_start) DO UPDATE SET count = excluded.count",
      key, counter.window_start, counter.count);
}

std::optional<Refusal> count_in_window(store::Connection& connection, std::string_view key,
                                       std::int64_t limit, std::chrono::seconds window, std::int64_t now) {
  const WindowCounter counter = read_window(connection, key);
  const security::WindowCount policy{limit, window.count()};
  const security::WindowDecision decision = policy.check(counter.count, counter.window_start, now);
  if (!decision.allowed) {
    return Refusal{.code = "too_many_requests",
                   .retry_after_seconds = static_cast<int>(decision.retry_after_seconds)};
  }
  write_window(connection, key, WindowCounter{decision.window_start, decision.count});
  return std::nullopt;
}

namespace {

std::optional<Refusal> spend_client_budget(store::Connection& connection, const ResendConfig& limits,
                                           std::string_view client_address, std::int64_t now) {
  if (client_address.empty()) return std::nullopt;  // in-process callers (tools, tests) have none
  return count_in_window(connection, "client:" + std::string(client_address), limits.max_per_client,
                         limits.per_client_window, now);
}

}  // namespace

std::optional<Refusal> spend_sms_budget(store::Connection& connection, const SecurityConfig& security,
                                        std::string_view phone_e164, std::string_view client_address,
                                        std::int64_t now) {
  const ResendConfig& limits = security.resend;
  if (auto refused = spend_client_budget(connection, limits, client_address, now)) return refused;
  return count_in_window(connection, "sms:" + std::string(phone_e164), limits.max_per_number,
                         limits.per_number_window, now);
}

std::optional<Refusal> spend_email_budget(store::Connection& connection, const SecurityConfig& security,
                                          std::string_view address, std::string_view client_address,
                                          std::int64_t now) {
  const ResendConfig& limits = security.resend;
  if (auto refused = spend_client_budget(connection, limits, client_address, now)) return refused;
  // Addresses differ in case only where nobody delivers differently: one budget.
  std::string key = "email:" + std::string(address);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return count_in_window(connection, key, limits.max_emails_per_address, limits.per_address_window, now);
}

}  // namespace sesame::flows
