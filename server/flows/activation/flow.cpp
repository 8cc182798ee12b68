#include "server/flows/activation/flow.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/accounts/accounts.h"
#include "server/accounts/children.h"
#include "server/delivery/outbox.h"
#include "server/delivery/texts.h"
#include "server/directory/directory.h"
#include "server/flows/activation/queries.h"
#include "server/flows/audit.h"
#include "server/flows/child_answers.h"
#include "server/flows/flow_store.h"
#include "server/flows/limits.h"
#include "server/flows/password_rules.h"
#include "server/security/secrets.h"
#include "server/security/throttle.h"
#include "server/sessions/sessions.h"
#include "shared/identifier.h"
#include "shared/names.h"
#include "shared/phone.h"

namespace sesame::activation {

namespace {

using flows::check_alive;
using flows::check_step;
using flows::ChildState;
using flows::FlowRow;
using flows::find_flow;
using flows::insert_flow;
using flows::update_flow;

Refusal refusal(std::string code) { return Refusal{.code = std::move(code)}; }

api::Child to_api(const OfferedChild& child) {
  return api::Child{std::to_string(child.pupil_id), child.first_name, child.last_name,
                    api::School{child.school.name, child.school.city, child.school.uai}, std::nullopt};
}

// A flow started through FranceConnect keeps the provider's sub and ID token in its data.
std::optional<std::string> franceconnect_value(const FlowRow& flow, const char* key) {
  const auto data = nlohmann::json::parse(flow.data, nullptr, false);
  if (!data.is_object() || !data.contains("franceconnect")) return std::nullopt;
  const auto& fc = data["franceconnect"];
  if (!fc.is_object() || !fc.contains(key) || !fc[key].is_string()) return std::nullopt;
  return fc[key].get<std::string>();
}
std::optional<std::string> franceconnect_sub(const FlowRow& flow) { return franceconnect_value(flow, "sub"); }
std::optional<std::string> franceconnect_id_token(const FlowRow& flow) {
  return franceconnect_value(flow, "id_token");
}

api::ChildrenAnswer confirmed_children(const std::vector<OfferedChild>& offered) {
  api::ChildrenAnswer answer;
  for (const OfferedChild& child : offered)
    if (child.state == ChildState::confirmed) answer.children.push_back(to_api(child));
  return answer;
}

}  // namespace

std::string ActivationFlow::issue_code(FlowRow& flow, std::int64_t now) const {
  if (flow.guardian_id) return flows::issue_code(flow, services_, now);
  flow.code_expires_at = now + services_.security.sms_code.validity.count();
  return {};
}

Outcome<Started> ActivationFlow::start(std::string_view last_name, std::string_view first_name,
                                       std::string_view phone_e164, std::string_view client_address) {
  return start_with({{std::string(last_name), std::string(first_name)}}, phone_e164, client_address, "{}");
}

Outcome<Started> ActivationFlow::start_franceconnect(const FranceConnectIdentity& identity,
                                                     std::string_view phone_e164, std::string_view client_address) {
  // The civil registry gives every first name ("Emilie Marie"); a school usually knows the first.
  std::vector<std::pair<std::string, std::string>> names = {{identity.family_name, identity.given_name}};
  if (const auto space = identity.given_name.find(' '); space != std::string::npos)
    names.emplace_back(identity.family_name, identity.given_name.substr(0, space));
  const nlohmann::json data = {{"franceconnect", {{"sub", identity.sub}, {"id_token", identity.id_token}}}};
  return start_with(names, phone_e164, client_address, data.dump());
}

Outcome<Started> ActivationFlow::start_with(const std::vector<std::pair<std::string, std::string>>& names,
                                            std::string_view phone_e164, std::string_view client_address,
                                            std::string data) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);

  if (auto refused = flows::spend_sms_budget(*connection, security, phone_e164, client_address, now))
    return *refused;

  std::vector<directory::Guardian> guardians;
  for (const auto& [last, first] : names) {
    guardians = directory::find_guardians_by_identity(*connection, name_match_key(last), name_match_key(first),
                                                      phone_e164);
    if (!guardians.empty()) break;
  }

  FlowRow flow;
  flow.id = security::random_flow_id();
  flow.kind = kKind;
  flow.state = kIdentityGiven;
  // Namesakes sharing one mobile are one person for this flow: the first is taken.
  if (!guardians.empty()) flow.guardian_id = guardians.front().id;
  flow.phone_e164 = phone_e164;
  flow.data = std::move(data);
  flow.expires_at = now + security.flow_expiry.count();
  flow.last_sent_at = now;
  std::string code = issue_code(flow, now);
  insert_flow(*connection, flow, now);
  if (flow.guardian_id)
    delivery::enqueue(*connection, delivery::Channel::sms, phone_e164,
                      delivery::activation_code_sms(code, security.sms_code.validity), now);
  transaction.commit();
  if (flow.guardian_id) services_.sender.notify();
  return Started{flow.id, mask_phone(phone_e164), flow.expires_at};
}

