// Security primitives: argon2id hashing and its concurrency cap, random codes and
// tokens, keyed hashes, the server key file, and the throttling policies.
#include <sys/stat.h>

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/security/password_hasher.h"
#include "server/security/secrets.h"
#include "server/security/throttle.h"
#include "support.h"

using namespace sesame::security;
using sesame::testing::TempDir;
using sesame::testing::write_file;

namespace {

// libsodium's smallest argon2id cost: keeps the tests fast, same code path.
constexpr Argon2Params kFastParams{64 * 1024, 1};

bool is_base64url(const std::string& text) {
  for (const char c : text)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

mode_t file_mode(const std::filesystem::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

void write_key_file(const std::filesystem::path& path, std::size_t bytes, mode_t mode) {
  write_file(path, std::string(bytes, 'k'));
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

// Tracks how many threads are inside the hasher's slots at once.
struct ConcurrencyProbe {
  std::atomic<int> active{0};
  std::atomic<int> max_active{0};

  void entered() {
    const int now = ++active;
    int seen = max_active.load();
    while (now > seen && !max_active.compare_exchange_weak(seen, now)) {
    }
  }
  void leaving() { --active; }
};

}  // namespace

TEST_CASE("A password hash verifies with its password and no other", "[security]") {
  PasswordHasher hasher(kFastParams, 2);
  const std::string stored = hasher.hash("Écureuil-42!");
  CHECK(stored.rfind("$argon2id$v=19$m=64,t=1,p=1$", 0) == 0);
  CHECK(hasher.verify(stored, "Écureuil-42!"));
  CHECK_FALSE(hasher.verify(stored, "écureuil-42!"));
  CHECK_FALSE(hasher.verify(stored, ""));
  CHECK_FALSE(hasher.verify(stored, "Écureuil-42"));
  // Salted: the same password never gives the same string twice.
  CHECK(hasher.hash("Écureuil-42!") != stored);
}

TEST_CASE("Malformed hashes and over-long passwords are refused, never accepted", "[security]") {
  PasswordHasher hasher(kFastParams, 1);
  const std::string stored = hasher.hash("Motdepasse1!");
  CHECK_FALSE(hasher.verify("", "Motdepasse1!"));
  CHECK_FALSE(hasher.verify("$argon2id$v=19$m=64,t=1,p=1$", "Motdepasse1!"));
  CHECK_FALSE(hasher.verify(stored.substr(0, stored.size() - 3), "Motdepasse1!"));
  CHECK_FALSE(hasher.verify(std::string(stored) + std::string(1, '\0') + "x", "Motdepasse1!"));

  const std::string longest(kMaxPasswordBytes, 'a');
  CHECK(hasher.verify(hasher.hash(longest), longest));
  const std::string too_long(kMaxPasswordBytes + 1, 'a');
  CHECK_THROWS_AS(hasher.hash(too_long), PasswordTooLong);
  CHECK_FALSE(hasher.verify(stored, too_long));
  CHECK_FALSE(hasher.verify_dummy(too_long));
}

TEST_CASE("The dummy verify is always false, whatever the password", "[security]") {
  PasswordHasher hasher(kFastParams, 1);
  for (const char* password : {"", "Motdepasse1!", "password"}) CHECK_FALSE(hasher.verify_dummy(password));
}

TEST_CASE("The dummy verify takes a slot like a real verify", "[security]") {
  PasswordHasher hasher(kFastParams, 1);
  ConcurrencyProbe probe;
  hasher.set_slot_hooks_for_testing([&] { probe.entered(); }, [&] { probe.leaving(); });
  CHECK_FALSE(hasher.verify_dummy("Motdepasse1!"));
  CHECK(probe.max_active == 1);
  CHECK(probe.active == 0);
}

TEST_CASE("The default parameters are argon2id, 19 MiB, t=2, p=1", "[security]") {
  PasswordHasher hasher;  // the real cost, once
  CHECK(hasher.max_concurrent() == std::max(1u, std::thread::hardware_concurrency()));
  const std::string stored = hasher.hash("Motdepasse1!");
  CHECK(stored.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
  CHECK(hasher.verify(stored, "Motdepasse1!"));
  CHECK_FALSE(hasher.verify(stored, "Motdepasse2!"));
  CHECK_FALSE(hasher.needs_rehash(stored));

  // A hash made with weaker parameters still verifies, and is flagged for rehash.
  PasswordHasher fast(kFastParams, 1);
  const std::string weak = fast.hash("Motdepasse1!");
  CHECK(hasher.verify(weak, "Motdepasse1!"));
  CHECK(hasher.needs_rehash(weak));
}

TEST_CASE("With a cap of 1, four threads never hash at the same time", "[security]") {
  PasswordHasher hasher(kFastParams, 1);
  REQUIRE(hasher.max_concurrent() == 1);
  ConcurrencyProbe probe;
  hasher.set_slot_hooks_for_testing(
      [&] {
        probe.entered();
        std::this_thread::yield();  // give another thread every chance to get in
      },
      [&] { probe.leaving(); });
  std::atomic<int> verified{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i)
        if (hasher.verify(hasher.hash("Motdepasse1!"), "Motdepasse1!")) ++verified;
    });
  for (auto& thread : threads) thread.join();
  CHECK(verified == 20);
  CHECK(probe.max_active == 1);
  CHECK(probe.active == 0);
}

TEST_CASE("With a cap of 2, two hashes do run at the same time", "[security]") {
  // The other side of the cap: the probe sees concurrency when it is allowed,
  // so the "at most 1" above is a real measurement.
  PasswordHasher hasher(kFastParams, 2);
  ConcurrencyProbe probe;
  hasher.set_slot_hooks_for_testing(
      [&] {
        probe.entered();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (probe.max_active < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
      },
      [&] { probe.leaving(); });
  std::thread other([&] { (void)hasher.hash("Motdepasse1!"); });
  (void)hasher.hash("Motdepasse2!");
  other.join();
  CHECK(probe.max_active == 2);
}

TEST_CASE("Slots are given in arrival order", "[security]") {
  // Under a flood, a semaphore let late sign-ins overtake early ones, whose
  // clients then gave up waiting; arrival order bounds every wait.
  PasswordHasher hasher(kFastParams, 1);
  std::mutex mutex;
  std::condition_variable changed;
  bool first_may_leave = false;
  std::vector<int> order;
  thread_local int label = -1;
  hasher.set_slot_hooks_for_testing(
      [&] {
        std::unique_lock lock(mutex);
        order.push_back(label);
        changed.notify_all();
        if (label == 0) changed.wait(lock, [&] { return first_may_leave; });
      },
      {});
  auto wait_until = [&](auto condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    return condition();
  };
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    label = 0;
    (void)hasher.hash("Motdepasse1!");
  });
  REQUIRE(wait_until([&] {
    std::lock_guard lock(mutex);
    return !order.empty();
  }));
  constexpr int kWaiters = 6;
  for (int i = 1; i <= kWaiters; ++i) {
    threads.emplace_back([&, i] {
      label = i;
      (void)hasher.verify_dummy("Motdepasse1!");
    });
    REQUIRE(wait_until([&] { return hasher.waiting() == static_cast<std::size_t>(i); }));
  }
  {
    std::lock_guard lock(mutex);
    first_may_leave = true;
  }
  changed.notify_all();
  for (auto& thread : threads) thread.join();
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
  CHECK(hasher.waiting() == 0);
}

TEST_CASE("Parameters below libsodium's minimum are refused", "[security]") {
  CHECK_THROWS_AS(PasswordHasher(Argon2Params{1024, 1}, 1), std::invalid_argument);
  CHECK_THROWS_AS(PasswordHasher(Argon2Params{64 * 1024, 0}, 1), std::invalid_argument);
}

TEST_CASE("Random digits: the length asked, digits only, leading zeros kept", "[security]") {
  CHECK(random_digits(0).empty());
  bool saw_leading_zero = false;
  for (int i = 0; i < 2000; ++i) {
    const std::string code = random_digits(6);
    REQUIRE(code.size() == 6);
    for (const char c : code) REQUIRE((c >= '0' && c <= '9'));
    saw_leading_zero = saw_leading_zero || code[0] == '0';
  }
  CHECK(saw_leading_zero);  // missing with probability 0.9^2000
  CHECK(random_digits(32).size() == 32);
}

TEST_CASE("Random digits are uniform (chi-square, loose bound)", "[security]") {
  std::array<int, 10> counts{};
  constexpr int kCodes = 10000;
  for (int i = 0; i < kCodes; ++i)
    for (const char c : random_digits(6)) ++counts[static_cast<std::size_t>(c - '0')];
  const double expected = kCodes * 6 / 10.0;
  double chi_square = 0;
  for (const int count : counts) chi_square += (count - expected) * (count - expected) / expected;
  // 9 degrees of freedom: the mean is 9; above 60 has probability below 1e-9,
  // while a biased "% 10" or a stuck digit lands in the hundreds.
  CHECK(chi_square < 60.0);
}

TEST_CASE("Tokens and flow ids: base64url, the right length, never repeated", "[security]") {
  std::set<std::string> tokens;
  std::set<std::string> flow_ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = random_token();
    CHECK(token.size() == 22);
    CHECK(is_base64url(token));
    tokens.insert(token);
    const std::string flow_id = random_flow_id();
    CHECK(flow_id.size() == 32);  // 192 bits
    CHECK(is_base64url(flow_id));
    flow_ids.insert(flow_id);
  }
  CHECK(tokens.size() == 1000);
  CHECK(flow_ids.size() == 1000);
}

