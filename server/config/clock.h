#pragma once
// The time every flow reads: the system's in production, a hand-driven one in
// tests so that expiries, waits and "today" are tested exactly at their edge.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "shared/date.h"

namespace sesame {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;
  virtual time_point now() const = 0;

  // Seconds since 1970-01-01T00:00:00Z: what the database stores.
  std::int64_t unix_seconds() const;
  // The calendar day in the server's time zone (TZ; Europe/Paris in production),
  // which is the day parents and schools mean.
  Date today() const;
};

class SystemClock final : public Clock {
 public:
  time_point now() const override { return std::chrono::system_clock::now(); }
};

// Stands still until told to move. Thread-safe: the server's threads read it
// while the test advances it.
class ManualClock final : public Clock {
 public:
  // 2026-09-01T08:00:00Z, a school morning, unless told otherwise.
  ManualClock();
  explicit ManualClock(time_point start) : now_(start) {}

  time_point now() const override;
  void set(time_point when);
  void advance(std::chrono::system_clock::duration by);

 private:
  mutable std::mutex mutex_;
  time_point now_;
};

// "2026-09-01T08:30:00Z": how instants travel on the wire.
std::string format_iso_utc(std::int64_t unix_seconds);

}  // namespace sesame
