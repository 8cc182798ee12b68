// sesame-argon2-rate: the ceiling of login_efficiency. How many argon2id
// verifications per second this machine does with exactly the server's
// parameters (SecurityConfig's defaults) through the server's own
// PasswordHasher, on as many threads as the server lets hash at once
// (max_concurrent_hashes). A sign-in cannot be faster than one verification,
// so sign-ins per second over this figure is what the rest of the sign-in costs.
#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "server/config/security_config.h"
#include "server/security/password_hasher.h"

int main(int argc, char** argv) {
  double duration_s = 5;
  CLI::App cli("argon2id verifications per second with sesame-server's parameters; prints one JSON object",
               "sesame-argon2-rate");
  cli.add_option("-d,--duration", duration_s, "Seconds to run (each thread finishes its hash in progress)")
      ->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  const sesame::SecurityConfig security;  // the defaults sesame-server runs with
  const sesame::PasswordHashingConfig& hashing = security.password_hashing;
  sesame::security::PasswordHasher hasher({hashing.memory_bytes, hashing.iterations}, hashing.max_concurrent_hashes);
  const std::string password = "Bench!password42";
  const std::string stored = hasher.hash(password);
  const std::size_t threads = hasher.max_concurrent();

  using Clock = std::chrono::steady_clock;
  std::atomic<long> verified{0};
  std::atomic<bool> all_correct{true};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration_s));
  {
    std::vector<std::jthread> workers;
    for (std::size_t i = 0; i < threads; ++i) {
      workers.emplace_back([&] {
        while (Clock::now() < deadline) {
          if (!hasher.verify(stored, password)) all_correct = false;
          verified.fetch_add(1);
        }
      });
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "{\"hashes\": %ld, \"seconds\": %.4f, \"per_s\": %.3f, \"threads\": %zu, \"memory_kib\": %zu, "
      "\"iterations\": %u, \"all_correct\": %s}\n",
      verified.load(), seconds, static_cast<double>(verified.load()) / seconds, threads, hashing.memory_bytes / 1024,
      hashing.iterations, all_correct ? "true" : "false");
  return all_correct ? 0 : 1;
}
