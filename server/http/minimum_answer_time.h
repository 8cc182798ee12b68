#pragma once
// Holds a route's answer until a minimum time has passed since it began.
//
// Where a known phone, address or identifier costs more work than an unknown
// one (a code to issue, a message to queue, a counter to update), the
// difference is a fraction of a millisecond, but measurable over many
// requests. Equalising every statement would be brittle; answering no sooner
// than a floor well above that work hides it, for routes parents call a few
// times (account creation, recovery), never for the hot ones.
#include <chrono>
#include <thread>

namespace sesame::http {

class MinimumAnswerTime {
 public:
  explicit MinimumAnswerTime(std::chrono::milliseconds floor)
      : until_(std::chrono::steady_clock::now() + floor) {}
  ~MinimumAnswerTime() { std::this_thread::sleep_until(until_); }
  MinimumAnswerTime(const MinimumAnswerTime&) = delete;
  MinimumAnswerTime& operator=(const MinimumAnswerTime&) = delete;

 private:
  std::chrono::steady_clock::time_point until_;
};

}  // namespace sesame::http
