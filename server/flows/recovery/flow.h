#pragma once
// "Identifiant oublié ?" and "Mot de passe oublié ?".
//
// Nothing here tells whether a phone, an address or an identifier is known:
// the answers are the same and cost the same work; only a known one gets a
// message. The forgotten password is a flow row of kind recovery:
//
//   code_sent --code--> code_verified --password--> done
//       | wrong code x5                    (any state, 30 min idle) --> expired
//       v
//     locked
//
// A flow started for an unknown identifier runs the same states with no code:
// every code typed is wrong.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/flows/refusal.h"
#include "server/services.h"
#include "shared/api.h"

namespace sesame::recovery {

using flows::Outcome;
using flows::Refusal;

inline constexpr std::string_view kKind = "recovery";  // flows.kind
inline constexpr std::string_view kCodeSent = "code_sent";
inline constexpr std::string_view kCodeVerified = "code_verified";

struct Sent {};
struct Started {
  std::string flow;
};
struct Done {};

class RecoveryFlow {
 public:
  explicit RecoveryFlow(Services& services) : services_(services) {}

  // The identifiers of the accounts behind a mobile (by SMS) or a verified
  // address (by e-mail). Only the SMS or e-mail budget can refuse.
  Outcome<Sent> send_identifier_by_phone(std::string_view phone_e164, std::string_view client_address);
  Outcome<Sent> send_identifier_by_email(std::string_view email, std::string_view client_address);

  // `identifier` normalized. A code goes by SMS to the account's mobile.
  Outcome<Started> start_password_reset(std::string_view identifier, std::string_view client_address);
  Outcome<Done> verify_code(std::string_view flow_id, std::string_view code);
  // Sets the password, closes every session of the account and lifts the
  // sign-in throttle of its identifier: the code proved the parent.
  Outcome<Done> choose_password(std::string_view flow_id, const api::PasswordChoice& choice);

 private:
  Services& services_;
};

}  // namespace sesame::recovery
