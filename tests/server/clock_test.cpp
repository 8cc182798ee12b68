// The clocks the flows read, and the security defaults the docs state
// (docs/security.md, "Limits"; docs/api.md, "Codes, flows and limits").
#include "server/config/clock.h"

#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "server/config/security_config.h"

using namespace std::chrono_literals;

TEST_CASE("ManualClock stands still until advanced, then moves by exactly that", "[clock]") {
  sesame::ManualClock clock;
  const std::int64_t start = clock.unix_seconds();
  CHECK(start == 1788249600);  // 2026-09-01T08:00:00Z
  CHECK(sesame::format_iso_utc(start) == "2026-09-01T08:00:00Z");
  CHECK(clock.today() == sesame::Date{2026, 9, 1});
  std::this_thread::sleep_for(10ms);
  CHECK(clock.unix_seconds() == start);

  clock.advance(30min);
  CHECK(clock.unix_seconds() == start + 1800);
  clock.advance(1s);
  CHECK(sesame::format_iso_utc(clock.unix_seconds()) == "2026-09-01T08:30:01Z");
  clock.advance(24h);
  CHECK(clock.today() == sesame::Date{2026, 9, 2});

  clock.set(std::chrono::sys_days{std::chrono::year{2027} / 2 / 28} + 12h);
  clock.advance(24h);
  CHECK(clock.today() == sesame::Date{2027, 3, 1});
}

TEST_CASE("ManualClock can be advanced from several threads at once", "[clock]") {
  sesame::ManualClock clock;
  const std::int64_t start = clock.unix_seconds();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) {
        clock.advance(1s);
        (void)clock.now();
      }
    });
  for (auto& thread : threads) thread.join();
  CHECK(clock.unix_seconds() == start + 4000);
}

TEST_CASE("SystemClock follows the system's time", "[clock]") {
  sesame::SystemClock clock;
  const auto system =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  CHECK(std::abs(clock.unix_seconds() - system) <= 1);
  CHECK(clock.today().year >= 2024);
}

TEST_CASE("SecurityConfig holds the documented security defaults", "[clock]") {
  const sesame::SecurityConfig config;
  CHECK(config.password_hashing.memory_bytes == 19u * 1024 * 1024);
  CHECK(config.password_hashing.iterations == 2);
  CHECK(config.password_hashing.parallelism == 1);
  CHECK(config.password_hashing.max_concurrent_hashes == 0);  // one per core
  CHECK(config.sms_code.digits == 6);
  CHECK(config.sms_code.validity == 30min);
  CHECK(config.sms_code.max_attempts == 5);
  CHECK(config.resend.max_per_flow == 3);
  CHECK(config.resend.min_interval == 60s);
  CHECK(config.resend.max_per_number == 5);
  CHECK(config.resend.per_number_window == 1h);
  CHECK(config.birth_date.max_attempts_per_child == 3);
  CHECK(config.login.failures_before_wait == 5);
  CHECK(config.login.first_wait == 1min);
  CHECK(config.login.max_wait == 15min);
  CHECK(config.session.token_bytes == 16);
  CHECK(config.session.idle_timeout == 30min);
  CHECK(config.session.absolute_timeout == 12h);
  CHECK(config.max_body_bytes == 64u * 1024);
  CHECK(config.flow_expiry == 30min);
}
