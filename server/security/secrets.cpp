#include "server/security/secrets.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace sesame::security {

void ensure_sodium_initialized() {
  // A function-local static runs sodium_init() once, thread-safely.
  static const int result = sodium_init();
  if (result < 0) throw SecretError("libsodium could not be initialised (no entropy source?)");
}

std::string random_digits(std::size_t n) {
  ensure_sodium_initialized();
  std::string digits(n, '0');
  // randombytes_uniform avoids the modulo bias of "random byte % 10".
  for (auto& digit : digits) digit = static_cast<char>('0' + randombytes_uniform(10));
  return digits;
}

namespace {

std::string random_base64url(std::size_t bytes) {
  ensure_sodium_initialized();
  unsigned char buffer[64];
  randombytes_buf(buffer, bytes);
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
  sodium_bin2base64(text.data(), text.size(), buffer, bytes, variant);
  text.resize(std::strlen(text.c_str()));  // drop the terminator sodium counts in
  sodium_memzero(buffer, sizeof buffer);
  return text;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string random_token() { return random_base64url(16); }
std::string random_flow_id() { return random_base64url(24); }

std::string random_temporary_password() {
  ensure_sodium_initialized();
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string password;
  for (int i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) password += '-';
    password += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return password;
}

std::string random_recovery_code() {
  ensure_sodium_initialized();
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string code;
  for (int i = 0; i < 8; ++i) {
    if (i == 4) code += '-';
    code += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return code;
}

std::string random_bytes(std::size_t n) {
  ensure_sodium_initialized();
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  return bytes;
}

KeyedHasher::KeyedHasher(const ServerKey& key) : key_(key) {
  ensure_sodium_initialized();
  static_assert(kServerKeyBytes == crypto_generichash_KEYBYTES);
}

KeyedHasher::~KeyedHasher() { sodium_memzero(key_.data(), key_.size()); }

std::string KeyedHasher::hash(std::string_view text) const {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     key_.data(), key_.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, sizeof digest * 2);
}

ServerKey KeyedHasher::derive_key(std::string_view purpose) const {
  static_assert(kServerKeyBytes == crypto_secretbox_KEYBYTES);
  const std::string label = "sesame derived key: " + std::string(purpose);
  ServerKey derived{};
  crypto_generichash(derived.data(), derived.size(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), key_.data(), key_.size());
  return derived;
}

SecretBox::SecretBox(const KeyedHasher& hasher, std::string_view purpose) : key_(hasher.derive_key(purpose)) {}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::string SecretBox::seal(std::string_view plain) const {
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(bytes, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(bytes + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), bytes, key_.data());
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string text(sodium_base64_ENCODED_LEN(box.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes, box.size(), variant);
  text.resize(std::strlen(text.c_str()));
  return text;
}

std::optional<std::string> SecretBox::open(std::string_view sealed) const {
  std::string box(sealed.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(), sealed.size(),
                        nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(box.data());
  std::string plain(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), bytes + crypto_secretbox_NONCEBYTES,
                                 length - crypto_secretbox_NONCEBYTES, bytes, key_.data()) != 0)
    return std::nullopt;
  return plain;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  ensure_sodium_initialized();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

// Closes the descriptor on every path.
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

bool read_exactly(int fd, unsigned char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::read(fd, out + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

bool write_exactly(int fd, const unsigned char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t put = ::write(fd, data + done, size - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    done += static_cast<std::size_t>(put);
  }
  return true;
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// nullopt-like: returns false when the file does not exist, throws for anything wrong with it.
bool read_server_key(const std::filesystem::path& path, ServerKey& key) {
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
  if (file.fd < 0) {
    if (errno == ENOENT) return false;
    throw SecretError("cannot open the server key file " + path.string() + ": " + errno_text());
  }
  // fstat on the open descriptor: what is checked is what is read.
  struct stat info {};
  if (::fstat(file.fd, &info) != 0)
    throw SecretError("cannot inspect the server key file " + path.string() + ": " + errno_text());
  if (!S_ISREG(info.st_mode))
    throw SecretError("the server key file " + path.string() + " is not a regular file");
  if ((info.st_mode & 077) != 0)
    throw SecretError("the server key file " + path.string() + " has permissions " +
                      octal_mode(info.st_mode) + "; it must be readable by its owner only (chmod 600)");
  if (info.st_size != static_cast<off_t>(kServerKeyBytes))
    throw SecretError("the server key file " + path.string() + " holds " + std::to_string(info.st_size) +
                      " bytes; a server key is exactly " + std::to_string(kServerKeyBytes) + " bytes");
  if (!read_exactly(file.fd, key.data(), key.size()))
    throw SecretError("cannot read the server key file " + path.string() + ": " + errno_text());
  return true;
}

void sync_folder(const std::filesystem::path& folder) {
  FileDescriptor dir{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd >= 0) ::fsync(dir.fd);  // best effort: the key itself is already on disk
}

}  // namespace

ServerKey random_server_key() {
  ensure_sodium_initialized();
  ServerKey key{};
  randombytes_buf(key.data(), key.size());
  return key;
}

ServerKey load_or_create_server_key(const std::filesystem::path& path) {
  ensure_sodium_initialized();
  ServerKey key{};
  if (read_server_key(path, key)) return key;

  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string temp = (folder / (path.filename().string() + ".tmp.XXXXXX")).string();
  // mkstemp creates the file with mode 0600 and O_EXCL.
  FileDescriptor file{::mkstemp(temp.data())};
  if (file.fd < 0)
    throw SecretError("cannot create a server key file in " + folder.string() + ": " + errno_text());
  randombytes_buf(key.data(), key.size());
  const bool written =
      ::fchmod(file.fd, 0600) == 0 && write_exactly(file.fd, key.data(), key.size()) && ::fsync(file.fd) == 0;
  if (!written) {
    const std::string why = errno_text();
    ::unlink(temp.c_str());
    throw SecretError("cannot write the server key file " + temp + ": " + why);
  }
  // RENAME_NOREPLACE: if another process created the key meanwhile, keep and use
  // its key rather than replacing it (sessions hashed with it would break).
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) != 0) {
    const int error = errno;
    if (error == EEXIST) {
      ::unlink(temp.c_str());
      if (!read_server_key(path, key))
        throw SecretError("the server key file " + path.string() + " vanished");
      return key;
    }
    // Filesystems without RENAME_NOREPLACE: a plain rename, still atomic.
    if ((error != EINVAL && error != ENOSYS) || ::rename(temp.c_str(), path.c_str()) != 0) {
      const std::string why = std::strerror(error == EINVAL || error == ENOSYS ? errno : error);
      ::unlink(temp.c_str());
      throw SecretError("cannot move the server key file into place at " + path.string() + ": " + why);
    }
  }
  sync_folder(folder);
  return key;
}

}  // namespace sesame::security