TEST_CASE("Keyed hashes: stable for one key, different for another key or input", "[security]") {
  ServerKey key_a{};
  ServerKey key_b{};
  key_a.fill(1);
  key_b.fill(1);
  key_b[31] = 2;
  KeyedHasher a(key_a);
  KeyedHasher a_again(key_a);
  KeyedHasher b(key_b);
  const std::string code_hash = a.hash("012345");
  CHECK(code_hash.size() == 64);
  CHECK(code_hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a.hash("012345") == code_hash);
  CHECK(a_again.hash("012345") == code_hash);
  CHECK(b.hash("012345") != code_hash);
  CHECK(a.hash("012346") != code_hash);
  CHECK(a.hash("") != a.hash(std::string(1, '\0')));
}

TEST_CASE("Constant-time comparison: equal contents only, lengths checked", "[security]") {
  CHECK(constant_time_equal("", ""));
  CHECK(constant_time_equal("abc123", "abc123"));
  CHECK_FALSE(constant_time_equal("abc123", "abc124"));
  CHECK_FALSE(constant_time_equal("abc123", "abc12"));
  CHECK_FALSE(constant_time_equal("abc", "abc123"));
  CHECK_FALSE(constant_time_equal("", "a"));
}

TEST_CASE("The server key file is created 0600 once and read back the same", "[security]") {
  TempDir dir;
  const auto path = dir / "server.key";
  const ServerKey created = load_or_create_server_key(path);
  CHECK(std::filesystem::file_size(path) == 32);
  CHECK(file_mode(path) == 0600);
  CHECK(created != ServerKey{});
  CHECK(load_or_create_server_key(path) == created);
  // Nothing left behind but the key: the temporary file was moved into place.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);
  // Another folder, another key.
  CHECK(load_or_create_server_key(dir / "other.key") != created);
}

