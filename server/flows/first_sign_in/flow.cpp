#include "server/flows/first_sign_in/flow.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "server/accounts/account_page.h"
#include "server/accounts/accounts.h"
#include "server/accounts/credentials.h"
#include "server/accounts/pupil_accounts.h"
#include "server/accounts/temporary_passwords.h"
#include "server/config/clock.h"
#include "server/directory/directory.h"
#include "server/flows/audit.h"
#include "server/flows/flow_store.h"
#include "server/flows/password_rules.h"
#include "server/security/secrets.h"
#include "server/sessions/queries.h"
#include "server/sessions/sessions.h"

namespace sesame::first_sign_in {

namespace {

using flows::FlowRow;

constexpr std::string_view kBirthDate = "birth_date";  // waits for the birth date
constexpr std::string_view kPassword = "password";     // the birth date is right: waits for the password

// The temporary password a first sign-in was opened by, as the flow keeps it:
// its argon2id hash (salted, so each password issued has its own), in data
// {"opened_by": …}. A newer one, issued meanwhile, ends the flow.
std::string opened_by(const FlowRow& flow) {
  const nlohmann::json data = nlohmann::json::parse(flow.data, nullptr, false);
  if (!data.is_object() || !data.contains("opened_by") || !data["opened_by"].is_string()) return {};
  return data["opened_by"].get<std::string>();
}

// The flow at `step`, its pupil account still enabled and its temporary
// password still valid: what every step checks first, in the caller's transaction.
struct Step {
  FlowRow flow;
  accounts::PupilAccount pupil;
};
Outcome<Step> check_step(store::Connection& connection, std::string_view flow_id, std::string_view step,
                         std::int64_t now) {
  std::optional<FlowRow> flow = flows::find_flow(connection, flow_id, kKind);
  if (auto refused = flows::check_step(flow, step, now)) return *refused;
  const std::optional<accounts::PupilAccount> pupil =
      flow->account_id ? accounts::find_pupil_account(connection, *flow->account_id) : std::nullopt;
  if (!pupil || pupil->disabled) return Refusal{"flow_expired"};
  const std::optional<accounts::TemporaryPassword> temporary =
      accounts::find_temporary_password(connection, pupil->id);
  if (!temporary) return Refusal{"first_sign_in_locked"};
  // A newer letter, or a parent's new password, replaced the one that opened it.
  if (temporary->hash != opened_by(*flow)) return Refusal{"flow_expired"};
  if (now > temporary->expires_at) return Refusal{"temporary_password_expired"};
  return Step{std::move(*flow), *pupil};
}

}  // namespace

api::FirstSignInAnswer open(store::Connection& connection, std::int64_t account_id, std::int64_t now) {
  flows::delete_account_flows(connection, account_id, kKind);
  FlowRow flow;
  flow.id = security::random_flow_id();
  flow.kind = kKind;
  flow.state = kBirthDate;
  flow.account_id = account_id;
  flow.expires_at = now + kFlowSeconds;
  const std::optional<accounts::TemporaryPassword> temporary = accounts::find_temporary_password(connection, account_id);
  flow.data = nlohmann::json{{"opened_by", temporary ? temporary->hash : std::string()}}.dump();
  flows::insert_flow(connection, flow, now);
  const std::optional<accounts::PupilAccount> pupil = accounts::find_pupil_account(connection, account_id);
  flows::insert_audit(connection, now,
                      {.kind = "first_sign_in_started", .account_id = account_id,
                       .pupil_id = pupil ? std::optional(pupil->pupil_id) : std::nullopt});
  return api::FirstSignInAnswer{flow.id, pupil ? pupil->first_name : std::string(),
                                format_iso_utc(flow.expires_at)};
}

Outcome<Confirmed> FirstSignInFlow::confirm_birth_date(std::string_view flow_id, const Date& birth_date) {
  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  auto checked = check_step(*connection, flow_id, kBirthDate, now);
  if (const Refusal* refused = std::get_if<Refusal>(&checked)) return *refused;
  Step& step = std::get<Step>(checked);

  const std::optional<std::string> known = directory::pupil_birth_date(*connection, step.pupil.pupil_id);
  if (known && *known == birth_date.iso()) {
    step.flow.state = kPassword;
    flows::update_flow(*connection, step.flow, now);
    flows::insert_audit(*connection, now,
                        {.kind = "first_sign_in_birth_date_confirmed", .account_id = step.pupil.id,
                         .pupil_id = step.pupil.pupil_id});
    transaction.commit();
    return Confirmed{};
  }
  // Counted on the temporary password, not the flow: signing in again with it
  // does not give three more tries.
  const int tries = accounts::count_birth_date_attempt(*connection, step.pupil.id);
  flows::insert_audit(*connection, now,
                      {.kind = "first_sign_in_birth_date_mismatch", .account_id = step.pupil.id,
                       .pupil_id = step.pupil.pupil_id});
  if (tries >= accounts::kFirstSignInBirthDateTries) {
    accounts::delete_temporary_password(*connection, step.pupil.id);
    step.flow.state = flows::kLocked;
    flows::update_flow(*connection, step.flow, now);
    transaction.commit();
    spdlog::info("first sign-in: {} used up the birth-date tries", step.pupil.identifier);
    return Refusal{"first_sign_in_locked"};
  }
  transaction.commit();
  return Refusal{.code = "birth_date_mismatch",
                 .field = "birth_date",
                 .remaining_attempts = accounts::kFirstSignInBirthDateTries - tries};
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
  accounts::set_password_hash(*connection, step.pupil.id, std::get<std::string>(hashed));
  accounts::delete_temporary_password(*connection, step.pupil.id);  // single use
  accounts::clear_login_failures(*connection, step.pupil.identifier);
  sessions::delete_sessions_of(*connection, step.pupil.id);  // whoever knew the old password is out
  step.flow.state = flows::kDone;
  flows::update_flow(*connection, step.flow, now);
  flows::insert_audit(*connection, now,
                      {.kind = "first_sign_in_completed", .account_id = step.pupil.id,
                       .pupil_id = step.pupil.pupil_id});
  std::optional<api::Account> account = accounts::load_account(*connection, step.pupil.id);
  if (!account) return Refusal{"flow_expired"};
  std::string token = sessions::open_session(*connection, services_, step.pupil.id, now);
  transaction.commit();
  spdlog::info("first sign-in: {} chose a password", step.pupil.identifier);
  return SignedIn{std::move(*account), std::move(token)};
}

}  // namespace sesame::first_sign_in
