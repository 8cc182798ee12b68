// The provider's endpoints the service calls itself: discovery, token and
// userinfo, answered in JSON or as signed JWTs, never to a browser.
#include <nlohmann/json.hpp>

#include "server/franceconnect/demo_provider/grants.h"
#include "server/franceconnect/demo_provider/scopes.h"
#include "server/security/secrets.h"

namespace sesame::franceconnect::demo {

using nlohmann::json;

namespace {

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("Pragma", "no-cache");
  res.set_content(body.dump(), "application/json");
}

void oauth_error(httplib::Response& res, int status, const char* error, std::string_view description) {
  send_json(res, status, {{"error", error}, {"error_description", description}});
}

}  // namespace

void Provider::discovery(httplib::Response& res) const {
  json scopes = json::array({"openid"});
  json claims = json::array({"sub", "iss", "aud", "exp", "iat", "nonce", "acr", "amr"});
  for (const ScopeClaim& claim : kScopeClaims) {
    scopes.push_back(claim.scope);
    claims.push_back(claim.scope);
  }
  json document = {
      {"issuer", issuer_},
      {"authorization_endpoint", issuer_ + "/authorize"},
      {"token_endpoint", issuer_ + "/token"},
      {"userinfo_endpoint", issuer_ + "/userinfo"},
      {"end_session_endpoint", issuer_ + "/session/end"},
      {"jwks_uri", issuer_ + "/jwks"},
      {"scopes_supported", scopes},
      {"response_types_supported", {"code"}},
      {"grant_types_supported", {"authorization_code"}},
      {"subject_types_supported", {"pairwise"}},
      {"id_token_signing_alg_values_supported", {key_.alg()}},
      {"userinfo_signing_alg_values_supported", {key_.alg()}},
      {"acr_values_supported", {kAcr}},
      {"token_endpoint_auth_methods_supported", {"client_secret_post"}},
      {"claims_supported", claims},
  };
  if (config_.iss_parameter) document["authorization_response_iss_parameter_supported"] = true;
  res.set_header("Cache-Control", "public, max-age=60");
  res.set_content(document.dump(), "application/json");
}

void Provider::jwks(httplib::Response& res) const {
  res.set_header("Cache-Control", "public, max-age=60");
  res.set_content(json{{"keys", json::array({key_.public_jwk()})}}.dump(), "application/json");
}

void Provider::token(const httplib::Request& req, httplib::Response& res) {
  const auto param = [&](const char* name) { return req.get_param_value(name); };
  if (param("grant_type") != "authorization_code")
    return oauth_error(res, 400, "unsupported_grant_type", "Seul grant_type=authorization_code est accepté.");
  if (param("client_id") != config_.client_id ||
      !security::constant_time_equal(param("client_secret"), config_.client_secret))
    return oauth_error(res, 401, "invalid_client", "Identifiant ou secret du service incorrect.");

  const std::int64_t issued_at = now();
  std::shared_ptr<CodeGrant> grant;
  std::string access_token;
  {
    const std::lock_guard lock(mutex_);
    const auto it = codes_.find(param("code"));
    if (it == codes_.end() || it->second->expires <= issued_at)
      return oauth_error(res, 400, "invalid_grant", "Code d’autorisation inconnu ou expiré.");
    grant = it->second;
    if (grant->used) {
      // RFC 6749 §4.1.2: a code seen twice may be stolen; what it gave is withdrawn.
      tokens_.erase(grant->access_token);
      return oauth_error(res, 400, "invalid_grant", "Code d’autorisation déjà utilisé.");
    }
    if (param("redirect_uri") != grant->redirect_uri)
      return oauth_error(res, 400, "invalid_grant", "redirect_uri différente de celle de la demande.");
    access_token = new_grant_id();
    grant->used = true;
    grant->access_token = access_token;
    auto access = std::make_shared<AccessGrant>();
    access->scopes = grant->scopes;
    access->identity = grant->identity;
    access->expires = issued_at + config_.token_lifetime.count();
    make_room(tokens_, issued_at, config_.max_entries);
    tokens_[access_token] = access;
  }
  const Identity& identity = config_.identities[grant->identity];
  const json id_token = {
      {"iss", issuer_},
      {"sub", pairwise_sub(config_.client_id, identity.id)},
      {"aud", config_.client_id},
      {"exp", issued_at + config_.token_lifetime.count()},
      {"iat", issued_at},
      {"nonce", grant->nonce},
      {"acr", kAcr},
      {"amr", {"pwd"}},
  };
  send_json(res, 200,
            {{"access_token", access_token},
             {"token_type", "Bearer"},
             {"expires_in", config_.token_lifetime.count()},
             {"id_token", key_.sign(id_token)},
             {"scope", join(grant->scopes, " ")}});
}

void Provider::userinfo(const httplib::Request& req, httplib::Response& res) {
  const std::string authorization = req.get_header_value("Authorization");
  const std::string token = authorization.starts_with("Bearer ") ? authorization.substr(7) : std::string();
  std::shared_ptr<AccessGrant> access;
  const std::int64_t at = now();
  if (!token.empty()) {
    const std::lock_guard lock(mutex_);
    const auto it = tokens_.find(token);
    if (it != tokens_.end() && it->second->expires > at) access = it->second;
  }
  if (!access) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return oauth_error(res, 401, "invalid_token", "Jeton d’accès absent, inconnu ou expiré.");
  }
  const Identity& identity = config_.identities[access->identity];
  json claims = {{"iss", issuer_},
                 {"aud", config_.client_id},
                 {"sub", pairwise_sub(config_.client_id, identity.id)},
                 {"iat", at}};
  for (const ScopeClaim& claim : kScopeClaims) {
    const std::string& value = identity.*claim.field;
    if (has(access->scopes, claim.scope) && !value.empty()) claims[claim.scope] = value;
  }
  res.set_header("Cache-Control", "no-store");
  res.set_content(key_.sign(claims), "application/jwt");
}

}  // namespace sesame::franceconnect::demo
