#include "server/staff/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "server/security/secrets.h"

namespace sesame::staff {

namespace {

void ensure_oath_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath cannot start");
  });
}

// Percent-encoding of a URI component (RFC 3986 unreserved characters kept).
std::string uri_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

}  // namespace

std::string new_totp_secret() { return security::random_bytes(kTotpSecretBytes); }

std::string base32(std::string_view secret) {
  ensure_oath_initialized();
  char* out = nullptr;
  std::size_t length = 0;
  if (oath_base32_encode(secret.data(), secret.size(), &out, &length) != OATH_OK)
    throw std::runtime_error("liboath cannot encode a secret");
  std::string text(out, length);
  std::free(out);
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string grouped(std::string_view base32_text) {
  std::string out;
  for (std::size_t i = 0; i < base32_text.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += base32_text[i];
  }
  return out;
}

std::string otpauth_uri(std::string_view secret, std::string_view email) {
  const std::string issuer = "Sésame";
  return "otpauth://totp/" + uri_component(issuer) + ":" + uri_component(email) + "?secret=" + base32(secret) +
         "&issuer=" + uri_component(issuer) + "&algorithm=SHA1&digits=6&period=" + std::to_string(kTotpStepSeconds);
}

std::optional<std::int64_t> matching_step(std::string_view secret, std::string_view code, std::int64_t now) {
  if (code.size() != 6) return std::nullopt;
  for (const char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  ensure_oath_initialized();
  const std::string otp(code);
  int position = 0;
  std::uint64_t counter = 0;
  const int found = oath_totp_validate4(secret.data(), secret.size(), static_cast<time_t>(now), kTotpStepSeconds,
                                        OATH_TOTP_DEFAULT_START_TIME, 1, &position, &counter, 0, otp.c_str());
  if (found < 0) return std::nullopt;
  return static_cast<std::int64_t>(counter);
}

std::string code_at(std::string_view secret, std::int64_t now) {
  ensure_oath_initialized();
  char otp[7] = {};
  if (oath_totp_generate2(secret.data(), secret.size(), static_cast<time_t>(now), kTotpStepSeconds,
                          OATH_TOTP_DEFAULT_START_TIME, 6, 0, otp) != OATH_OK)
    throw std::runtime_error("liboath cannot compute a code");
  return otp;
}

std::vector<std::string> qr_rows(std::string_view text) {
  const std::string copy(text);
  const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M),
                                                             &QRcode_free);
  if (!code) throw std::runtime_error("libqrencode cannot encode the enrolment URI");
  std::vector<std::string> rows;
  for (int y = 0; y < code->width; ++y) {
    std::string row;
    for (int x = 0; x < code->width; ++x) row += (code->data[y * code->width + x] & 1) ? '1' : '0';
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sesame::staff