TEST_CASE("A server key file of the wrong size or too open is refused", "[security]") {
  TempDir dir;
  SECTION("too short") {
    write_key_file(dir / "server.key", 31, 0600);
    CHECK_THROWS_WITH(load_or_create_server_key(dir / "server.key"), Catch::Contains("31 bytes"));
    CHECK(std::filesystem::file_size(dir / "server.key") == 31);  // left as it was, not replaced
  }
  SECTION("too long") {
    write_key_file(dir / "server.key", 33, 0600);
    CHECK_THROWS_AS(load_or_create_server_key(dir / "server.key"), SecretError);
  }
  SECTION("empty") {
    write_key_file(dir / "server.key", 0, 0600);
    CHECK_THROWS_AS(load_or_create_server_key(dir / "server.key"), SecretError);
  }
  SECTION("readable by everyone") {
    write_key_file(dir / "server.key", 32, 0644);
    CHECK_THROWS_WITH(load_or_create_server_key(dir / "server.key"), Catch::Contains("0644"));
    CHECK(file_mode(dir / "server.key") == 0644);  // not silently "fixed"
  }
  SECTION("readable by the group") {
    write_key_file(dir / "server.key", 32, 0640);
    CHECK_THROWS_AS(load_or_create_server_key(dir / "server.key"), SecretError);
  }
  SECTION("a folder") {
    std::filesystem::create_directory(dir / "server.key");
    REQUIRE(::chmod((dir / "server.key").c_str(), 0700) == 0);
    CHECK_THROWS_AS(load_or_create_server_key(dir / "server.key"), SecretError);
  }
  SECTION("a folder that does not exist") {
    CHECK_THROWS_AS(load_or_create_server_key(dir / "missing" / "server.key"), SecretError);
  }
}

