#include "server/flows/first_sign_in/flow.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "server/accounts/account_page.h"
#include "server/accounts/accounts.h"
#include "server/accounts/children.h"
#include "server/accounts/credentials.h"
#include "server/accounts/temporary_passwords.h"
#include "server/config/clock.h"
#include "server/directory/directory.h"
#include "server/flows/audit.h"
#include "server/flows/child_answers.h"
#include "server/flows/flow_store.h"
#include "server/flows/password_rules.h"
#include "server/security/secrets.h"
#include "server/sessions/queries.h"
#include "server/sessions/sessions.h"

namespace sesame::first_sign_in {

namespace {

using flows::ChildState;
using flows::FlowRow;

constexpr std::string_view kBirthDate = "birth_date";  // a pupil: waits for the birth date
constexpr std::string_view kChildren = "children";     // a parent: waits for the answers about the children
constexpr std::string_view kPassword = "password";     // the dates are right: waits for the password

// The flow's data: {"opened_by": the temporary password's argon2id hash (salted,
// so each password issued has its own; a newer one ends the flow), and for a
// parent "children": {pupil id: state}}.
nlohmann::json data_of(const FlowRow& flow) {
  nlohmann::json data = nlohmann::json::parse(flow.data, nullptr, false);
  return data.is_object() ? data : nlohmann::json::object();
}

std::string opened_by(const FlowRow& flow) {
  const nlohmann::json data = data_of(flow);
  return data.contains("opened_by") && data["opened_by"].is_string() ? data["opened_by"].get<std::string>() : "";
}

// The account a first sign-in is for.
struct Holder {
  std::int64_t id = 0;
  std::string identifier;
  bool pupil = false;
  std::optional<std::int64_t> pupil_id;
  std::optional<std::int64_t> guardian_id;
  std::string first_name;
  bool open = false;       // neither closed nor disabled
  bool activated = false;  // a password or FranceConnect already
};

std::optional<Holder> find_holder(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(
      "SELECT a.id, a.identifier, a.profile = 'pupil', a.pupil_id, a.guardian_id, "
      "       coalesce(p.first_name, g.first_name, ''), a.closed_at IS NULL AND a.disabled_at IS NULL, "
      "       a.password_hash IS NOT NULL OR a.franceconnect_sub IS NOT NULL "
      "FROM accounts a LEFT JOIN pupils p ON p.id = a.pupil_id LEFT JOIN guardians g ON g.id = a.guardian_id "
      "WHERE a.id = ?1",
      account_id);
  if (!query.step()) return std::nullopt;
  return Holder{query.integer(0),          query.text(1),          query.integer(2) != 0, query.optional_integer(3),
                query.optional_integer(4), query.text(5),          query.integer(6) != 0, query.integer(7) != 0};
}

// The children a parent confirms: those the directory makes them legal representative of.
std::vector<directory::Child> offered_children(store::Connection& connection, std::int64_t guardian_id) {
  std::vector<directory::Child> children = directory::children_of(connection, guardian_id);
  std::erase_if(children, [](const directory::Child& child) { return !child.legal_representative; });
  return children;
}

api::Child to_api(const directory::Child& child) {
  return api::Child{std::to_string(child.pupil_id), child.first_name, child.last_name,
                    api::School{child.school.name, child.school.city, child.school.uai}, std::nullopt};
}

// The flow at `step`, its account still open (and, a parent's, not activated
// meanwhile by SMS) and its temporary password still valid: what every step
// checks first, in the caller's transaction.
struct Step {
  FlowRow flow;
  Holder holder;
  accounts::TemporaryPassword temporary;
};
Outcome<Step> check_step(store::Connection& connection, std::string_view flow_id, std::string_view step,
                         std::int64_t now) {
  std::optional<FlowRow> flow = flows::find_flow(connection, flow_id, kKind);
  if (auto refused = flows::check_step(flow, step, now)) return *refused;
  const std::optional<Holder> holder = flow->account_id ? find_holder(connection, *flow->account_id) : std::nullopt;
  if (!holder || !holder->open) return Refusal{"flow_expired"};
  if (!holder->pupil && (holder->activated || !holder->guardian_id)) return Refusal{"flow_expired"};
  const std::optional<accounts::TemporaryPassword> temporary =
      accounts::find_temporary_password(connection, holder->id);
  if (!temporary) return Refusal{"first_sign_in_locked"};
  // A newer letter, or a parent's new password, replaced the one that opened it.
  if (temporary->hash != opened_by(*flow)) return Refusal{"flow_expired"};
  if (now > temporary->expires_at) return Refusal{"temporary_password_expired"};
  return Step{std::move(*flow), *holder, *temporary};
}

// The last wrong date: the temporary password is spent, the flow locked.
Refusal lock(store::Connection& connection, Step& step, std::int64_t now) {
  accounts::delete_temporary_password(connection, step.holder.id);
  step.flow.state = flows::kLocked;
  flows::update_flow(connection, step.flow, now);
  spdlog::info("first sign-in: {} used up the birth-date tries", step.holder.identifier);
  return Refusal{"first_sign_in_locked"};
}

}  // namespace

api::FirstSignInAnswer open(store::Connection& connection, std::int64_t account_id, std::int64_t now) {
  flows::delete_account_flows(connection, account_id, kKind);
  const std::optional<Holder> holder = find_holder(connection, account_id);
  const bool parent = holder && !holder->pupil && holder->guardian_id;
  FlowRow flow;
  flow.id = security::random_flow_id();
  flow.kind = kKind;
  flow.state = parent ? kChildren : kBirthDate;
  flow.account_id = account_id;
  flow.expires_at = now + kFlowSeconds;
  const std::optional<accounts::TemporaryPassword> temporary = accounts::find_temporary_password(connection, account_id);
  nlohmann::json data{{"opened_by", temporary ? temporary->hash : std::string()}};
  std::vector<api::Child> children;
  if (parent) {
    data["children"] = nlohmann::json::object();
    for (const directory::Child& child : offered_children(connection, *holder->guardian_id)) {
      data["children"][std::to_string(child.pupil_id)] = flows::to_string(ChildState::pending);
      children.push_back(to_api(child));
    }
  }
  flow.data = data.dump();
  flows::insert_flow(connection, flow, now);
  flows::insert_audit(connection, now,
                      {.kind = "first_sign_in_started",
                       .account_id = account_id,
                       .guardian_id = parent ? holder->guardian_id : std::nullopt,
                       .pupil_id = holder ? holder->pupil_id : std::nullopt});
  return api::FirstSignInAnswer{flow.id,
                                holder ? holder->first_name : std::string(),
                                format_iso_utc(flow.expires_at),
                                std::string(parent ? "parent" : "eleve"),
                                std::move(children)};
}

Outcome<Confirmed> FirstSignInFlow::confirm_birth_date(std::string_view flow_id, const Date& birth_date) {
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  auto checked = check_step(*connection, flow_id, kBirthDate, now);
  if (const Refusal* refused = std::get_if<Refusal>(&checked)) return *refused;
  Step& step = std::get<Step>(checked);
  if (!step.holder.pupil_id) return Refusal{"flow_step_out_of_order"};

  const std::optional<std::string> known = directory::pupil_birth_date(*connection, *step.holder.pupil_id);
  if (known && *known == birth_date.iso()) {
    step.flow.state = kPassword;
    flows::update_flow(*connection, step.flow, now);
    flows::insert_audit(*connection, now,
                        {.kind = "first_sign_in_birth_date_confirmed", .account_id = step.holder.id,
                         .pupil_id = step.holder.pupil_id});
    transaction.commit();
    return Confirmed{};
  }
  // Counted on the temporary password, not the flow: signing in again with it
  // does not give three more tries.
  const int tries = accounts::count_birth_date_attempt(*connection, step.holder.id);
  flows::insert_audit(*connection, now,
                      {.kind = "first_sign_in_birth_date_mismatch", .account_id = step.holder.id,
                       .pupil_id = step.holder.pupil_id});
  if (tries >= accounts::kFirstSignInBirthDateTries) {
    Refusal locked = lock(*connection, step, now);
    transaction.commit();
    return locked;
  }
  transaction.commit();
  return Refusal{.code = "birth_date_mismatch",
                 .field = "birth_date",
                 .remaining_attempts = accounts::kFirstSignInBirthDateTries - tries};
}

Outcome<api::ChildrenAnswer> FirstSignInFlow::confirm_children(std::string_view flow_id,
                                                               const api::ChildrenConfirm& answers) {
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  auto checked = check_step(*connection, flow_id, kChildren, now);
  if (const Refusal* refused = std::get_if<Refusal>(&checked)) return *refused;
  Step& step = std::get<Step>(checked);

  nlohmann::json data = data_of(step.flow);
  nlohmann::json& states = data["children"];
  if (!states.is_object()) return Refusal{"flow_expired"};
  if (auto refused = flows::check_answered_ids(answers, [&](std::string_view id) {
        return states.contains(std::string(id));
      }))
    return *refused;
  // Every child is answered at once, as on the screen that asks.
  for (const auto& [id, state] : states.items()) {
    const bool answered = std::any_of(answers.children.begin(), answers.children.end(),
                                      [&](const api::ChildConfirmation& answer) { return answer.id == id; });
    if (!answered && state == flows::to_string(ChildState::pending))
      return Refusal{.code = "missing_field", .field = "children"};
  }

  // Wrong dates are counted on the temporary password, three in all.
  int attempts = step.temporary.birth_date_attempts;
  std::vector<api::ChildAttempts> mismatches;
  for (const api::ChildConfirmation& answer : answers.children) {
    const std::int64_t pupil_id = std::stoll(answer.id);
    const ChildState current = flows::child_state_from(states[answer.id].get<std::string>()).value_or(ChildState::pending);
    const std::string birth = directory::pupil_birth_date(*connection, pupil_id).value_or("");
    const flows::ChildVerdict verdict =
        flows::judge_child_answer(current, attempts, answer, birth, accounts::kFirstSignInBirthDateTries);
    if (verdict.state == ChildState::pending || verdict.state == ChildState::refused) {
      attempts = accounts::count_birth_date_attempt(*connection, step.holder.id);
      flows::insert_audit(*connection, now,
                          {.kind = "first_sign_in_birth_date_mismatch", .account_id = step.holder.id,
                           .guardian_id = step.holder.guardian_id, .pupil_id = pupil_id});
      if (attempts >= accounts::kFirstSignInBirthDateTries) {
        Refusal locked = lock(*connection, step, now);
        transaction.commit();
        return locked;
      }
      mismatches.push_back(api::ChildAttempts{answer.id, accounts::kFirstSignInBirthDateTries - attempts});
      continue;
    }
    states[answer.id] = flows::to_string(verdict.state);
  }
  step.flow.data = data.dump();
  if (!mismatches.empty()) {
    // The answers given so far are kept; the parent corrects the dates named here.
    flows::update_flow(*connection, step.flow, now);
    transaction.commit();
    Refusal refused{"birth_date_mismatch"};
    refused.children = std::move(mismatches);
    return refused;
  }
  api::ChildrenAnswer confirmed;
  for (const directory::Child& child : offered_children(*connection, *step.holder.guardian_id))
    if (states.value(std::to_string(child.pupil_id), "") == flows::to_string(ChildState::confirmed))
      confirmed.children.push_back(to_api(child));
  if (confirmed.children.empty()) {
    flows::update_flow(*connection, step.flow, now);
    transaction.commit();  // declines are recorded all the same
    return Refusal{"no_child_confirmed"};
  }
  step.flow.state = kPassword;
  flows::update_flow(*connection, step.flow, now);
  flows::insert_audit(*connection, now,
                      {.kind = "first_sign_in_children_confirmed", .account_id = step.holder.id,
                       .guardian_id = step.holder.guardian_id});
  transaction.commit();
  return confirmed;
}

Outcome<SignedIn> FirstSignInFlow::choose_password(std::string_view flow_id, const api::PasswordChoice& choice) {
  {
    // Checked before hashing, so that nobody makes the server hash for a dead flow.
    auto connection = services_.database.connection();
    store::ReadTransaction read(*connection);
    auto checked = check_step(*connection, flow_id, kPassword, services_.clock.unix_seconds());
    if (const Refusal* refused = std::get_if<Refusal>(&checked)) return *refused;
  }
  const auto hashed = flows::hash_chosen_password(services_, choice);
  if (const Refusal* refused = std::get_if<Refusal>(&hashed)) return *refused;

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  auto checked = check_step(*connection, flow_id, kPassword, now);
  if (const Refusal* refused = std::get_if<Refusal>(&checked)) return *refused;
  Step& step = std::get<Step>(checked);
  accounts::set_password_hash(*connection, step.holder.id, std::get<std::string>(hashed));
  if (!step.holder.pupil) {
    // The children answered become the account's, as at account creation.
    const nlohmann::json data = data_of(step.flow);
    if (data.contains("children") && data["children"].is_object()) {
      for (const auto& [id, state] : data["children"].items()) {
        const std::int64_t pupil_id = std::stoll(id);
        if (state == flows::to_string(ChildState::confirmed)) {
          accounts::insert_account_child(*connection, step.holder.id, pupil_id, *step.holder.guardian_id, now);
        } else if (state == flows::to_string(ChildState::declined)) {
          accounts::set_child_aside(*connection, step.holder.id, pupil_id, state.get<std::string>(), now);
        }
      }
    }
  }
  accounts::delete_temporary_password(*connection, step.holder.id);  // single use
  accounts::clear_login_failures(*connection, step.holder.identifier);
  sessions::delete_sessions_of(*connection, step.holder.id);  // whoever knew the old password is out
  step.flow.state = flows::kDone;
  flows::update_flow(*connection, step.flow, now);
  flows::insert_audit(*connection, now,
                      {.kind = "first_sign_in_completed", .account_id = step.holder.id,
                       .guardian_id = step.holder.pupil ? std::nullopt : step.holder.guardian_id,
                       .pupil_id = step.holder.pupil_id});
  std::optional<api::Account> account = accounts::load_account(*connection, step.holder.id);
  if (!account) return Refusal{"flow_expired"};
  std::string token = sessions::open_session(*connection, services_, step.holder.id, now);
  transaction.commit();
  spdlog::info("first sign-in: {} chose a password", step.holder.identifier);
  return SignedIn{std::move(*account), std::move(token)};
}

}  // namespace sesame::first_sign_in
