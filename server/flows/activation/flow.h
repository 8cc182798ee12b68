#pragma once
// "Je n'ai pas de compte" (guide steps 4 bis to 7 bis) as a state machine over
// one `flows` row:
//
//   identity_given --code--> code_verified --children--> children_confirmed --password--> done
//          |  wrong code x5                                  (any state, 30 min idle) --> expired
//          v
//        locked
//
// Every step loads the row in its own write transaction, checks the state it
// expects, and writes its effects (counters, outbox, account) with it, so no
// step can be skipped, replayed or raced. Input is already checked by the
// routes with the shared rules; refusals carry catalogue codes, and the routes
// choose the status.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/flows/flow_store.h"
#include "server/flows/refusal.h"
#include "server/services.h"
#include "shared/api.h"

namespace sesame::activation {

inline constexpr std::string_view kKind = "activation";  // flows.kind
// Stored in flows.state, with flows::kDone and flows::kLocked. Expiry is not a
// state: it is read from expires_at.
inline constexpr std::string_view kIdentityGiven = "identity_given";
inline constexpr std::string_view kCodeVerified = "code_verified";
inline constexpr std::string_view kChildrenConfirmed = "children_confirmed";

using flows::Outcome;
using flows::Refusal;

struct Started {
  std::string flow;
  std::string phone_masked;
  std::int64_t expires_at = 0;  // Unix seconds
};

struct Resent {
  std::int64_t expires_at = 0;
};

struct AccountCreated {
  std::string identifier;
  std::string session_token;  // for the cookie; only its keyed hash is stored
};

// The children step's answer. A flow started through FranceConnect has no
// password step: its account is created with the children.
struct ChildrenConfirmed {
  api::ChildrenAnswer children;
  std::optional<AccountCreated> account;
};

// The FranceConnect identity an activation flow attaches children to (flows.data).
struct FranceConnectIdentity {
  std::string sub;
  std::string given_name;
  std::string family_name;
  std::string id_token;
};

class ActivationFlow {
 public:
  explicit ActivationFlow(Services& services) : services_(services) {}

  // Names as the parent typed them (already accepted by check_person_name), mobile in E.164.
  // Answers the same whether or not a guardian matches; only a match gets an SMS.
  // `client_address` is counted against the SMS budget (flows/limits.h).
  Outcome<Started> start(std::string_view last_name, std::string_view first_name,
                         std::string_view phone_e164, std::string_view client_address);
  // "Rattacher des élèves" after FranceConnect: the names are the provider's, the
  // mobile the parent's; then the same code and children steps, and no password.
  Outcome<Started> start_franceconnect(const FranceConnectIdentity& identity, std::string_view phone_e164,
                                       std::string_view client_address);
  Outcome<Resent> resend(std::string_view flow_id, std::string_view client_address);
  Outcome<api::ChildrenAnswer> verify_code(std::string_view flow_id, std::string_view code);
  Outcome<ChildrenConfirmed> confirm_children(std::string_view flow_id, const api::ChildrenConfirm& request);
  Outcome<AccountCreated> choose_password(std::string_view flow_id, const api::PasswordChoice& choice);

 private:
  // A new code for a matched flow; a flow nobody matched only gets the expiry,
  // and every code typed in it will be wrong. Answers the code ("" for none).
  std::string issue_code(flows::FlowRow& flow, std::int64_t now) const;
  // start() for a guardian already looked up; `data` goes to flows.data.
  // `names`: (last, first) pairs to look the guardian up by, the first match wins.
  Outcome<Started> start_with(const std::vector<std::pair<std::string, std::string>>& names,
                              std::string_view phone_e164, std::string_view client_address, std::string data);
  // The account of a flow whose children are confirmed, its children, a session; the flow is done.
  // Refused (flow_expired) when the directory dropped the guardian meanwhile.
  Outcome<AccountCreated> create_account(store::Connection& connection, flows::FlowRow& flow,
                                         const std::optional<std::string>& password_hash, std::int64_t now);

  Services& services_;
};

}  // namespace sesame::activation