TEST_CASE("Sign-in backoff: free up to 4 failures, then 60 s doubling up to 15 min", "[security]") {
  CHECK(login_wait_seconds(0) == 0);
  CHECK(login_wait_seconds(4) == 0);
  CHECK(login_wait_seconds(5) == 60);
  CHECK(login_wait_seconds(6) == 120);
  CHECK(login_wait_seconds(7) == 240);
  CHECK(login_wait_seconds(8) == 480);
  CHECK(login_wait_seconds(9) == 900);  // 960 capped
  CHECK(login_wait_seconds(10) == 900);
  CHECK(login_wait_seconds(1'000'000'000) == 900);  // no overflow
  // Other parameters.
  CHECK(login_wait_seconds(2, 3, 10, 35) == 0);
  CHECK(login_wait_seconds(3, 3, 10, 35) == 10);
  CHECK(login_wait_seconds(4, 3, 10, 35) == 20);
  CHECK(login_wait_seconds(5, 3, 10, 35) == 35);
}

TEST_CASE("SMS resend: 3 per flow, 60 s apart, then never", "[security]") {
  CHECK(resend_wait_seconds(0, 60) == std::nullopt);
  CHECK(resend_wait_seconds(0, 59) == ResendRefusal::wait(1));
  CHECK(resend_wait_seconds(0, 0) == ResendRefusal::wait(60));
  CHECK(resend_wait_seconds(0, -5) == ResendRefusal::wait(60));  // clock moved back
  CHECK(resend_wait_seconds(1, 3600) == std::nullopt);
  CHECK(resend_wait_seconds(2, 60) == std::nullopt);  // the third resend
  CHECK(resend_wait_seconds(2, 30) == ResendRefusal::wait(30));
  CHECK(resend_wait_seconds(3, 3600) == ResendRefusal::exhausted());  // the fourth: never
  CHECK(resend_wait_seconds(3, 10) == ResendRefusal::exhausted());
  CHECK(resend_wait_seconds(3, 10)->never);
  CHECK(resend_wait_seconds(1, 10, 1, 60) == ResendRefusal::exhausted());
}

TEST_CASE("Fixed window: 5 per hour, the 6th waits until the window ends", "[security]") {
  const WindowCount per_number_per_hour;  // the defaults: 5 per 3600 s
  const std::int64_t start = 1'700'000'000;
  std::int64_t count = 0;
  std::int64_t window_start = 0;
  for (int i = 1; i <= 5; ++i) {
    const auto decision = per_number_per_hour.check(count, window_start, start + i * 10);
    REQUIRE(decision.allowed);
    count = decision.count;
    window_start = decision.window_start;
  }
  CHECK(count == 5);
  CHECK(window_start == start + 10);  // the window opened with the first SMS

  const auto sixth = per_number_per_hour.check(count, window_start, start + 100);
  CHECK_FALSE(sixth.allowed);
  CHECK(sixth.retry_after_seconds == 3600 - 90);
  CHECK(sixth.count == 5);  // a refused event is not counted
  CHECK_FALSE(per_number_per_hour.check(count, window_start, window_start + 3599).allowed);
  CHECK(per_number_per_hour.check(count, window_start, window_start + 3599).retry_after_seconds == 1);

  const auto next_window = per_number_per_hour.check(count, window_start, window_start + 3600);
  CHECK(next_window.allowed);
  CHECK(next_window.count == 1);
  CHECK(next_window.window_start == window_start + 3600);

  // Another limit, e.g. per client address.
  const WindowCount per_address{2, 60};
  CHECK(per_address.check(1, 100, 120).allowed);
  CHECK_FALSE(per_address.check(2, 100, 120).allowed);
  CHECK(per_address.check(2, 100, 120).retry_after_seconds == 40);
  // A window start in the future (clock moved back) still refuses.
  CHECK_FALSE(per_address.check(2, 100, 90).allowed);
}
