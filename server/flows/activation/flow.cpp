#include "server/flows/activation/flow.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "server/delivery/outbox.h"
#include "server/directory/directory.h"
#include "server/flows/activation/queries.h"
#include "server/flows/session/session_store.h"
#include "server/security/secrets.h"
#include "server/security/throttle.h"
#include "shared/identifier.h"
#include "shared/names.h"
#include "shared/password.h"
#include "shared/phone.h"

namespace sesame::activation {

namespace {

Refusal refusal(std::string code) { return Refusal{.code = std::move(code)}; }

std::string sms_text(std::string_view code, std::chrono::seconds validity) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(validity).count();
  return "Sésame ENT : votre code de sécurité est " + std::string(code) + ". Il est valable " +
         std::to_string(minutes) + " minutes. Ne le communiquez à personne.";
}

// What every step checks first: the flow exists, is not finished, and has not expired.
// An unknown id answers like an expired flow: ids of flows purged after expiry
// look the same as ids that never existed.
std::optional<Refusal> check_alive(const std::optional<FlowRow>& flow, std::int64_t now) {
  if (!flow) return refusal("flow_expired");
  if (flow->state == kDone) return refusal("flow_completed");
  if (flow->state == kLocked) return refusal("flow_locked");
  if (now >= flow->expires_at) return refusal("flow_expired");
  return std::nullopt;
}

std::optional<Refusal> check_step(const std::optional<FlowRow>& flow, std::string_view expected,
                                  std::int64_t now) {
  if (auto dead = check_alive(flow, now)) return dead;
  if (flow->state != expected) return refusal("flow_step_out_of_order");
  return std::nullopt;
}

// At most max_per_number SMS a window to one number. Counted for every start
// and resend, matched or not, so a refusal tells nothing about the directory.
std::optional<Refusal> count_sms_to(store::Connection& connection, const SecurityConfig& security,
                                    std::string_view phone_e164, std::int64_t now) {
  const std::string key = "sms:" + std::string(phone_e164);
  const WindowCounter counter = read_window(connection, key);
  const security::WindowCount window{security.resend.max_per_number,
                                     security.resend.per_number_window.count()};
  const security::WindowDecision decision = window.check(counter.count, counter.window_start, now);
  if (!decision.allowed) {
    Refusal refused = refusal("too_many_requests");
    refused.retry_after_seconds = static_cast<int>(decision.retry_after_seconds);
    return refused;
  }
  write_window(connection, key, WindowCounter{decision.window_start, decision.count});
  return std::nullopt;
}

api::Child to_api(const OfferedChild& child) {
  return api::Child{std::to_string(child.pupil_id), child.first_name, child.last_name,
                    api::School{child.school.name, child.school.city, child.school.uai}};
}

api::ChildrenAnswer confirmed_children(const std::vector<OfferedChild>& offered) {
  api::ChildrenAnswer answer;
  for (const OfferedChild& child : offered)
    if (child.state == "confirmed") answer.children.push_back(to_api(child));
  return answer;
}

}  // namespace

std::string ActivationFlow::code_hash(std::string_view flow_id, std::string_view code) const {
  // Tied to the flow, so equal codes of two flows do not share a hash.
  return services_.keyed_hasher.hash("activation-code:" + std::string(flow_id) + ":" + std::string(code));
}

Outcome<Started> ActivationFlow::start(std::string_view last_name, std::string_view first_name,
                                       std::string_view phone_e164) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);

  if (auto refused = count_sms_to(*connection, security, phone_e164, now)) return *refused;

  const std::vector<directory::Guardian> guardians = directory::find_guardians_by_identity(
      *connection, name_match_key(last_name), name_match_key(first_name), phone_e164);

  FlowRow flow;
  flow.id = security::random_flow_id();
  flow.state = kIdentityGiven;
  // Namesakes sharing one mobile are one person for this flow: the first is taken.
  if (!guardians.empty()) flow.guardian_id = guardians.front().id;
  flow.phone_e164 = phone_e164;
  flow.expires_at = now + security.flow_expiry.count();
  flow.code_expires_at = now + security.sms_code.validity.count();
  flow.last_sent_at = now;
  std::string code;
  if (flow.guardian_id) {
    code = security::random_digits(static_cast<std::size_t>(security.sms_code.digits));
    flow.code_hash = code_hash(flow.id, code);
  }
  insert_flow(*connection, flow, now);
  if (flow.guardian_id)
    delivery::enqueue(*connection, delivery::Channel::sms, phone_e164,
                      sms_text(code, security.sms_code.validity), now);
  transaction.commit();
  if (flow.guardian_id) services_.sender.notify();
  return Started{flow.id, mask_phone(phone_e164), flow.expires_at};
}

Outcome<Resent> ActivationFlow::resend(std::string_view flow_id) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);

  std::optional<FlowRow> flow = find_flow(*connection, flow_id);
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
  if (auto refused = count_sms_to(*connection, security, flow->phone_e164, now)) return *refused;

  // The new code replaces the old one; the tries already spent stay spent.
  flow->resend_count += 1;
  flow->last_sent_at = now;
  flow->code_expires_at = now + security.sms_code.validity.count();
  flow->expires_at = now + security.flow_expiry.count();
  std::string code;
  if (flow->guardian_id) {
    code = security::random_digits(static_cast<std::size_t>(security.sms_code.digits));
    flow->code_hash = code_hash(flow->id, code);
  }
  update_flow(*connection, *flow, now);
  if (flow->guardian_id)
    delivery::enqueue(*connection, delivery::Channel::sms, flow->phone_e164,
                      sms_text(code, security.sms_code.validity), now);
  transaction.commit();
  if (flow->guardian_id) services_.sender.notify();
  return Resent{flow->expires_at};
}