Outcome<Resent> ActivationFlow::resend(std::string_view flow_id, std::string_view client_address) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);

  std::optional<FlowRow> flow = find_flow(*connection, flow_id, kKind);
  if (auto refused = check_step(flow, kIdentityGiven, now)) return *refused;

  const auto wait =
      security::resend_wait_seconds(flow->resend_count, now - flow->last_sent_at,
                                    security.resend.max_per_flow, security.resend.min_interval.count());
  if (wait) {
    Refusal refused = refusal("too_many_requests");
    // Every resend used up: no wait would help, so no retry_after_seconds.
    if (!wait->never) refused.retry_after_seconds = static_cast<int>(wait->retry_after_seconds);
    return refused;
  }
  if (auto refused = flows::spend_sms_budget(*connection, security, flow->phone_e164, client_address, now))
    return *refused;

  // The new code replaces the old one; the tries already spent stay spent.
  flow->resend_count += 1;
  flow->last_sent_at = now;
  flow->expires_at = now + security.flow_expiry.count();
  std::string code = issue_code(*flow, now);
  update_flow(*connection, *flow, now);
  if (flow->guardian_id)
    delivery::enqueue(*connection, delivery::Channel::sms, flow->phone_e164,
                      delivery::activation_code_sms(code, security.sms_code.validity), now);
  transaction.commit();
  if (flow->guardian_id) services_.sender.notify();
  return Resent{flow->expires_at};
}

Outcome<api::ChildrenAnswer> ActivationFlow::verify_code(std::string_view flow_id, std::string_view code) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);

  std::optional<FlowRow> flow = find_flow(*connection, flow_id, kKind);
  if (auto refused = check_step(flow, kIdentityGiven, now)) return *refused;
  if (auto refused = flows::spend_code(*flow, code, services_, now)) {
    update_flow(*connection, *flow, now);  // the try counts, and a lock sticks
    transaction.commit();
    return *refused;
  }

  flow->state = kCodeVerified;
  flow->expires_at = now + security.flow_expiry.count();
  update_flow(*connection, *flow, now);
  // Only the children the guardian legally represents are offered, from every school.
  for (const directory::Child& child : directory::children_of(*connection, *flow->guardian_id))
    if (child.legal_representative) insert_flow_child(*connection, flow->id, child.pupil_id);
  api::ChildrenAnswer answer;
  for (const OfferedChild& child : flow_children(*connection, flow->id))
    answer.children.push_back(to_api(child));
  transaction.commit();
  return answer;
}

Outcome<ChildrenConfirmed> ActivationFlow::confirm_children(std::string_view flow_id,
                                                            const api::ChildrenConfirm& request) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);

  std::optional<FlowRow> flow = find_flow(*connection, flow_id, kKind);
  if (auto refused = check_step(flow, kCodeVerified, now)) return *refused;

  std::vector<OfferedChild> offered = flow_children(*connection, flow->id);
  // Every id must be one the flow offered, once: checked before anything is written.
  const auto offered_id = [&](std::string_view id) {
    return std::any_of(offered.begin(), offered.end(),
                       [&](const OfferedChild& child) { return std::to_string(child.pupil_id) == id; });
  };
  if (auto refused = flows::check_answered_ids(request, offered_id)) return *refused;

  std::vector<api::ChildAttempts> mismatches;
  for (const api::ChildConfirmation& answer : request.children) {
    OfferedChild& child = *std::find_if(offered.begin(), offered.end(), [&](const OfferedChild& c) {
      return std::to_string(c.pupil_id) == answer.id;
    });
    const flows::ChildVerdict verdict = flows::judge_child_answer(
        child.state, child.attempts, answer, child.birth_date, security.birth_date.max_attempts_per_child);
    const bool refused_now = verdict.tries_left == 0;
    if (verdict.state == ChildState::declined || refused_now)
      flows::insert_audit(*connection, now,
                          {.kind = refused_now ? "activation_child_refused" : "activation_child_declined",
                           .guardian_id = flow->guardian_id, .pupil_id = child.pupil_id});
    if (verdict.tries_left) mismatches.push_back(api::ChildAttempts{answer.id, *verdict.tries_left});
    child.state = verdict.state;
    child.attempts = verdict.attempts;
    update_flow_child(*connection, flow->id, child.pupil_id, child.state, child.attempts);
  }

  if (!mismatches.empty()) {
    // The answers given so far are kept; the parent corrects the dates named here.
    transaction.commit();
    Refusal refused = refusal("birth_date_mismatch");
    refused.children = std::move(mismatches);
    return refused;
  }
  api::ChildrenAnswer answer = confirmed_children(offered);
  if (answer.children.empty()) {
    transaction.commit();  // declines are recorded all the same
    return refusal("no_child_confirmed");
  }
  flow->state = kChildrenConfirmed;
  flow->expires_at = now + security.flow_expiry.count();
  update_flow(*connection, *flow, now);
  ChildrenConfirmed confirmed{std::move(answer), std::nullopt};
  if (franceconnect_sub(*flow)) {
    // FranceConnect proves who signs in: no password to choose, the account is made now.
    auto created = create_account(*connection, *flow, std::nullopt, now);
    if (const Refusal* refused = std::get_if<Refusal>(&created)) return *refused;
    confirmed.account = std::get<AccountCreated>(std::move(created));
  }
  transaction.commit();
  return confirmed;
}

