#pragma once
// Sign-in and the account page ("Mon compte ÉduConnect").
//
// Sign-in is throttled per identifier, existing or not (DESIGN.md): each
// attempt is counted before the password is checked, so parallel guesses cannot
// outrun the counter, and a success clears it. While login_wait_seconds() of
// the failures has not elapsed since the last one, the answer is
// too_many_attempts without any hash computed. Unknown identifiers, closed
// accounts and wrong passwords all cost one argon2 verification and answer the
// same invalid_credentials.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/flows/refusal.h"
#include "server/services.h"
#include "shared/api.h"

namespace sesame::session {

using flows::Outcome;
using flows::Refusal;

struct SignedIn {
  api::Account account;
  std::string session_token;  // for the cookie; only its keyed hash is stored
};

class SessionFlow {
 public:
  explicit SessionFlow(Services& services) : services_(services) {}

  // `identifier` is already normalized (normalize_identifier).
  Outcome<SignedIn> sign_in(std::string_view identifier, std::string_view password);

  // The account page of a live session's account; nullopt if it is gone.
  std::optional<api::Account> account(std::int64_t account_id);
  std::optional<api::Account> set_alerts_at_login(std::int64_t account_id, bool alerts_at_login);

 private:
  Services& services_;
};

// What the account page warns about; more alerts (recent failed sign-in…) go here.
std::vector<api::Alert> account_alerts(const api::Account& account);

}  // namespace sesame::session
