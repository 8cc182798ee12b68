#pragma once
// How a staff member gets in (docs/api.md, "School staff"): the invitation
// link of `sesame-admin staff add` (a password under the guide's rules, then a
// TOTP secret proved by one code, then ten recovery codes), and every later
// sign-in (password, then a TOTP code or a recovery code). Only keyed hashes
// of tokens and codes are stored; the TOTP secret is sealed (SecretBox).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/config/security_config.h"
#include "server/flows/refusal.h"
#include "server/security/secrets.h"
#include "server/services.h"
#include "server/store/database.h"
#include "shared/api.h"

namespace sesame::staff {

using flows::Outcome;
using flows::Refusal;

inline constexpr std::string_view kSignInFlow = "staff_sign_in";
// What the TOTP secrets are sealed for (security::SecretBox).
inline constexpr std::string_view kSecretPurpose = "staff totp secrets";

struct InvitationIssued {
  std::int64_t staff_id = 0;
  std::string link;  // {origin}/#/personnel/invitation/{token}
  std::int64_t expires_at = 0;
};

// sesame-admin staff add, in the caller's transaction: creates the member (or
// updates one: name, schools), replaces any invitation by a new one and queues
// the e-mail with its link. `email` is normalized, `uais` exist.
InvitationIssued invite(store::Connection& connection, const security::KeyedHasher& hasher, const StaffConfig& config,
                        std::string_view email, std::string_view name, const std::vector<std::string>& uais,
                        std::string_view origin, std::int64_t now);

// The recovery code as staff may type it: spaces and hyphens dropped, lower-case.
std::string normalize_recovery_code(std::string_view typed);

class StaffAccess {
 public:
  explicit StaffAccess(Services& services);

  Outcome<api::StaffInvitation> read_invitation(std::string_view token);
  Outcome<api::TotpEnrolment> choose_password(std::string_view token, const api::PasswordChoice& choice);
  struct Enrolled {
    api::RecoveryCodesAnswer answer;
    std::string session_token;
  };
  Outcome<Enrolled> confirm_totp(std::string_view token, std::string_view code);

  Outcome<api::FlowAnswer> sign_in(const api::StaffSignIn& credentials);
  struct SignedIn {
    api::StaffProfile profile;
    std::string session_token;
  };
  Outcome<SignedIn> second_factor(std::string_view flow_id, const api::SecondFactor& factor);

  api::StaffProfile profile(store::Connection& connection, std::int64_t staff_id) const;

 private:
  Services& services_;
  security::SecretBox box_;
};

}  // namespace sesame::staff
