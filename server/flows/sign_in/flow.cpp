#include "server/flows/sign_in/flow.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/accounts/account_page.h"
#include "server/accounts/accounts.h"
#include "server/accounts/credentials.h"
#include "server/flows/audit.h"
#include "server/flows/first_sign_in/flow.h"
#include "server/sessions/sessions.h"
#include "shared/messages.h"
#include "shared/names.h"

namespace sesame::sign_in {

namespace {

constexpr std::int64_t kFailedSignInAlertSeconds = 30 * 24 * 3600;

std::string failed_sign_ins_text(std::int64_t count) {
  const std::string attempts =
      count == 1 ? "Une tentative de connexion a échoué" : std::to_string(count) + " tentatives de connexion ont échoué";
  return attempts +
         " sur votre compte depuis votre précédente connexion. Si ce n'était pas vous, changez votre mot de passe.";
}

std::string newly_known_text(const std::vector<api::Child>& children) {
  std::string names;
  for (const api::Child& child : children) {
    if (!names.empty()) names += ", ";
    names += child.first_name + " " + upper_name(child.last_name) + " (" + child.school.name + ", " +
             child.school.city + ")";
  }
  return (children.size() == 1 ? "Un nouvel élève vous est rattaché par son établissement : "
                               : "De nouveaux élèves vous sont rattachés par leur établissement : ") +
         names +
         (children.size() == 1 ? ". Confirmez sa date de naissance pour l'ajouter à votre compte."
                               : ". Confirmez leur date de naissance pour les ajouter à votre compte.");
}

}  // namespace

void add_news(store::Connection& connection, api::Account& account, std::int64_t account_id, std::int64_t now) {
  if (account.pupil) return;  // a pupil's page has no contacts, children or alerts
  account.new_children = accounts::newly_known_children(connection, account_id);
  account.alerts.clear();
  // Without a verified address the parent cannot recover a lost identifier by e-mail.
  if (!account.email || !account.email_verified)
    account.alerts.push_back(api::Alert{"email_not_verified", french_message("email_not_verified")});
  const accounts::FailedSignIns failed = accounts::recent_failed_sign_ins(connection, account_id, now - kFailedSignInAlertSeconds);
  if (failed.count > 0)
    account.alerts.push_back(api::Alert{"recent_failed_sign_in", failed_sign_ins_text(failed.count)});
  if (!account.new_children.empty())
    account.alerts.push_back(api::Alert{"child_newly_known", newly_known_text(account.new_children)});
}

Outcome<SignInResult> SignInFlow::sign_in(std::string_view identifier, std::string_view password) {
  const auto checked = accounts::check_credentials(services_, identifier, password, accounts::CredentialUse::sign_in);
  if (const Refusal* refused = std::get_if<Refusal>(&checked)) return *refused;
  const accounts::VerifiedAccount& verified = std::get<accounts::VerifiedAccount>(checked);

  const std::int64_t now = services_.clock.unix_seconds();
  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  if (verified.temporary) {
    // Only the letter's holder knows it: saying it expired tells them nothing new.
    if (now > verified.temporary_expires_at) return Refusal{"temporary_password_expired"};
    api::FirstSignInAnswer opened = first_sign_in::open(*connection, verified.id, now);
    transaction.commit();
    spdlog::info("session: {} opened a first sign-in", identifier);
    return opened;
  }
  std::optional<api::Account> account = accounts::load_account(*connection, verified.id);
  if (!account) return Refusal{"invalid_credentials"};  // closed in the meantime
  std::string token = sessions::open_session(*connection, services_, verified.id, now);
  flows::insert_audit(*connection, now,
                      {.kind = "sign_in", .account_id = verified.id, .guardian_id = verified.guardian_id});
  add_news(*connection, *account, verified.id, now);
  transaction.commit();
  spdlog::info("session: {} signed in", identifier);
  return SignedIn{std::move(*account), std::move(token)};
}

std::optional<api::Account> SignInFlow::account(std::int64_t account_id) {
  auto connection = services_.database.connection();
  return account(*connection, account_id);
}

std::optional<api::Account> SignInFlow::account(store::Connection& connection, std::int64_t account_id) {
  // One snapshot for the account, its children and its news (four queries).
  store::ReadTransaction read(connection);
  return account_in_transaction(connection, account_id);
}

std::optional<api::Account> SignInFlow::account_in_transaction(store::Connection& connection,
                                                                std::int64_t account_id) {
  std::optional<api::Account> account = accounts::load_account(connection, account_id);
  if (account) add_news(connection, *account, account_id, services_.clock.unix_seconds());
  return account;
}

std::optional<api::Account> SignInFlow::set_alerts_at_login(std::int64_t account_id, bool alerts_at_login) {
  {
    auto connection = services_.database.connection();
    store::Transaction transaction(*connection);
    accounts::set_alerts_at_login(*connection, account_id, alerts_at_login);
    transaction.commit();
  }
  return account(account_id);
}

}  // namespace sesame::sign_in
