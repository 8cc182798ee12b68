#pragma once
// A pupil's first sign-in (docs/api.md, "First sign-in"): the temporary
// password of a letter, typed on the sign-in screen, opens it; the pupil
// confirms the birth date the school knows (three tries for the temporary
// password, then it is spent and the pupil waits for a new one), then chooses a
// password under the guide's rules, which activates the account and signs in.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/flows/refusal.h"
#include "server/services.h"
#include "server/store/database.h"
#include "shared/api.h"
#include "shared/date.h"

namespace sesame::first_sign_in {

using flows::Outcome;
using flows::Refusal;

inline constexpr std::string_view kKind = "first_sign_in";
inline constexpr std::int64_t kFlowSeconds = 30 * 60;

// Opens the first sign-in of pupil account `account_id`, whose temporary
// password was just verified, in the caller's transaction (an earlier one of
// the account ends).
api::FirstSignInAnswer open(store::Connection& connection, std::int64_t account_id, std::int64_t now);

struct Confirmed {};
struct SignedIn {
  api::Account account;
  std::string session_token;  // for the cookie; only its keyed hash is stored
};

class FirstSignInFlow {
 public:
  explicit FirstSignInFlow(Services& services) : services_(services) {}

  Outcome<Confirmed> confirm_birth_date(std::string_view flow_id, const Date& birth_date);
  Outcome<SignedIn> choose_password(std::string_view flow_id, const api::PasswordChoice& choice);

 private:
  Services& services_;
};

}  // namespace sesame::first_sign_in
