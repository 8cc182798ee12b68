#pragma once
// The staff's second factor: TOTP (RFC 6238; SHA-1, 6 digits, 30-second steps,
// as every authenticator app reads an otpauth:// URI), computed by Debian's
// liboath, and the QR code of the enrolment URI by libqrencode. Nothing here
// stores anything: the caller keeps the secret sealed and the last step used.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sesame::staff {

inline constexpr unsigned kTotpStepSeconds = 30;
inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, RFC 4226's recommendation

// A fresh random secret (raw bytes).
std::string new_totp_secret();
// The secret in base32 without padding, as apps and oathtool take it.
std::string base32(std::string_view secret);
// "JBSW Y3DP EHPK 3PXP …": base32 in groups of four, for reading aloud or typing.
std::string grouped(std::string_view base32_text);
// otpauth://totp/Sésame:<email>?secret=…&issuer=Sésame&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view secret, std::string_view email);

// The 30-second step a code typed at `now` was made for, when it is the code
// of the current step or of the one before or after (clocks drift); nullopt
// for anything else, including text that is not six digits.
std::optional<std::int64_t> matching_step(std::string_view secret, std::string_view code, std::int64_t now);

// The code of `secret` at `now` (the demo staff member's codes, the tests).
std::string code_at(std::string_view secret, std::int64_t now);

// The QR code of `text` (error correction M) as rows of '1' (dark) and '0'.
std::vector<std::string> qr_rows(std::string_view text);

}  // namespace sesame::staff
