#include "server/flows/recovery/flow.h"

#include <spdlog/spdlog.h>

#include "server/accounts/accounts.h"
#include "server/accounts/credentials.h"
#include "server/delivery/outbox.h"
#include "server/delivery/texts.h"
#include "server/flows/audit.h"
#include "server/flows/flow_store.h"
#include "server/flows/limits.h"
#include "server/flows/password_rules.h"
#include "server/security/secrets.h"
#include "server/sessions/queries.h"
#include "shared/phone.h"

namespace sesame::recovery {

using flows::FlowRow;

Outcome<Sent> RecoveryFlow::send_identifier_by_phone(std::string_view phone_e164,
                                                     std::string_view client_address) {
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  if (auto refused = flows::spend_sms_budget(*connection, services_.security, phone_e164, client_address, now))
    return *refused;
  const std::vector<std::string> identifiers = accounts::identifiers_by_phone(*connection, phone_e164);
  if (!identifiers.empty())
    delivery::enqueue(*connection, delivery::Channel::sms, phone_e164, delivery::identifiers_sms(identifiers), now);
  transaction.commit();
  if (!identifiers.empty()) services_.sender.notify();
  return Sent{};
}

Outcome<Sent> RecoveryFlow::send_identifier_by_email(std::string_view email, std::string_view client_address) {
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  if (auto refused =
          flows::spend_email_budget(*connection, services_.security, email, client_address, now))
    return *refused;
  const std::vector<std::string> identifiers = accounts::identifiers_by_email(*connection, email);
  if (!identifiers.empty())
    delivery::enqueue(*connection, delivery::Channel::email, email,
                      delivery::identifiers_email(identifiers),
                      now);
  transaction.commit();
  if (!identifiers.empty()) services_.sender.notify();
  return Sent{};
}

Outcome<Started> RecoveryFlow::start_password_reset(std::string_view identifier,
                                                    std::string_view client_address) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  // The client's budget first, as for every request that may send an SMS.
  if (!client_address.empty()) {
    if (auto refused = flows::count_in_window(*connection, "client:" + std::string(client_address),
                                              security.resend.max_per_client, security.resend.per_client_window,
                                              now))
      return *refused;
  }
  // Counted for every identifier, known or not, so a refusal tells nothing;
  // the same budget as SMS to one number, since each reset may send one.
  if (auto refused = flows::count_in_window(*connection, "recovery:" + std::string(identifier),
                                            security.resend.max_per_number, security.resend.per_number_window,
                                            now))
    return *refused;
  const std::optional<accounts::RecoverableAccount> account = accounts::find_recoverable(*connection, identifier);

  FlowRow flow;
  flow.id = security::random_flow_id();
  flow.kind = kKind;
  flow.state = kCodeSent;
  flow.expires_at = now + security.flow_expiry.count();
  flow.code_expires_at = now + security.sms_code.validity.count();
  flow.last_sent_at = now;
  std::string code;
  if (account && account->phone_e164) {
    // The number's own budget: past it, no SMS, and the same answer all the same.
    if (!flows::count_in_window(*connection, "sms:" + *account->phone_e164, security.resend.max_per_number,
                                security.resend.per_number_window, now)) {
      flow.account_id = account->id;
      flow.phone_e164 = *account->phone_e164;
      code = flows::issue_code(flow, services_, now);
    } else {
      spdlog::warn("recovery: SMS budget of the account's mobile used up, no code sent");
    }
  }
  flows::insert_flow(*connection, flow, now);
  if (!code.empty())
    delivery::enqueue(*connection, delivery::Channel::sms, flow.phone_e164,
                      delivery::password_reset_code_sms(code, security.sms_code.validity), now);
  transaction.commit();
  if (!code.empty()) services_.sender.notify();
  return Started{flow.id};
}

Outcome<Done> RecoveryFlow::verify_code(std::string_view flow_id, std::string_view code) {
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  std::optional<FlowRow> flow = flows::find_flow(*connection, flow_id, kKind);
  if (auto refused = flows::check_step(flow, kCodeSent, now)) return *refused;
  if (auto refused = flows::spend_code(*flow, code, services_, now)) {
    flows::update_flow(*connection, *flow, now);  // the try counts, and a lock sticks
    transaction.commit();
    return *refused;
  }
  flow->state = kCodeVerified;
  flow->expires_at = now + services_.security.flow_expiry.count();
  flows::update_flow(*connection, *flow, now);
  transaction.commit();
  return Done{};
}

Outcome<Done> RecoveryFlow::choose_password(std::string_view flow_id, const api::PasswordChoice& choice) {
  {
    // Checked before hashing, so that nobody makes the server hash for a dead flow.
    auto connection = services_.database.connection();
    if (auto refused = flows::check_step(flows::find_flow(*connection, flow_id, kKind), kCodeVerified,
                                         services_.clock.unix_seconds()))
      return *refused;
  }
  const auto hashed = flows::hash_chosen_password(services_, choice);
  if (const Refusal* refused = std::get_if<Refusal>(&hashed)) return *refused;

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  std::optional<FlowRow> flow = flows::find_flow(*connection, flow_id, kKind);
  if (auto refused = flows::check_step(flow, kCodeVerified, now)) return *refused;
  const std::optional<accounts::Contacts> contacts =
      flow->account_id ? accounts::find_contacts(*connection, *flow->account_id) : std::nullopt;
  if (!contacts) return Refusal{"flow_expired"};  // the account was closed meanwhile
  accounts::set_password_hash(*connection, *flow->account_id, std::get<std::string>(hashed));
  sessions::delete_sessions_of(*connection, *flow->account_id);
  accounts::clear_login_failures(*connection, contacts->identifier);
  flow->state = flows::kDone;
  flows::update_flow(*connection, *flow, now);
  flows::insert_audit(*connection, now,
                      {.kind = "password_reset", .account_id = flow->account_id, .guardian_id = contacts->guardian_id});
  if (contacts->email && contacts->email_verified)
    delivery::enqueue(*connection, delivery::Channel::email, *contacts->email,
                      delivery::password_reset_email(contacts->identifier), now);
  transaction.commit();
  services_.sender.notify();
  spdlog::info("recovery: password of {} reset", contacts->identifier);
  return Done{};
}

}  // namespace sesame::recovery
