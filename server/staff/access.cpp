#include "server/staff/access.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "server/accounts/credentials.h"
#include "server/config/clock.h"
#include "server/delivery/outbox.h"
#include "server/delivery/texts.h"
#include "server/flows/audit.h"
#include "server/flows/flow_store.h"
#include "server/flows/password_rules.h"
#include "server/staff/members.h"
#include "server/staff/sessions.h"
#include "server/staff/totp.h"

namespace sesame::staff {

namespace {

constexpr std::string_view kWaitingCode = "code";

// An invitation the link may still use, or why not.
Outcome<Invitation> usable_invitation(store::Connection& connection, const Services& services,
                                      std::string_view token, std::int64_t now) {
  const std::optional<Invitation> invitation =
      find_invitation(connection, services.keyed_hasher.hash(token));
  if (!invitation) return Refusal{"invitation_unknown"};
  if (invitation->used_at) return Refusal{"invitation_used"};
  if (now >= invitation->expires_at) return Refusal{"invitation_expired"};
  return *invitation;
}

std::int64_t flow_staff_id(const flows::FlowRow& flow) {
  const nlohmann::json data = nlohmann::json::parse(flow.data, nullptr, false);
  if (!data.is_object() || !data.contains("staff_id") || !data["staff_id"].is_number_integer()) return 0;
  return data["staff_id"].get<std::int64_t>();
}

}  // namespace

InvitationIssued invite(store::Connection& connection, const security::KeyedHasher& hasher, const StaffConfig& config,
                        std::string_view email, std::string_view name, const std::vector<std::string>& uais,
                        std::string_view origin, std::int64_t now) {
  const std::int64_t staff_id = put_member(connection, email, name, uais, now);
  const std::string token = security::random_token();
  const std::int64_t expires_at = now + config.invitation_validity.count();
  put_invitation(connection, staff_id, hasher.hash(token), now, expires_at);
  std::string link(origin);
  while (!link.empty() && link.back() == '/') link.pop_back();
  link += "/#/personnel/invitation/" + token;
  std::vector<std::string> schools;
  for (const api::School& school : member_schools(connection, staff_id))
    schools.push_back(school.name + " (" + school.city + ")");
  delivery::enqueue(connection, delivery::Channel::email, email,
                    delivery::staff_invitation_email(name, schools, link, config.invitation_validity), now);
  flows::insert_audit(connection, now, {.kind = "staff_invited", .staff_id = staff_id});
  return InvitationIssued{staff_id, std::move(link), expires_at};
}

std::string normalize_recovery_code(std::string_view typed) {
  std::string code;
  for (const char c : typed) {
    if (c == ' ' || c == '-') continue;
    code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return code;
}

StaffAccess::StaffAccess(Services& services) : services_(services), box_(services.keyed_hasher, kSecretPurpose) {}

api::StaffProfile StaffAccess::profile(store::Connection& connection, std::int64_t staff_id) const {
  const std::optional<StaffMember> member = find_member(connection, staff_id);
  return api::StaffProfile{member ? member->name : std::string(), member ? member->email : std::string(),
                           member_schools(connection, staff_id), count_recovery_codes(connection, staff_id)};
}

Outcome<api::StaffInvitation> StaffAccess::read_invitation(std::string_view token) {
  auto connection = services_.database.connection();
  store::ReadTransaction read(*connection);
  auto usable = usable_invitation(*connection, services_, token, services_.clock.unix_seconds());
  if (const Refusal* refused = std::get_if<Refusal>(&usable)) return *refused;
  const Invitation& invitation = std::get<Invitation>(usable);
  const std::optional<StaffMember> member = find_member(*connection, invitation.staff_id);
  if (!member) return Refusal{"invitation_unknown"};
  return api::StaffInvitation{member->name, member->email, member_schools(*connection, member->id),
                              format_iso_utc(invitation.expires_at)};
}

Outcome<api::TotpEnrolment> StaffAccess::choose_password(std::string_view token, const api::PasswordChoice& choice) {
  {
    // Checked before hashing: a dead link makes the server hash nothing.
    auto connection = services_.database.connection();
    store::ReadTransaction read(*connection);
    auto usable = usable_invitation(*connection, services_, token, services_.clock.unix_seconds());
    if (const Refusal* refused = std::get_if<Refusal>(&usable)) return *refused;
  }
  const auto hashed = flows::hash_chosen_password(services_, choice);
  if (const Refusal* refused = std::get_if<Refusal>(&hashed)) return *refused;

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  auto usable = usable_invitation(*connection, services_, token, now);
  if (const Refusal* refused = std::get_if<Refusal>(&usable)) return *refused;
  const Invitation& invitation = std::get<Invitation>(usable);
  const std::optional<StaffMember> member = find_member(*connection, invitation.staff_id);
  if (!member) return Refusal{"invitation_unknown"};
  const std::string secret = new_totp_secret();
  set_invitation_choice(*connection, invitation.staff_id, std::get<std::string>(hashed), box_.seal(secret));
  transaction.commit();
  const std::string uri = otpauth_uri(secret, member->email);
  return api::TotpEnrolment{grouped(base32(secret)), uri, qr_rows(uri)};
}

Outcome<StaffAccess::Enrolled> StaffAccess::confirm_totp(std::string_view token, std::string_view code) {
  const std::int64_t now = services_.clock.unix_seconds();
  std::vector<std::string> codes;
  std::vector<std::string> hashes;
  for (int i = 0; i < services_.security.staff.recovery_codes; ++i) {
    codes.push_back(security::random_recovery_code());
    hashes.push_back(services_.keyed_hasher.hash(normalize_recovery_code(codes.back())));
  }
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  auto usable = usable_invitation(*connection, services_, token, now);
  if (const Refusal* refused = std::get_if<Refusal>(&usable)) return *refused;
  const Invitation& invitation = std::get<Invitation>(usable);
  if (!invitation.password_hash || !invitation.totp_secret) return Refusal{"flow_step_out_of_order"};
  const std::optional<std::string> secret = box_.open(*invitation.totp_secret);
  if (!secret) throw std::runtime_error("a staff TOTP secret cannot be opened with this server key");
  const std::optional<std::int64_t> step = matching_step(*secret, code, now);
  if (!step) return Refusal{.code = "invalid_totp_code", .field = "code"};
  complete_invitation(*connection, invitation, *step, now);
  replace_recovery_codes(*connection, invitation.staff_id, hashes);
  std::string session = open_session(*connection, services_, invitation.staff_id, now);
  flows::insert_audit(*connection, now, {.kind = "staff_enrolled", .staff_id = invitation.staff_id});
  api::StaffProfile staff = profile(*connection, invitation.staff_id);
  transaction.commit();
  spdlog::info("staff: {} enrolled", staff.email);
  return Enrolled{api::RecoveryCodesAnswer{std::move(codes), std::move(staff)}, std::move(session)};
}

Outcome<api::FlowAnswer> StaffAccess::sign_in(const api::StaffSignIn& credentials) {
  const std::string email = normalize_staff_email(credentials.email);
  std::optional<StaffMember> member;
  {
    auto connection = services_.database.connection();
    store::Transaction transaction(*connection);
    if (auto refused = accounts::count_login_attempt(*connection, services_.security.login, email,
                                                     services_.clock.unix_seconds()))
      return *refused;
    member = find_member_by_email(*connection, email);
    transaction.commit();
  }
  // One argon2 verification whatever the address: timing tells nothing.
  bool correct = false;
  if (member && member->active()) {
    correct = services_.password_hasher.verify(*member->password_hash, credentials.password);
  } else {
    services_.password_hasher.verify_dummy(credentials.password);
  }
  if (!correct) return Refusal{"invalid_credentials"};  // the attempt stays counted

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  flows::FlowRow flow;
  flow.id = security::random_flow_id();
  flow.kind = kSignInFlow;
  flow.state = kWaitingCode;
  flow.expires_at = now + services_.security.staff.second_factor_window.count();
  flow.data = nlohmann::json{{"staff_id", member->id}}.dump();
  flows::insert_flow(*connection, flow, now);
  transaction.commit();
  // The throttle is cleared only once the second factor is right.
  return api::FlowAnswer{flow.id, std::nullopt};
}

Outcome<StaffAccess::SignedIn> StaffAccess::second_factor(std::string_view flow_id,
                                                          const api::SecondFactor& factor) {
  if (factor.code.has_value() == factor.recovery_code.has_value()) return Refusal{"second_factor_required"};
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  std::optional<flows::FlowRow> flow = flows::find_flow(*connection, flow_id, kSignInFlow);
  if (auto refused = flows::check_step(flow, kWaitingCode, now)) return *refused;
  const std::optional<StaffMember> member = find_member(*connection, flow_staff_id(*flow));
  if (!member || !member->active()) return Refusal{"flow_expired"};

  bool right = false;
  std::string_view wrong = "invalid_totp_code";
  if (factor.code) {
    const std::optional<std::string> secret = box_.open(*member->totp_secret);
    if (!secret) throw std::runtime_error("a staff TOTP secret cannot be opened with this server key");
    if (const std::optional<std::int64_t> step = matching_step(*secret, *factor.code, now)) {
      right = claim_totp_step(*connection, member->id, *step);
      if (!right) wrong = "totp_code_reused";
    }
  } else {
    wrong = "invalid_recovery_code";
    right = spend_recovery_code(*connection, member->id,
                                services_.keyed_hasher.hash(normalize_recovery_code(*factor.recovery_code)));
  }
  if (!right) {
    // A wrong code counts like a wrong password, and the flow has few tries.
    accounts::count_login_attempt(*connection, services_.security.login, member->email, now);
    flow->code_attempts += 1;
    const int left = services_.security.staff.second_factor_tries - flow->code_attempts;
    if (left <= 0) flow->state = flows::kLocked;
    flows::update_flow(*connection, *flow, now);
    flows::insert_audit(*connection, now, {.kind = "staff_second_factor_failed", .staff_id = member->id});
    transaction.commit();
    if (left <= 0) return Refusal{"flow_locked"};
    return Refusal{.code = std::string(wrong),
                   .field = factor.code ? "code" : "recovery_code",
                   .remaining_attempts = left};
  }
  flow->state = flows::kDone;
  flows::update_flow(*connection, *flow, now);
  accounts::clear_login_failures(*connection, member->email);
  std::string session = open_session(*connection, services_, member->id, now);
  flows::insert_audit(*connection, now,
                      {.kind = factor.code ? "staff_signed_in" : "staff_signed_in_with_recovery_code",
                       .staff_id = member->id});
  api::StaffProfile staff = profile(*connection, member->id);
  transaction.commit();
  return SignedIn{std::move(staff), std::move(session)};
}

}  // namespace sesame::staff
