#pragma once
// Sign-in and the account page ("Mon compte ÉduConnect"). The password check
// and its throttling are credentials.h's.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/flows/refusal.h"
#include "server/services.h"
#include "server/store/database.h"
#include "shared/api.h"

namespace sesame::sign_in {

using flows::Outcome;
using flows::Refusal;

struct SignedIn {
  api::Account account;
  std::string session_token;  // for the cookie; only its keyed hash is stored
};
// What a right password gives: a session, or, for the temporary password of a
// pupil's letter, the first sign-in it opens (flows/first_sign_in).
using SignInResult = std::variant<SignedIn, api::FirstSignInAnswer>;

class SignInFlow {
 public:
  explicit SignInFlow(Services& services) : services_(services) {}

  // `identifier` is already normalized (normalize_identifier).
  Outcome<SignInResult> sign_in(std::string_view identifier, std::string_view password);

  // The account page of a live session's account; nullopt if it is gone.
  std::optional<api::Account> account(std::int64_t account_id);
  // The same on the caller's connection, in one read transaction of its own.
  std::optional<api::Account> account(store::Connection& connection, std::int64_t account_id);
  // The same in the caller's transaction.
  std::optional<api::Account> account_in_transaction(store::Connection& connection, std::int64_t account_id);
  std::optional<api::Account> set_alerts_at_login(std::int64_t account_id, bool alerts_at_login);

 private:
  Services& services_;
};

// Completes a loaded account for the account page: the children newly known
// to the schools, and the alerts (no verified e-mail, failed sign-ins since the
// previous visit within 30 days, those new children).
void add_news(store::Connection& connection, api::Account& account, std::int64_t account_id, std::int64_t now);

}  // namespace sesame::sign_in
