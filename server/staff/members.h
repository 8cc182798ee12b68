#pragma once
// School staff as the store keeps them (migration 8): the members, their
// schools, their one pending invitation, their recovery codes and their
// sessions. SQL only; the rules are in invitation.h, sign_in.h and console.h.
// Callers hold the transaction when they write.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/database.h"
#include "shared/api.h"

namespace sesame::staff {

struct StaffMember {
  std::int64_t id = 0;
  std::string email;  // lower-case
  std::string name;
  std::optional<std::string> password_hash;
  std::optional<std::string> totp_secret;  // sealed (security::SecretBox)
  std::int64_t totp_last_step = 0;
  std::optional<std::int64_t> enrolled_at;
  std::optional<std::int64_t> removed_at;
  // Enrolled and not removed: may sign in.
  bool active() const { return enrolled_at && !removed_at && password_hash && totp_secret; }
};

// An address as staff type it: trimmed, lower-case (ASCII letters).
std::string normalize_staff_email(std::string_view typed);

std::optional<StaffMember> find_member(store::Connection& connection, std::int64_t id);
std::optional<StaffMember> find_member_by_email(store::Connection& connection, std::string_view email);

// The UAIs of the member's schools, sorted.
std::vector<std::string> member_school_uais(store::Connection& connection, std::int64_t id);
// The same schools with their names, sorted by name.
std::vector<api::School> member_schools(store::Connection& connection, std::int64_t id);

// Creates the member, or gives a removed or not yet enrolled one back (its
// name and schools replaced, its password, secret and recovery codes cleared).
// Answers the member's id.
std::int64_t put_member(store::Connection& connection, std::string_view email, std::string_view name,
                        const std::vector<std::string>& uais, std::int64_t now);
// Removes the member: sessions, invitation and recovery codes go, the
// password and secret are cleared, the row stays for the audit log.
void remove_member(store::Connection& connection, std::int64_t id, std::int64_t now);

struct MemberListing {
  StaffMember member;
  std::vector<std::string> uais;
  std::optional<std::int64_t> invitation_expires_at;  // a pending invitation
};
// Every member not removed, by e-mail.
std::vector<MemberListing> list_members(store::Connection& connection);

// --- Invitation ---------------------------------------------------------------
struct Invitation {
  std::int64_t staff_id = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> used_at;
  std::optional<std::string> password_hash;  // chosen, waiting for the TOTP code
  std::optional<std::string> totp_secret;    // sealed
};
// Replaces the member's invitation by a new one.
void put_invitation(store::Connection& connection, std::int64_t staff_id, std::string_view token_hash,
                    std::int64_t now, std::int64_t expires_at);
std::optional<Invitation> find_invitation(store::Connection& connection, std::string_view token_hash);
void set_invitation_choice(store::Connection& connection, std::int64_t staff_id, std::string_view password_hash,
                           std::string_view sealed_secret);
// The invitation is spent; the member gets its password and secret, enrolled now.
void complete_invitation(store::Connection& connection, const Invitation& invitation, std::int64_t totp_step,
                         std::int64_t now);

// --- Second factor --------------------------------------------------------------
// Records `step` as the last one used, only if it is later than the stored one:
// false when the step (or a later one) was already used, so a code is accepted once.
bool claim_totp_step(store::Connection& connection, std::int64_t staff_id, std::int64_t step);
void replace_recovery_codes(store::Connection& connection, std::int64_t staff_id,
                            const std::vector<std::string>& code_hashes);
// Deletes the code when the member has it: true then.
bool spend_recovery_code(store::Connection& connection, std::int64_t staff_id, std::string_view code_hash);
int count_recovery_codes(store::Connection& connection, std::int64_t staff_id);

// --- Sessions -------------------------------------------------------------------
struct StaffSessionRow {
  std::int64_t staff_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  bool member_removed = false;
};
void insert_session(store::Connection& connection, std::string_view token_hash, std::int64_t staff_id,
                    std::int64_t now);
std::optional<StaffSessionRow> find_session(store::Connection& connection, std::string_view token_hash);
void touch_session(store::Connection& connection, std::string_view token_hash, std::int64_t now);
void delete_session(store::Connection& connection, std::string_view token_hash);

}  // namespace sesame::staff
