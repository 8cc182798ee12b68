#include "server/franceconnect/provider.h"

#include <spdlog/spdlog.h>

#include "server/franceconnect/http_fetch.h"

namespace sesame::franceconnect {

namespace {

constexpr const char* kUnavailable = "franceconnect_unavailable";
constexpr const char* kInvalidAnswer = "franceconnect_invalid_answer";

// The JSON object of a 2xx answer, or the refusal code to give.
Answer<nlohmann::json> json_answer(const FetchResult& result, const char* what) {
  if (result.status == 0 || result.status >= 500) {
    spdlog::warn("franceconnect: {} unavailable: {}", what,
                 result.status ? "HTTP " + std::to_string(result.status) : result.error);
    return std::string(kUnavailable);
  }
  auto body = nlohmann::json::parse(result.body, nullptr, false);
  if (result.status != 200 || !body.is_object()) {
    spdlog::warn("franceconnect: {} answered HTTP {} {}", what, result.status,
                 body.is_object() && body.contains("error") ? body["error"].dump() : std::string("(not JSON)"));
    return std::string(kInvalidAnswer);
  }
  return body;
}

std::string text(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A boolean member; absent or of another type counts as false.
bool flag(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

Answer<Discovery> Provider::discovery(std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (discovery_ && now < discovery_at_ + config_.discovery_cache.count()) return *discovery_;
  const FetchResult fetched =
      fetch(config_.issuer + "/.well-known/openid-configuration", "", {}, config_.http_timeout);
  auto answer = json_answer(fetched, "discovery");
  if (auto* refused = std::get_if<std::string>(&answer)) return *refused;
  const nlohmann::json& body = std::get<nlohmann::json>(answer);
  Discovery d{text(body, "issuer"),         text(body, "authorization_endpoint"), text(body, "token_endpoint"),
              text(body, "userinfo_endpoint"), text(body, "end_session_endpoint"),  text(body, "jwks_uri"),
              flag(body, "authorization_response_iss_parameter_supported")};
  // The document must be the configured issuer's own (OpenID Connect Discovery, section 4.3).
  if (d.issuer != config_.issuer || d.authorization_endpoint.empty() || d.token_endpoint.empty() ||
      d.jwks_uri.empty()) {
    spdlog::warn("franceconnect: the discovery document of {} does not describe it", config_.issuer);
    return std::string(kInvalidAnswer);
  }
  discovery_ = d;
  discovery_at_ = now;
  return d;
}

Answer<std::vector<PublicKey>> Provider::keys(std::int64_t now, bool refresh) {
  const Answer<Discovery> found = discovery(now);
  if (auto* refused = std::get_if<std::string>(&found)) return *refused;
  std::lock_guard lock(mutex_);
  if (!refresh && !keys_.empty() && now < keys_at_ + config_.discovery_cache.count()) return keys_;
  // At most one fetch a minute when asked to refresh: a token naming an unknown key cannot make us hammer.
  if (refresh && !keys_.empty() && now < keys_at_ + 60) return keys_;
  auto answer = json_answer(fetch(std::get<Discovery>(found).jwks_uri, "", {}, config_.http_timeout), "jwks");
  if (auto* refused = std::get_if<std::string>(&answer)) return *refused;
  keys_ = parse_jwks(std::get<nlohmann::json>(answer));
  keys_at_ = now;
  if (keys_.empty()) return std::string(kInvalidAnswer);
  return keys_;
}

Answer<Tokens> Provider::exchange_code(const std::string& code, const std::string& redirect_uri, std::int64_t now) {
  const Answer<Discovery> found = discovery(now);
  if (auto* refused = std::get_if<std::string>(&found)) return *refused;
  const std::string form = "grant_type=authorization_code&code=" + form_escape(code) +
                           "&redirect_uri=" + form_escape(redirect_uri) +
                           "&client_id=" + form_escape(config_.client_id) +
                           "&client_secret=" + form_escape(config_.client_secret);
  auto answer = json_answer(
      fetch(std::get<Discovery>(found).token_endpoint, form,
            {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"}, config_.http_timeout),
      "token endpoint");
  if (auto* refused = std::get_if<std::string>(&answer)) return *refused;
  const nlohmann::json& body = std::get<nlohmann::json>(answer);
  Tokens tokens{text(body, "access_token"), text(body, "id_token")};
  if (tokens.access_token.empty() || tokens.id_token.empty()) return std::string(kInvalidAnswer);
  return tokens;
}

Answer<Provider::UserInfo> Provider::userinfo(const std::string& access_token, std::int64_t now) {
  const Answer<Discovery> found = discovery(now);
  if (auto* refused = std::get_if<std::string>(&found)) return *refused;
  const std::string& endpoint = std::get<Discovery>(found).userinfo_endpoint;
  if (endpoint.empty()) return std::string(kInvalidAnswer);
  const FetchResult fetched = fetch(endpoint, "", {"Authorization: Bearer " + access_token}, config_.http_timeout);
  if (fetched.status == 0 || fetched.status >= 500) return std::string(kUnavailable);
  if (fetched.status != 200) {
    spdlog::warn("franceconnect: userinfo answered HTTP {}", fetched.status);
    return std::string(kInvalidAnswer);
  }
  return UserInfo{fetched.content_type.starts_with("application/jwt"), fetched.body};
}

}  // namespace sesame::franceconnect
