#pragma once
// The demonstration's staff member (sesame-admin demo, make run): enrolled at
// once with a known password, so that a newcomer opens the console without an
// e-mail; its TOTP secret is printed, and with --dev the server tells its
// current code (GET /api/v1/dev/staff-code). Never part of a real installation.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/security/password_hasher.h"
#include "server/security/secrets.h"
#include "server/store/database.h"

namespace sesame::staff {

inline constexpr const char* kDemoStaffEmail = "nadia.benali@ac-normandie.fr";
inline constexpr const char* kDemoStaffName = "Nadia BENALI";
inline constexpr const char* kDemoStaffPassword = "Console-Courtils-2026";
inline constexpr const char* kDemoStaffSchool = "0500048F";  // CLG LES COURTILS

struct DemoStaff {
  std::string secret_base32;                // for oathtool --totp -b
  std::vector<std::string> recovery_codes;  // shown once, when created
  bool created = false;                     // false: already there, left as it was
};

// In the caller's transaction; the school must be in the directory.
DemoStaff put_demo_staff(store::Connection& connection, const security::KeyedHasher& keyed_hasher,
                         security::PasswordHasher& password_hasher, std::int64_t now);

// The member's current TOTP code (the demo's and the tests' helper); nullopt for an unknown or not enrolled member.
std::optional<std::string> current_code(store::Connection& connection, const security::KeyedHasher& keyed_hasher,
                                        std::string_view email, std::int64_t now);

}  // namespace sesame::staff
