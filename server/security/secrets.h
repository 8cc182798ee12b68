#pragma once
// Random values and keyed hashes for codes, tokens and flow ids (libsodium).
// Nothing secret is stored in clear: SMS codes and session tokens go to the
// database through KeyedHasher, so a stolen database alone cannot replay them.
#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sesame::security {

// A secret that cannot be read, created or trusted (key file, libsodium start).
class SecretError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Calls sodium_init() once per process; safe from any thread. Throws SecretError
// when libsodium cannot start (no entropy source).
void ensure_sodium_initialized();

// n decimal digits, each uniform over 0-9, leading zeros kept ("012345").
std::string random_digits(std::size_t n);
// 128 random bits as base64url without padding: 22 characters.
std::string random_token();
// 192 random bits as base64url without padding: 32 characters, safe in a URL path.
std::string random_flow_id();
// A temporary password printed on a letter: 12 characters of an alphabet without
// look-alikes (no 0/o, 1/l/i) in three groups of four, "k7mq-x3fp-9wtd" (about
// 59 bits; argon2id and the sign-in throttle stand behind it).
std::string random_temporary_password();
// A staff member's recovery code: 8 characters of the same alphabet in two
// groups, "4f7k-9qzm" (about 40 bits, single use, behind the password).
std::string random_recovery_code();
// `n` random bytes (a TOTP secret).
std::string random_bytes(std::size_t n);

inline constexpr std::size_t kServerKeyBytes = 32;
using ServerKey = std::array<unsigned char, kServerKeyBytes>;

// BLAKE2b keyed with the server key: hash(text) is 64 lowercase hex digits.
class KeyedHasher {
 public:
  explicit KeyedHasher(const ServerKey& key);
  ~KeyedHasher();  // wipes its copy of the key
  KeyedHasher(const KeyedHasher&) = delete;
  KeyedHasher& operator=(const KeyedHasher&) = delete;

  std::string hash(std::string_view text) const;
  // A key of its own for `purpose`, derived from the server key (SecretBox).
  ServerKey derive_key(std::string_view purpose) const;

 private:
  ServerKey key_;
};

// Seals the few secrets the server must read back (a staff member's TOTP
// secret) with XSalsa20-Poly1305 under a key derived from the server key, so
// that a copy of the database alone gives none of them. A sealed value is
// base64 (a random nonce, then the ciphertext); open() answers nullopt for
// anything forged or sealed under another key.
class SecretBox {
 public:
  SecretBox(const KeyedHasher& hasher, std::string_view purpose);
  ~SecretBox();
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;

  std::string seal(std::string_view plain) const;
  std::optional<std::string> open(std::string_view sealed) const;

 private:
  ServerKey key_;
};

// Equal contents, compared in time independent of where they differ. Different
// lengths are simply unequal (the length of a hash or token is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

// A fresh random key that lives in memory only (tests, throw-away servers).
ServerKey random_server_key();

// Reads the 32-byte key at `path`, or creates it (mode 0600, written to a temporary
// file then moved into place, so a crash never leaves a short key) when absent.
// Throws SecretError for a file of another size, permissions wider than 0600,
// something that is not a regular file, or any I/O failure.
ServerKey load_or_create_server_key(const std::filesystem::path& path);

}  // namespace sesame::security
