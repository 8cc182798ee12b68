#include "server/staff/demo.h"

#include "server/staff/access.h"
#include "server/staff/members.h"
#include "server/staff/totp.h"

namespace sesame::staff {

DemoStaff put_demo_staff(store::Connection& connection, const security::KeyedHasher& keyed_hasher,
                         security::PasswordHasher& password_hasher, std::int64_t now) {
  const security::SecretBox box(keyed_hasher, kSecretPurpose);
  if (const auto known = find_member_by_email(connection, kDemoStaffEmail); known && known->active()) {
    const std::optional<std::string> secret = box.open(*known->totp_secret);
    return DemoStaff{secret ? base32(*secret) : std::string(), {}, false};
  }
  const std::int64_t id = put_member(connection, kDemoStaffEmail, kDemoStaffName, {kDemoStaffSchool}, now);
  const std::string secret = new_totp_secret();
  const std::string token_hash = keyed_hasher.hash(security::random_token());
  put_invitation(connection, id, token_hash, now, now + 1);
  set_invitation_choice(connection, id, password_hasher.hash(kDemoStaffPassword), box.seal(secret));
  const std::optional<Invitation> invitation = find_invitation(connection, token_hash);
  complete_invitation(connection, *invitation, 0, now);
  DemoStaff demo{base32(secret), {}, true};
  std::vector<std::string> hashes;
  for (int i = 0; i < 10; ++i) {
    demo.recovery_codes.push_back(security::random_recovery_code());
    hashes.push_back(keyed_hasher.hash(normalize_recovery_code(demo.recovery_codes.back())));
  }
  replace_recovery_codes(connection, id, hashes);
  return demo;
}

std::optional<std::string> current_code(store::Connection& connection, const security::KeyedHasher& keyed_hasher,
                                        std::string_view email, std::int64_t now) {
  const std::optional<StaffMember> member = find_member_by_email(connection, normalize_staff_email(email));
  if (!member || !member->active()) return std::nullopt;
  const std::optional<std::string> secret = security::SecretBox(keyed_hasher, kSecretPurpose).open(*member->totp_secret);
  if (!secret) return std::nullopt;
  return code_at(*secret, now);
}

}  // namespace sesame::staff
