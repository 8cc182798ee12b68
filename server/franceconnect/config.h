#pragma once
// How Sésame is registered with a FranceConnect provider (the real one, its
// integration platform, or sesame-fc-demo): nothing of it is compiled in.
#include <chrono>
#include <string>

namespace sesame::franceconnect {

using namespace std::chrono_literals;

struct Config {
  // The provider's issuer URL; its discovery document is issuer + "/.well-known/openid-configuration".
  // Empty: FranceConnect is off (GET /config says so and its routes answer 404).
  std::string issuer;
  std::string client_id;
  std::string client_secret;
  // Registered with the provider; empty: the public origin + kCallbackPath / "/".
  std::string redirect_uri;
  std::string post_logout_redirect_uri;
  std::string scopes = "openid given_name family_name birthdate email";
  std::string acr_values = "eidas1";  // asked for; the ID token's acr may be that eIDAS level or higher
  std::chrono::seconds http_timeout = 10s;    // each call to the provider
  std::chrono::seconds clock_skew = 60s;      // leeway on the tokens' exp and iat
  std::chrono::seconds login_expiry = 600s;   // between the redirect and the callback
  std::chrono::seconds discovery_cache = 3600s;

  bool enabled() const { return !issuer.empty(); }
};

inline constexpr const char* kCallbackPath = "/api/v1/franceconnect/callback";

}  // namespace sesame::franceconnect
