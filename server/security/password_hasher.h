#pragma once
// Password hashing with argon2id (libsodium), with a cap on the hashes computed
// at once: each one holds `memory_bytes` of RAM, so a flood of sign-ins waits
// for a slot instead of exhausting memory. Slots are given in arrival order: a
// semaphore wakes its waiters in no particular order, and under a flood some
// sign-ins then waited longer than their client would.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sesame::security {

// OWASP's argon2id recommendation (docs/security.md, "Threat model");
// parallelism is libsodium's fixed p=1.
struct Argon2Params {
  std::size_t memory_bytes = 19 * 1024 * 1024;  // stored as m=19456 (KiB)
  unsigned long long ops = 2;                   // t=2
};

// Longest password accepted, in bytes: the shared rules allow 128 code points,
// at most 4 bytes each. Checked again here because hashing cost grows with length.
inline constexpr std::size_t kMaxPasswordBytes = 128 * 4;

class PasswordTooLong : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class PasswordHasher {
 public:
  // max_concurrent = 0 means std::thread::hardware_concurrency() (at least 1).
  // Computes the dummy hash for verify_dummy(), so construction costs one hash.
  explicit PasswordHasher(Argon2Params params = {}, std::size_t max_concurrent = 0);
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // The "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string to store.
  // Throws PasswordTooLong beyond kMaxPasswordBytes, std::runtime_error when out of memory.
  std::string hash(std::string_view password);
  // True when `password` matches `stored`; false for a mismatch, a malformed hash
  // or a password too long. Uses the parameters written in `stored`.
  bool verify(std::string_view stored, std::string_view password);
  // Costs what verify() costs and is always false: for identifiers that do not
  // exist, so that their answer takes as long as a wrong password.
  bool verify_dummy(std::string_view password);
  // True when `stored` was made with other parameters than this hasher's (rehash at sign-in).
  bool needs_rehash(std::string_view stored) const;

  std::size_t max_concurrent() const { return max_concurrent_; }
  // Hashes and verifies waiting for a slot right now.
  std::size_t waiting();
  const Argon2Params& params() const { return params_; }

  // Tests only: `entered` runs once a slot is taken, `leaving` just before it is given back.
  void set_slot_hooks_for_testing(std::function<void()> entered, std::function<void()> leaving) {
    slot_entered_hook_ = std::move(entered);
    slot_leaving_hook_ = std::move(leaving);
  }

 private:
  class Slot;

  Argon2Params params_;
  std::size_t max_concurrent_;
  // A ticket queue: arrival n may hash once n < admitted_, which starts at
  // max_concurrent_ and grows by one each time a slot is given back.
  std::mutex slots_mutex_;
  std::condition_variable slot_freed_;
  std::uint64_t next_ticket_ = 0;
  std::uint64_t admitted_;
  std::function<void()> slot_entered_hook_;
  std::function<void()> slot_leaving_hook_;
  std::string dummy_hash_;
};

}  // namespace sesame::security
