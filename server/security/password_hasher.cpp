#include "server/security/password_hasher.h"

#include <sodium.h>

#include <algorithm>
#include <thread>

#include "server/security/secrets.h"

namespace sesame::security {

// Holds one of the hasher's slots for the duration of a hash or a verify.
class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher& hasher) : hasher_(hasher) {
    {
      std::unique_lock lock(hasher_.slots_mutex_);
      const std::uint64_t ticket = hasher_.next_ticket_++;
      hasher_.slot_freed_.wait(lock, [&] { return ticket < hasher_.admitted_; });
    }
    if (hasher_.slot_entered_hook_) hasher_.slot_entered_hook_();
  }
  ~Slot() {
    if (hasher_.slot_leaving_hook_) hasher_.slot_leaving_hook_();
    {
      std::lock_guard lock(hasher_.slots_mutex_);
      ++hasher_.admitted_;
    }
    // Every waiter checks its ticket; only the next one in line goes on.
    hasher_.slot_freed_.notify_all();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  PasswordHasher& hasher_;
};

namespace {

std::size_t slot_count(std::size_t requested) {
  if (requested > 0) return requested;
  return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

std::string hash_without_slot(const Argon2Params& params, std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params.ops, params.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id hashing failed (out of memory?)");
  return out;
}

}  // namespace

PasswordHasher::PasswordHasher(Argon2Params params, std::size_t max_concurrent)
    : params_(params),
      max_concurrent_(slot_count(max_concurrent)),
      admitted_(max_concurrent_) {
  ensure_sodium_initialized();
  if (params_.ops < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      params_.memory_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN)
    throw std::invalid_argument("argon2id parameters below libsodium's minimum");
  // A random password nobody knows: verify_dummy() can never succeed, and runs
  // the same computation as a real verify with the current parameters.
  dummy_hash_ = hash_without_slot(params_, random_token());
}

std::string PasswordHasher::hash(std::string_view password) {
  if (password.size() > kMaxPasswordBytes)
    throw PasswordTooLong("password longer than the shared rules allow");
  Slot slot(*this);
  return hash_without_slot(params_, password);
}

bool PasswordHasher::verify(std::string_view stored, std::string_view password) {
  if (password.size() > kMaxPasswordBytes) return false;
  // libsodium reads a NUL-terminated string; std::string gives us one.
  const std::string stored_text(stored);
  if (stored_text.size() >= crypto_pwhash_STRBYTES || stored_text.find('\0') != std::string::npos)
    return false;
  Slot slot(*this);
  return crypto_pwhash_str_verify(stored_text.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::verify_dummy(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) return false;  // same early refusal as verify()
  Slot slot(*this);
  // The outcome is irrelevant (nobody knows the dummy password); only the cost counts.
  [[maybe_unused]] const int ignored =
      crypto_pwhash_str_verify(dummy_hash_.c_str(), password.data(), password.size());
  return false;
}

std::size_t PasswordHasher::waiting() {
  std::lock_guard lock(slots_mutex_);
  return next_ticket_ > admitted_ ? static_cast<std::size_t>(next_ticket_ - admitted_) : 0;
}

bool PasswordHasher::needs_rehash(std::string_view stored) const {
  const std::string stored_text(stored);
  return crypto_pwhash_str_needs_rehash(stored_text.c_str(), params_.ops, params_.memory_bytes) != 0;
}

}  // namespace sesame::security
