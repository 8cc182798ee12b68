#pragma once
// The OpenID Connect relying party of FranceConnect (authorization-code flow):
//
//   begin:    a login row of `flows` (kind franceconnect_attach) whose id is the
//             `state`, with a `nonce` and the hash of a random browser binding
//             (a cookie), then the provider's authorize URL;
//   complete: the callback. The login row is spent first (a replayed or forged
//             state finds nothing), the browser binding and the answer's `iss`
//             checked (RFC 9207), the code exchanged, the ID token verified
//             (signature against the JWKS, iss, aud, exp, iat, nonce, and acr
//             at the eIDAS level asked or higher), the userinfo fetched
//             (verified too when it is a signed JWT). Then a known `sub` signs
//             in, a link from "Mon compte" stores the sub on that account, and
//             an unknown one waits in a new row (state pending) for "Rattacher
//             des élèves" (activation flow, no password).
//
// Every failure is a catalogue code and leaves no session and no account.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/flows/refusal.h"
#include "server/franceconnect/provider.h"
#include "server/services.h"

namespace sesame::franceconnect {

// flows.kind of both rows; the login waits in state "redirected" (its id is the
// `state`, seen in URLs), the identity in state "pending" (its id is a cookie).
inline constexpr std::string_view kKind = "franceconnect_attach";
inline constexpr std::string_view kRedirected = "redirected";
inline constexpr std::string_view kPending = "pending";

struct Begun {
  std::string authorize_url;
  std::string binding;  // the browser binding cookie's value
};

struct CallbackQuery {
  std::string code;
  std::string state;
  std::string error;  // the provider's error callback (access_denied…)
  std::optional<std::string> iss;  // RFC 9207: who answered, when the provider says it
};

struct Completed {
  enum class Kind { SignedIn, Linked, NeedsAttach };
  Kind kind = Kind::SignedIn;
  std::string session_token;  // SignedIn
  std::string identity_token;  // NeedsAttach: the pending row's id, a cookie
};

// What "Rattacher des élèves" knows of the parent before the mobile is given.
struct PendingIdentity {
  std::string sub;
  std::string given_name;
  std::string family_name;
  std::string id_token;
};

class RelyingParty {
 public:
  // The relying party owns its provider (and the discovery and keys it caches):
  // whoever keeps the relying party, as the routes do, keeps both alive.
  RelyingParty(Services& services, std::shared_ptr<Provider> provider)
      : services_(services), provider_(std::move(provider)) {}

  const Config& config() const { return provider_->config(); }

  // link_account: "Mon compte" links FranceConnect to this account (its password proved).
  flows::Outcome<Begun> begin(const std::string& redirect_uri, std::optional<std::int64_t> link_account);
  // "Mon compte", "Activer la connexion avec FranceConnect": the signed-in parent
  // proves the account's password again (the sign-in's throttled check), then
  // the login begins with the account remembered for the callback. An account
  // already linked answers franceconnect_already_active, a wrong password
  // invalid_current_password on the field "password".
  flows::Outcome<Begun> begin_link(std::int64_t account_id, std::string_view password,
                                   const std::string& redirect_uri);
  flows::Outcome<Completed> complete(const CallbackQuery& query, const std::optional<std::string>& binding,
                                     const std::string& redirect_uri);
  std::optional<PendingIdentity> pending_identity(const std::string& identity_token);
  // The end-session URL for a session opened through FranceConnect; nullopt otherwise.
  std::optional<std::string> logout_url(const std::string& id_token, const std::string& post_logout_redirect_uri);

 private:
  Services& services_;
  std::shared_ptr<Provider> provider_;
};

}  // namespace sesame::franceconnect
