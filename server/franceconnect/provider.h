#pragma once
// The identity provider as the relying party sees it: its discovery document
// and keys (cached, the keys fetched again when a token names one we do not
// have, as after a rotation), the token endpoint and the userinfo endpoint.
// Each call answers the data or a refusal code of the catalogue:
// franceconnect_unavailable (no answer, 5xx) or franceconnect_invalid_answer.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "server/franceconnect/config.h"
#include "server/franceconnect/jose.h"

namespace sesame::franceconnect {

struct Discovery {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string userinfo_endpoint;
  std::string end_session_endpoint;
  std::string jwks_uri;
  // RFC 9207: authorization_response_iss_parameter_supported, the callback then carries `iss`.
  bool iss_parameter_supported = false;
};

struct Tokens {
  std::string access_token;
  std::string id_token;
};

template <class T>
using Answer = std::variant<T, std::string>;  // the data, or a catalogue code

class Provider {
 public:
  explicit Provider(Config config) : config_(std::move(config)) {}

  const Config& config() const { return config_; }
  Answer<Discovery> discovery(std::int64_t now);
  // The keys; `refresh` fetches them again (a token signed by a key we do not know yet).
  Answer<std::vector<PublicKey>> keys(std::int64_t now, bool refresh);
  Answer<Tokens> exchange_code(const std::string& code, const std::string& redirect_uri, std::int64_t now);
  // The userinfo answer: a signed JWT (compact) or plain JSON, as the provider sends it.
  struct UserInfo {
    bool signed_jwt = false;
    std::string body;
  };
  Answer<UserInfo> userinfo(const std::string& access_token, std::int64_t now);

 private:
  Config config_;
  std::mutex mutex_;
  std::optional<Discovery> discovery_;
  std::int64_t discovery_at_ = 0;
  std::vector<PublicKey> keys_;
  std::int64_t keys_at_ = 0;
};

}  // namespace sesame::franceconnect
