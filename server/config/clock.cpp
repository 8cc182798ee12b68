#include "server/config/clock.h"

#include <ctime>

namespace sesame {

std::int64_t Clock::unix_seconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
}

Date Clock::today() const {
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds());
  std::tm local{};
  localtime_r(&seconds, &local);
  return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

ManualClock::ManualClock()
    : now_(std::chrono::sys_days{std::chrono::year{2026} / 9 / 1} + std::chrono::hours{8}) {}

Clock::time_point ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::set(time_point when) {
  std::lock_guard lock(mutex_);
  now_ = when;
}

void ManualClock::advance(std::chrono::system_clock::duration by) {
  std::lock_guard lock(mutex_);
  now_ += by;
}

std::string format_iso_utc(std::int64_t unix_seconds) {
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace sesame
