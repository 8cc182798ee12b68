#pragma once
// A first sign-in with a temporary password (docs/api.md, "First sign-in"):
// the password of a letter, typed on the sign-in screen, opens it. A pupil
// confirms the birth date the school knows; a parent whose account a school's
// activation letter made confirms, for each child, being the legal
// representative and the child's birth date. Three wrong dates in all for the
// temporary password, then it is spent and a new letter is needed. Then a
// password under the guide's rules activates the account and signs in.
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

// Opens the first sign-in of account `account_id` (a pupil's, or a parent's
// made by an activation letter), whose temporary
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
  // A parent's step: the answers about every child offered (api::FirstSignInAnswer::children).
  Outcome<api::ChildrenAnswer> confirm_children(std::string_view flow_id, const api::ChildrenConfirm& answers);
  Outcome<SignedIn> choose_password(std::string_view flow_id, const api::PasswordChoice& choice);

 private:
  Services& services_;
};

}  // namespace sesame::first_sign_in
