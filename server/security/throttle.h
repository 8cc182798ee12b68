#pragma once
// Throttling policies as pure functions of counters and times (seconds): no
// clock and no storage here, so every limit is tested exactly at its edge and
// the flows keep the counters in SQLite. Defaults are those of docs/security.md,
// "Limits".
#include <cstdint>
#include <optional>

namespace sesame::security {

// Sign-in, per identifier (existing or not): no wait before the 5th failure,
// then 60 s for the 5th, doubling for each further failure, never above 900 s.
std::int64_t login_wait_seconds(std::int64_t failures, std::int64_t first_waiting_failure = 5,
                                std::int64_t first_wait_seconds = 60, std::int64_t max_wait_seconds = 900);

// Why a resend of the SMS code is refused.
struct ResendRefusal {
  bool never = false;                    // every resend of this flow is used up
  std::int64_t retry_after_seconds = 0;  // otherwise: wait this long (> 0)

  static ResendRefusal exhausted() { return {true, 0}; }
  static ResendRefusal wait(std::int64_t seconds) { return {false, seconds}; }
  bool operator==(const ResendRefusal&) const = default;
};

// resend_count: resends already made in this flow (the first send is not one).
// nullopt when a resend is allowed now.
std::optional<ResendRefusal> resend_wait_seconds(std::int64_t resend_count,
                                                 std::int64_t seconds_since_last_send,
                                                 std::int64_t max_resends = 3,
                                                 std::int64_t min_interval_seconds = 60);

// The outcome of counting one more event in a fixed window, and the counter to store.
struct WindowDecision {
  bool allowed = false;
  std::int64_t retry_after_seconds = 0;  // > 0 when refused: until the window ends
  std::int64_t window_start = 0;         // store these two back
  std::int64_t count = 0;
};

// A fixed-window counter: at most `limit` events per `window_seconds` from the
// window's first event (5 SMS per number per hour by default). Counters are keyed
// by the caller (phone number, client address…).
struct WindowCount {
  std::int64_t limit = 5;
  std::int64_t window_seconds = 3600;

  // count: events already counted in the window that started at window_start
  // (count 0 for a key never seen). A refused event is not counted.
  WindowDecision check(std::int64_t count, std::int64_t window_start, std::int64_t now) const;
};

}  // namespace sesame::security
