#include "server/flows/account/flow.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/accounts/account_page.h"
#include "server/accounts/accounts.h"
#include "server/accounts/children.h"
#include "server/accounts/credentials.h"
#include "server/accounts/pupil_accounts.h"
#include "server/accounts/temporary_passwords.h"
#include "server/delivery/outbox.h"
#include "server/delivery/texts.h"
#include "server/directory/directory.h"
#include "server/flows/audit.h"
#include "server/flows/child_answers.h"
#include "server/flows/flow_store.h"
#include "server/flows/limits.h"
#include "server/flows/password_rules.h"
#include "server/security/secrets.h"
#include "server/sessions/queries.h"

namespace sesame::account {

namespace {

using accounts::Contacts;
using accounts::find_contacts;
using flows::ChildState;
using flows::FlowRow;

// Sent to the verified address when something that gives access changes.
void notify_change(store::Connection& connection, const Contacts& contacts, delivery::AccountChange change,
                   std::int64_t now) {
  if (!contacts.email || !contacts.email_verified) return;
  delivery::enqueue(connection, delivery::Channel::email, *contacts.email,
                    delivery::account_change_email(contacts.identifier, change), now);
}

void audit(store::Connection& connection, std::int64_t now, std::string_view kind, std::int64_t account_id,
           const Contacts& contacts, std::string_view detail = "{}") {
  flows::insert_audit(connection, now,
                      {.kind = kind, .account_id = account_id, .guardian_id = contacts.guardian_id, .detail = detail});
}

std::string address_of(const FlowRow& flow) {
  const nlohmann::json data = nlohmann::json::parse(flow.data, nullptr, false);
  if (!data.is_object() || !data.contains("address") || !data["address"].is_string()) return {};
  return data["address"].get<std::string>();
}

}  // namespace

Outcome<CodeSent> AccountFlow::start_email_change(std::int64_t account_id, std::string_view email,
                                                  std::string_view client_address) {
  return start_change(account_id, kEmailChange, email, client_address);
}

Outcome<CodeSent> AccountFlow::start_phone_change(std::int64_t account_id, std::string_view phone_e164,
                                                  std::string_view client_address) {
  return start_change(account_id, kPhoneChange, phone_e164, client_address);
}

Outcome<Done> AccountFlow::verify_email(std::int64_t account_id, std::string_view code) {
  return verify_change(account_id, kEmailChange, code);
}

Outcome<Done> AccountFlow::verify_phone(std::int64_t account_id, std::string_view code) {
  return verify_change(account_id, kPhoneChange, code);
}

Outcome<CodeSent> AccountFlow::start_change(std::int64_t account_id, std::string_view kind,
                                            std::string_view address, std::string_view client_address) {
  const SecurityConfig& security = services_.security;
  const std::int64_t now = services_.clock.unix_seconds();
  const bool by_email = kind == kEmailChange;
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  if (!find_contacts(*connection, account_id)) return Refusal{"not_authenticated"};
  const auto refused =
      by_email ? flows::spend_email_budget(*connection, security, address, client_address, now)
               : flows::spend_sms_budget(*connection, security, address, client_address, now);
  if (refused) return *refused;

  // One change of each kind at a time: asking again replaces the code.
  flows::delete_account_flows(*connection, account_id, kind);
  FlowRow flow;
  flow.id = security::random_flow_id();
  flow.kind = kind;
  flow.state = kCodeSent;
  flow.account_id = account_id;
  if (!by_email) flow.phone_e164 = address;
  flow.data = nlohmann::json{{"address", address}}.dump();
  flow.expires_at = now + security.flow_expiry.count();
  flow.last_sent_at = now;
  const std::string code = flows::issue_code(flow, services_, now);
  flows::insert_flow(*connection, flow, now);
  if (by_email) {
    delivery::enqueue(*connection, delivery::Channel::email, address,
                      delivery::email_change_code_email(code, security.sms_code.validity), now);
  } else {
    delivery::enqueue(*connection, delivery::Channel::sms, address,
                      delivery::phone_change_code_sms(code, security.sms_code.validity), now);
  }
  transaction.commit();
  services_.sender.notify();
  return CodeSent{flow.code_expires_at};
}

Outcome<Done> AccountFlow::verify_change(std::int64_t account_id, std::string_view kind, std::string_view code) {
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  const std::optional<Contacts> contacts = find_contacts(*connection, account_id);
  if (!contacts) return Refusal{"not_authenticated"};
  std::optional<FlowRow> flow = flows::find_account_flow(*connection, account_id, kind);
  if (auto refused = flows::check_step(flow, kCodeSent, now)) return *refused;
  if (auto refused = flows::spend_code(*flow, code, services_, now)) {
    flows::update_flow(*connection, *flow, now);  // the try counts, and a lock sticks
    transaction.commit();
    return *refused;
  }
  const std::string address = address_of(*flow);
  if (address.empty()) return Refusal{"flow_expired"};  // not written by this version: start again
  flow->state = flows::kDone;
  flows::update_flow(*connection, *flow, now);
  if (kind == kEmailChange) {
    // The old address hears of it too, if it was a verified one.
    if (contacts->email != address) notify_change(*connection, *contacts, delivery::AccountChange::email, now);
    accounts::set_verified_email(*connection, account_id, address);
    audit(*connection, now, "email_changed", account_id, *contacts);
  } else {
    accounts::set_phone(*connection, account_id, address);
    notify_change(*connection, *contacts, delivery::AccountChange::phone, now);
    audit(*connection, now, "phone_changed", account_id, *contacts);
  }
  transaction.commit();
  services_.sender.notify();
  return Done{};
}

Outcome<Done> AccountFlow::change_password(std::int64_t account_id, std::string_view session_token_hash,
                                           const api::PasswordChange& change) {
  std::optional<Contacts> contacts;
  {
    auto connection = services_.database.connection();
    contacts = find_contacts(*connection, account_id);
  }
  if (!contacts) return Refusal{"not_authenticated"};
  // The new password's rules first: they cost no hash and tell nothing.
  if (auto refused = flows::password_choice_refusal(change.password, change.confirmation)) return *refused;
  const auto checked = accounts::check_credentials(services_, contacts->identifier, change.current_password);
  if (const Refusal* refused = std::get_if<Refusal>(&checked)) {
    Refusal answer = *refused;
    if (answer.code == "invalid_credentials") {
      answer.code = "invalid_current_password";
      answer.field = "current_password";
    }
    return answer;
  }
  const auto hashed = flows::hash_new_password(services_, change.password);
  if (const Refusal* refused = std::get_if<Refusal>(&hashed)) return *refused;

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  if (!find_contacts(*connection, account_id)) return Refusal{"not_authenticated"};
  accounts::set_password_hash(*connection, account_id, std::get<std::string>(hashed));
  // Whoever knew the old password is signed out everywhere but here.
  sessions::delete_sessions_of(*connection, account_id, session_token_hash);
  notify_change(*connection, *contacts, delivery::AccountChange::password, now);
  audit(*connection, now, "password_changed", account_id, *contacts);
  transaction.commit();
  services_.sender.notify();
  return Done{};
}

Outcome<api::ChildrenAnswer> AccountFlow::confirm_new_children(std::int64_t account_id,
                                                               const api::ChildrenConfirm& request) {
  const int max_attempts = services_.security.birth_date.max_attempts_per_child;
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  const std::optional<Contacts> contacts = find_contacts(*connection, account_id);
  if (!contacts || !contacts->guardian_id) return Refusal{"not_authenticated"};
  const std::vector<api::Child> offered = accounts::newly_known_children(*connection, account_id);
  const auto offered_id = [&](std::string_view id) {
    return std::any_of(offered.begin(), offered.end(), [&](const api::Child& child) { return child.id == id; });
  };
  if (auto refused = flows::check_answered_ids(request, offered_id)) return *refused;

  std::vector<api::ChildAttempts> mismatches;
  for (const api::ChildConfirmation& answer : request.children) {
    const std::int64_t pupil_id = std::stoll(answer.id);  // an offered id: digits
    const auto record = [&](std::string_view kind) {
      flows::insert_audit(*connection, now,
                          {.kind = kind, .account_id = account_id, .guardian_id = contacts->guardian_id,
                           .pupil_id = pupil_id});
    };
    const std::optional<std::string> school_birth_date = directory::pupil_birth_date(*connection, pupil_id);
    const flows::ChildVerdict verdict =
        flows::judge_child_answer(ChildState::pending, accounts::child_attempts(*connection, account_id, pupil_id),
                                  answer, school_birth_date.value_or(""), max_attempts);
    if (verdict.tries_left) mismatches.push_back(api::ChildAttempts{answer.id, *verdict.tries_left});
    if (verdict.state == ChildState::pending) {
      accounts::set_child_attempts(*connection, account_id, pupil_id, verdict.attempts);
      continue;
    }
    // Confirmed or set aside: its tries are no longer needed.
    accounts::clear_child_attempts(*connection, account_id, pupil_id);
    if (verdict.state == ChildState::confirmed) {
      accounts::insert_account_child(*connection, account_id, pupil_id, *contacts->guardian_id, now);
      record("account_child_confirmed");
    } else {
      accounts::set_child_aside(*connection, account_id, pupil_id, flows::to_string(verdict.state), now);
      record(verdict.state == ChildState::declined ? "account_child_declined" : "account_child_refused");
    }
  }
  const std::optional<api::Account> account = accounts::load_account(*connection, account_id);
  transaction.commit();  // the answers given are kept, right or wrong
  if (!mismatches.empty()) return Refusal{.code = "birth_date_mismatch", .children = std::move(mismatches)};
  return api::ChildrenAnswer{account ? account->children : std::vector<api::Child>{}};
}

Outcome<api::ChildrenAnswer> AccountFlow::take_children(std::int64_t account_id, std::string_view identifier,
                                                        std::string_view password) {
  const auto checked = accounts::check_credentials(services_, identifier, password);
  if (const Refusal* refused = std::get_if<Refusal>(&checked)) return *refused;
  const accounts::VerifiedAccount& other = std::get<accounts::VerifiedAccount>(checked);
  if (other.id == account_id) return Refusal{.code = "same_account", .field = "identifier"};

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  const std::optional<Contacts> contacts = find_contacts(*connection, account_id);
  if (!contacts) return Refusal{"not_authenticated"};
  const std::optional<Contacts> other_contacts = find_contacts(*connection, other.id);
  if (!other_contacts) return Refusal{"invalid_credentials"};  // closed meanwhile
  const std::int64_t moved = accounts::merge_account_into(*connection, other.id, account_id, now);
  const std::string detail_from = nlohmann::json{{"into_account", account_id}, {"children", moved}}.dump();
  const std::string detail_into = nlohmann::json{{"from_account", other.id}, {"children", moved}}.dump();
  audit(*connection, now, "account_closed_into_other", other.id, *other_contacts, detail_from);
  // The closed account's owner hears of it, in case it was not them.
  if (other_contacts->email && other_contacts->email_verified)
    delivery::enqueue(*connection, delivery::Channel::email, *other_contacts->email,
                      delivery::account_closed_email(other_contacts->identifier, contacts->identifier), now);
  audit(*connection, now, "children_taken_from_account", account_id, *contacts, detail_into);
  const std::optional<api::Account> account = accounts::load_account(*connection, account_id);
  transaction.commit();
  services_.sender.notify();
  spdlog::info("account: {} children moved from account {} to account {}", moved, other.id, account_id);
  return api::ChildrenAnswer{account ? account->children : std::vector<api::Child>{}};
}

namespace {

std::optional<Refusal> child_access_refusal(const accounts::ChildAccountForParent& child) {
  switch (child.access) {
    case accounts::ChildAccountAccess::allowed: return std::nullopt;
    case accounts::ChildAccountAccess::not_confirmed: return Refusal{"child_not_confirmed"};
    case accounts::ChildAccountAccess::disabled: return Refusal{"child_account_disabled"};
  }
  return Refusal{"child_not_confirmed"};
}

}  // namespace

Outcome<api::TemporaryPasswordAnswer> AccountFlow::give_temporary_password(std::int64_t account_id,
                                                                           std::int64_t pupil_id) {
  {
    // Checked and counted before hashing: nobody makes the server hash for a child not theirs.
    const std::int64_t now = services_.clock.unix_seconds();
    auto connection = services_.database.connection();
    store::Transaction transaction(*connection);
    if (auto refused = child_access_refusal(accounts::child_account_for_parent(*connection, account_id, pupil_id)))
      return *refused;
    if (auto refused = flows::count_in_window(*connection, "temporary_password:" + std::to_string(account_id),
                                              kTemporaryPasswordsPerDay, std::chrono::hours(24), now))
      return *refused;
    transaction.commit();
  }
  const accounts::PreparedTemporaryPassword prepared =
      accounts::prepare_temporary_password(services_.password_hasher, services_.clock.unix_seconds());

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  const accounts::ChildAccountForParent child = accounts::child_account_for_parent(*connection, account_id, pupil_id);
  if (auto refused = child_access_refusal(child)) return *refused;  // the school changed the links meanwhile
  accounts::store_temporary_password(*connection, child.account_id, prepared, accounts::Issuer::parent, account_id,
                                     now);
  transaction.commit();
  spdlog::info("account: a parent gave {} a temporary password", child.identifier);
  return api::TemporaryPasswordAnswer{child.identifier, prepared.issued.password, prepared.issued.last_day};
}

}  // namespace sesame::account