Outcome<api::ChildrenAnswer> ActivationFlow::verify_code(std::string_view flow_id, std::string_view code) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);

  std::optional<FlowRow> flow = find_flow(*connection, flow_id);
  if (auto refused = check_step(flow, kIdentityGiven, now)) return *refused;
  if (now >= flow->code_expires_at) return refusal("flow_expired");

  // A flow without a guardian has no code: every code is wrong, after the same work.
  const std::string typed_hash = code_hash(flow->id, code);
  const bool correct = flow->code_hash && security::constant_time_equal(typed_hash, *flow->code_hash);
  if (!correct) {
    flow->code_attempts += 1;
    const int remaining = security.sms_code.max_attempts - flow->code_attempts;
    if (remaining <= 0) flow->state = kLocked;
    update_flow(*connection, *flow, now);
    transaction.commit();
    if (remaining <= 0) return refusal("flow_locked");
    Refusal refused = refusal("invalid_code");
    refused.field = "code";
    refused.remaining_attempts = remaining;
    return refused;
  }

  flow->state = kCodeVerified;
  flow->code_hash.reset();  // single use
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

Outcome<api::ChildrenAnswer> ActivationFlow::confirm_children(std::string_view flow_id,
                                                              const api::ChildrenConfirm& request) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);

  std::optional<FlowRow> flow = find_flow(*connection, flow_id);
  if (auto refused = check_step(flow, kCodeVerified, now)) return *refused;

  std::vector<OfferedChild> offered = flow_children(*connection, flow->id);
  // Every id must be one the flow offered, once: checked before anything is written.
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.children.size(); ++i) {
    const std::string& id = request.children[i].id;
    const bool known = std::any_of(offered.begin(), offered.end(), [&](const OfferedChild& child) {
      return std::to_string(child.pupil_id) == id;
    });
    if (!known || !seen.insert(id).second) {
      Refusal refused = refusal("invalid_field_value");
      refused.field = "children[" + std::to_string(i) + "].id";
      return refused;
    }
  }

  std::vector<api::ChildAttempts> mismatches;
  for (const api::ChildConfirmation& answer : request.children) {
    OfferedChild& child = *std::find_if(offered.begin(), offered.end(), [&](const OfferedChild& c) {
      return std::to_string(c.pupil_id) == answer.id;
    });
    // A refused child stays refused: the school checks identity in person.
    if (child.state == "refused") continue;
    if (!answer.is_guardian) {
      child.state = "declined";
      insert_audit(*connection, now, "activation_child_declined", std::nullopt, flow->guardian_id,
                   child.pupil_id);
    } else if (answer.birth_date && answer.birth_date->iso() == child.birth_date) {
      child.state = "confirmed";
    } else {
      child.attempts += 1;
      const int remaining = std::max(0, security.birth_date.max_attempts_per_child - child.attempts);
      child.state = remaining == 0 ? "refused" : "pending";
      if (remaining == 0)
        insert_audit(*connection, now, "activation_child_refused", std::nullopt, flow->guardian_id,
                     child.pupil_id);
      mismatches.push_back(api::ChildAttempts{answer.id, remaining});
    }
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
  transaction.commit();
  return answer;
}

Outcome<AccountCreated> ActivationFlow::choose_password(std::string_view flow_id,
                                                        const api::PasswordChoice& choice) {
  {
    // Checked before hashing, so that nobody makes the server hash for a dead flow.
    auto connection = services_.database.connection();
    if (auto refused =
            check_step(find_flow(*connection, flow_id), kChildrenConfirmed, services_.clock.unix_seconds()))
      return *refused;
  }
  if (const auto error = password_choice_error(choice.password, choice.confirmation)) {
    Refusal refused{.code = error->code, .message = error->message};
    refused.field = error->code == "password_mismatch" ? "confirmation" : "password";
    if (error->code == "password_policy")
      refused.failed_rules = failed_rule_codes(check_password(choice.password));
    return refused;
  }
  std::string password_hash;
  try {
    // Outside the transaction: the hash takes tens of milliseconds and must not hold the write lock.
    password_hash = services_.password_hasher.hash(choice.password);
  } catch (const security::PasswordTooLong&) {
    return Refusal{.code = "password_too_long", .field = "password"};
  }

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  // Again inside the transaction: a concurrent request may have finished the flow meanwhile.
  std::optional<FlowRow> flow = find_flow(*connection, flow_id);
  if (auto refused = check_step(flow, kChildrenConfirmed, now)) return *refused;
  const std::optional<GuardianNames> names =
      flow->guardian_id ? guardian_names(*connection, *flow->guardian_id) : std::nullopt;
  if (!names) return refusal("flow_expired");  // the directory dropped the guardian meanwhile

  // A random first suffix, so identifiers do not reveal how many namesakes came before.
  const int first_suffix = std::stoi(security::random_digits(2));
  const Checked<std::string> identifier = generate_identifier(
      names->first_name, names->last_name,
      [&](std::string_view candidate) { return identifier_taken(*connection, candidate); }, first_suffix);
  if (!identifier) return refusal(identifier.error().code);

  const std::int64_t account_id =
      insert_account(*connection, *identifier, *flow->guardian_id, password_hash, flow->phone_e164, now);
  for (const OfferedChild& child : flow_children(*connection, flow->id))
    if (child.state == "confirmed") insert_account_child(*connection, account_id, child.pupil_id, now);
  const std::string token = session::open_session(*connection, services_, account_id, now);
  insert_audit(*connection, now, "account_created", account_id, flow->guardian_id, std::nullopt);
  flow->state = kDone;
  update_flow(*connection, *flow, now);
  transaction.commit();
  spdlog::info("activation: account {} created", *identifier);
  return AccountCreated{*identifier, token};
}

}  // namespace sesame::activation
