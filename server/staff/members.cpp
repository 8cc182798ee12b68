#include "server/staff/members.h"

#include <algorithm>
#include <cctype>

namespace sesame::staff {

namespace {

constexpr std::string_view kMemberColumns =
    "id, email, name, password_hash, totp_secret, totp_last_step, enrolled_at, removed_at";

StaffMember read_member(const store::Statement& row) {
  return StaffMember{row.integer(0),       row.text(1),          row.text(2),
                     row.optional_text(3), row.optional_text(4), row.integer(5),
                     row.optional_integer(6), row.optional_integer(7)};
}

std::optional<StaffMember> first_member(store::Statement& query) {
  if (!query.step()) return std::nullopt;
  return read_member(query);
}

}  // namespace

std::string normalize_staff_email(std::string_view typed) {
  while (!typed.empty() && std::isspace(static_cast<unsigned char>(typed.front()))) typed.remove_prefix(1);
  while (!typed.empty() && std::isspace(static_cast<unsigned char>(typed.back()))) typed.remove_suffix(1);
  std::string email(typed);
  std::transform(email.begin(), email.end(), email.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return email;
}

std::optional<StaffMember> find_member(store::Connection& connection, std::int64_t id) {
  store::Statement query =
      connection.query("SELECT " + std::string(kMemberColumns) + " FROM staff_members WHERE id = ?1", id);
  return first_member(query);
}

std::optional<StaffMember> find_member_by_email(store::Connection& connection, std::string_view email) {
  store::Statement query =
      connection.query("SELECT " + std::string(kMemberColumns) + " FROM staff_members WHERE email = ?1", email);
  return first_member(query);
}

std::vector<std::string> member_school_uais(store::Connection& connection, std::int64_t id) {
  std::vector<std::string> uais;
  store::Statement query =
      connection.query("SELECT school_uai FROM staff_schools WHERE staff_id = ?1 ORDER BY school_uai", id);
  while (query.step()) uais.push_back(query.text(0));
  return uais;
}

std::vector<api::School> member_schools(store::Connection& connection, std::int64_t id) {
  std::vector<api::School> schools;
  store::Statement query = connection.query(
      "SELECT s.name, s.city, s.uai FROM staff_schools m JOIN schools s ON s.uai = m.school_uai "
      "WHERE m.staff_id = ?1 ORDER BY s.name, s.uai",
      id);
  while (query.step()) schools.push_back(api::School{query.text(0), query.text(1), query.text(2)});
  return schools;
}

std::int64_t put_member(store::Connection& connection, std::string_view email, std::string_view name,
                        const std::vector<std::string>& uais, std::int64_t now) {
  std::int64_t id = 0;
  if (const std::optional<StaffMember> known = find_member_by_email(connection, email)) {
    id = known->id;
    // Back from removal, or invited again before enrolling: starts afresh. An
    // enrolled member keeps the password and second factor (only schools and name change).
    const bool afresh = known->removed_at || !known->enrolled_at;
    connection.run(
        "UPDATE staff_members SET name = ?2, removed_at = NULL, "
        "  password_hash = CASE WHEN ?3 THEN NULL ELSE password_hash END, "
        "  totp_secret = CASE WHEN ?3 THEN NULL ELSE totp_secret END, "
        "  enrolled_at = CASE WHEN ?3 THEN NULL ELSE enrolled_at END "
        "WHERE id = ?1",
        id, name, afresh);
    if (afresh) connection.run("DELETE FROM staff_recovery_codes WHERE staff_id = ?1", id);
  } else {
    connection.run("INSERT INTO staff_members (email, name, created_at) VALUES (?1, ?2, ?3)", email, name, now);
    id = connection.last_insert_id();
  }
  connection.run("DELETE FROM staff_schools WHERE staff_id = ?1", id);
  for (const std::string& uai : uais)
    connection.run("INSERT OR IGNORE INTO staff_schools (staff_id, school_uai) VALUES (?1, ?2)", id, uai);
  return id;
}

void remove_member(store::Connection& connection, std::int64_t id, std::int64_t now) {
  connection.run(
      "UPDATE staff_members SET removed_at = ?2, password_hash = NULL, totp_secret = NULL, enrolled_at = NULL "
      "WHERE id = ?1",
      id, now);
  connection.run("DELETE FROM staff_sessions WHERE staff_id = ?1", id);
  connection.run("DELETE FROM staff_invitations WHERE staff_id = ?1", id);
  connection.run("DELETE FROM staff_recovery_codes WHERE staff_id = ?1", id);
  connection.run("DELETE FROM staff_schools WHERE staff_id = ?1", id);
}

std::vector<MemberListing> list_members(store::Connection& connection) {
  std::vector<MemberListing> listing;
  {
    store::Statement query = connection.query("SELECT " + std::string(kMemberColumns) +
                                              " FROM staff_members WHERE removed_at IS NULL ORDER BY email");
    while (query.step()) listing.push_back(MemberListing{read_member(query), {}, std::nullopt});
  }
  for (MemberListing& entry : listing) {
    entry.uais = member_school_uais(connection, entry.member.id);
    store::Statement invitation = connection.query(
        "SELECT expires_at FROM staff_invitations WHERE staff_id = ?1 AND used_at IS NULL", entry.member.id);
    if (invitation.step()) entry.invitation_expires_at = invitation.integer(0);
  }
  return listing;
}

void put_invitation(store::Connection& connection, std::int64_t staff_id, std::string_view token_hash,
                    std::int64_t now, std::int64_t expires_at) {
  connection.run("DELETE FROM staff_invitations WHERE staff_id = ?1", staff_id);
  connection.run(
      "INSERT INTO staff_invitations (staff_id, token_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
      staff_id, token_hash, now, expires_at);
}

std::optional<Invitation> find_invitation(store::Connection& connection, std::string_view token_hash) {
  store::Statement query = connection.query(
      "SELECT i.staff_id, i.expires_at, i.used_at, i.password_hash, i.totp_secret "
      "FROM staff_invitations i JOIN staff_members m ON m.id = i.staff_id "
      "WHERE i.token_hash = ?1 AND m.removed_at IS NULL",
      token_hash);
  if (!query.step()) return std::nullopt;
  return Invitation{query.integer(0), query.integer(1), query.optional_integer(2), query.optional_text(3),
                    query.optional_text(4)};
}

void set_invitation_choice(store::Connection& connection, std::int64_t staff_id, std::string_view password_hash,
                           std::string_view sealed_secret) {
  connection.run("UPDATE staff_invitations SET password_hash = ?2, totp_secret = ?3 WHERE staff_id = ?1", staff_id,
                 password_hash, sealed_secret);
}

void complete_invitation(store::Connection& connection, const Invitation& invitation, std::int64_t totp_step,
                         std::int64_t now) {
  connection.run("UPDATE staff_invitations SET used_at = ?2, password_hash = NULL, totp_secret = NULL "
                 "WHERE staff_id = ?1",
                 invitation.staff_id, now);
  connection.run(
      "UPDATE staff_members SET password_hash = ?2, totp_secret = ?3, totp_last_step = ?4, enrolled_at = ?5 "
      "WHERE id = ?1",
      invitation.staff_id, invitation.password_hash, invitation.totp_secret, totp_step, now);
}

bool claim_totp_step(store::Connection& connection, std::int64_t staff_id, std::int64_t step) {
  connection.run("UPDATE staff_members SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2", staff_id,
                 step);
  return connection.changes() == 1;
}

void replace_recovery_codes(store::Connection& connection, std::int64_t staff_id,
                            const std::vector<std::string>& code_hashes) {
  connection.run("DELETE FROM staff_recovery_codes WHERE staff_id = ?1", staff_id);
  for (const std::string& hash : code_hashes)
    connection.run("INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES (?1, ?2)", staff_id, hash);
}

bool spend_recovery_code(store::Connection& connection, std::int64_t staff_id, std::string_view code_hash) {
  connection.run("DELETE FROM staff_recovery_codes WHERE staff_id = ?1 AND code_hash = ?2", staff_id, code_hash);
  return connection.changes() == 1;
}

int count_recovery_codes(store::Connection& connection, std::int64_t staff_id) {
  store::Statement query =
      connection.query("SELECT count(*) FROM staff_recovery_codes WHERE staff_id = ?1", staff_id);
  query.step();
  return static_cast<int>(query.integer(0));
}

void insert_session(store::Connection& connection, std::string_view token_hash, std::int64_t staff_id,
                    std::int64_t now) {
  connection.run(
      "INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
      token_hash, staff_id, now);
}

std::optional<StaffSessionRow> find_session(store::Connection& connection, std::string_view token_hash) {
  store::Statement query = connection.query(
      "SELECT s.staff_id, s.created_at, s.last_seen_at, m.removed_at IS NOT NULL OR m.enrolled_at IS NULL "
      "FROM staff_sessions s JOIN staff_members m ON m.id = s.staff_id WHERE s.token_hash = ?1",
      token_hash);
  if (!query.step()) return std::nullopt;
  return StaffSessionRow{query.integer(0), query.integer(1), query.integer(2), query.integer(3) != 0};
}

void touch_session(store::Connection& connection, std::string_view token_hash, std::int64_t now) {
  connection.run("UPDATE staff_sessions SET last_seen_at = ?2 WHERE token_hash = ?1", token_hash, now);
}

void delete_session(store::Connection& connection, std::string_view token_hash) {
  connection.run("DELETE FROM staff_sessions WHERE token_hash = ?1", token_hash);
}

}  // namespace sesame::staff
