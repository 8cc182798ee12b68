#include "server/security/throttle.h"

#include <algorithm>

namespace sesame::security {

std::int64_t login_wait_seconds(std::int64_t failures, std::int64_t first_waiting_failure,
                                std::int64_t first_wait_seconds, std::int64_t max_wait_seconds) {
  if (failures < first_waiting_failure) return 0;
  // Doubling stops at the cap, so a huge failure count cannot overflow.
  std::int64_t wait = std::min(first_wait_seconds, max_wait_seconds);
  for (std::int64_t extra = failures - first_waiting_failure; extra > 0 && wait < max_wait_seconds; --extra)
    wait = std::min(wait * 2, max_wait_seconds);
  return wait;
}

std::optional<ResendRefusal> resend_wait_seconds(std::int64_t resend_count,
                                                 std::int64_t seconds_since_last_send,
                                                 std::int64_t max_resends,
                                                 std::int64_t min_interval_seconds) {
  if (resend_count >= max_resends) return ResendRefusal::exhausted();
  // A clock that went backwards counts as "just sent": never a shortcut.
  const std::int64_t elapsed = std::max<std::int64_t>(seconds_since_last_send, 0);
  if (elapsed < min_interval_seconds) return ResendRefusal::wait(min_interval_seconds - elapsed);
  return std::nullopt;
}

WindowDecision WindowCount::check(std::int64_t count, std::int64_t window_start, std::int64_t now) const {
  // A window that ended (or a counter never used) starts again with this event.
  // A start in the future (clock moved back) keeps the window: refusing too long
  // is safer than letting a burst through.
  if (count <= 0 || now >= window_start + window_seconds) {
    if (limit <= 0) return {false, window_seconds, now, 0};
    return {true, 0, now, 1};
  }
  if (count < limit) return {true, 0, window_start, count + 1};
  return {false, window_start + window_seconds - now, window_start, count};
}

}  // namespace sesame::security