Outcome<AccountCreated> ActivationFlow::choose_password(std::string_view flow_id,
                                                        const api::PasswordChoice& choice) {
  {
    // Checked before hashing, so that nobody makes the server hash for a dead flow.
    auto connection = services_.database.connection();
    if (auto refused =
            check_step(find_flow(*connection, flow_id, kKind), kChildrenConfirmed,
                       services_.clock.unix_seconds()))
      return *refused;
  }
  // Outside the transaction: the hash takes tens of milliseconds and must not hold the write lock.
  const auto hashed = flows::hash_chosen_password(services_, choice);
  if (const Refusal* refused = std::get_if<Refusal>(&hashed)) return *refused;
  const std::string& password_hash = std::get<std::string>(hashed);

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  // Again inside the transaction: a concurrent request may have finished the flow meanwhile.
  std::optional<FlowRow> flow = find_flow(*connection, flow_id, kKind);
  if (auto refused = check_step(flow, kChildrenConfirmed, now)) return *refused;
  auto created = create_account(*connection, *flow, password_hash, now);
  if (std::holds_alternative<AccountCreated>(created)) transaction.commit();
  return created;
}

Outcome<AccountCreated> ActivationFlow::create_account(store::Connection& connection, FlowRow& flow,
                                                       const std::optional<std::string>& password_hash,
                                                       std::int64_t now) {
  const std::optional<directory::Guardian> guardian =
      flow.guardian_id ? directory::find_guardian(connection, *flow.guardian_id) : std::nullopt;
  if (!guardian) return refusal("flow_expired");  // the directory dropped the guardian meanwhile

  // A random first suffix, so identifiers do not reveal how many namesakes came before.
  const int first_suffix = std::stoi(security::random_digits(2));
  const Checked<std::string> identifier = generate_identifier(
      guardian->first_name, guardian->last_name,
      [&](std::string_view candidate) { return accounts::identifier_taken(connection, candidate); }, first_suffix);
  if (!identifier) return refusal(identifier.error().code);

  const std::optional<std::string> sub = franceconnect_sub(flow);
  const std::int64_t account_id =
      accounts::insert_account(connection, *identifier, *flow.guardian_id, password_hash, flow.phone_e164, now, sub);
  for (const OfferedChild& child : flow_children(connection, flow.id)) {
    if (child.state == ChildState::confirmed) {
      accounts::insert_account_child(connection, account_id, child.pupil_id, *flow.guardian_id, now);
    } else if (child.state == ChildState::declined || child.state == ChildState::refused) {
      accounts::set_child_aside(connection, account_id, child.pupil_id, flows::to_string(child.state), now);
    }
  }
  const std::string token =
      sessions::open_session(connection, services_, account_id, now, sub ? franceconnect_id_token(flow) : std::nullopt);
  flows::insert_audit(connection, now,
                      {.kind = sub ? "account_created_franceconnect" : "account_created",
                       .account_id = account_id, .guardian_id = flow.guardian_id});
  flow.state = flows::kDone;
  update_flow(connection, flow, now);
  spdlog::info("activation: account {} created{}", *identifier, sub ? " through FranceConnect" : "");
  return AccountCreated{*identifier, token};
}

}  // namespace sesame::activation
