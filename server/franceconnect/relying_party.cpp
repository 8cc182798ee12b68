#include "server/franceconnect/relying_party.h"

#include <spdlog/spdlog.h>

#include "server/accounts/credentials.h"
#include "server/flows/audit.h"
#include "server/flows/flow_store.h"
#include "server/franceconnect/answer_checks.h"
#include "server/franceconnect/http_fetch.h"
#include "server/security/secrets.h"
#include "server/sessions/sessions.h"

namespace sesame::franceconnect {

namespace {

using flows::FlowRow;
using flows::Refusal;
using nlohmann::json;

Refusal refusal(std::string code) { return Refusal{.code = std::move(code)}; }

std::string text(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::int64_t> number(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->is_number_integer() ? it->get<std::int64_t>() : static_cast<std::int64_t>(it->get<double>());
}

// aud is the client id, or a list holding it (then azp names us, OpenID Connect Core 3.1.3.7).
bool audience_is(const json& claims, const std::string& client_id) {
  const auto aud = claims.find("aud");
  if (aud == claims.end()) return false;
  if (aud->is_string()) return aud->get<std::string>() == client_id;
  if (!aud->is_array()) return false;
  bool listed = false;
  for (const auto& entry : *aud) listed = listed || (entry.is_string() && entry.get<std::string>() == client_id);
  return listed && (aud->size() == 1 || text(claims, "azp") == client_id);
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::string out;
  for (const auto& [name, value] : parameters) out += (out.empty() ? "" : "&") + name + "=" + form_escape(value);
  return out;
}

std::string with_query(const std::string& url, const std::string& query) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + query;
}

// The login row of `state`, spent: a second callback with it finds nothing.
std::optional<FlowRow> spend_login(Services& services, const std::string& state, std::int64_t now) {
  auto connection = services.database.connection();
  store::Transaction transaction(*connection);
  std::optional<FlowRow> login = flows::find_flow(*connection, state, kKind);
  if (flows::check_step(login, kRedirected, now)) return std::nullopt;
  login->state = flows::kDone;
  flows::update_flow(*connection, *login, now);
  transaction.commit();
  return login;
}

}  // namespace

flows::Outcome<Begun> RelyingParty::begin(const std::string& redirect_uri,
                                          std::optional<std::int64_t> link_account) {
  const std::int64_t now = services_.clock.unix_seconds();
  const Answer<Discovery> discovery = provider_->discovery(now);
  if (auto* refused = std::get_if<std::string>(&discovery)) return refusal(*refused);

  const Config& config = provider_->config();
  FlowRow login;
  login.id = security::random_flow_id();  // the state: 32 random characters
  login.kind = kKind;
  login.state = kRedirected;
  login.account_id = link_account;
  const std::string nonce = security::random_flow_id();
  const std::string binding = security::random_token();
  login.data = json{{"nonce", nonce}, {"binding", services_.keyed_hasher.hash(binding)}}.dump();
  login.expires_at = now + config.login_expiry.count();
  {
    auto connection = services_.database.connection();
    store::Transaction transaction(*connection);
    flows::insert_flow(*connection, login, now);
    transaction.commit();
  }
  const std::string query = query_string({{"response_type", "code"},
                                          {"client_id", config.client_id},
                                          {"redirect_uri", redirect_uri},
                                          {"scope", config.scopes},
                                          {"state", login.id},
                                          {"nonce", nonce},
                                          {"acr_values", config.acr_values},
                                          {"prompt", "login"}});
  return Begun{with_query(std::get<Discovery>(discovery).authorization_endpoint, query), binding};
}

flows::Outcome<Begun> RelyingParty::begin_link(std::int64_t account_id, std::string_view password,
                                               const std::string& redirect_uri) {
  std::string identifier;
  {
    auto connection = services_.database.connection();
    store::Statement account = connection->prepare(
        "SELECT identifier, franceconnect_sub IS NOT NULL FROM accounts WHERE id = ?1 AND closed_at IS NULL");
    account.bind(1, account_id);
    if (!account.step()) return refusal("not_authenticated");
    if (account.integer(1) != 0) return refusal("franceconnect_already_active");
    identifier = account.text(0);
  }
  const auto checked = accounts::check_credentials(services_, identifier, password);
  if (const Refusal* refused = std::get_if<Refusal>(&checked)) {
    Refusal answer = *refused;
    if (answer.code == "invalid_credentials") answer = Refusal{.code = "invalid_current_password", .field = "password"};
    return answer;
  }
  return begin(redirect_uri, account_id);
}

flows::Outcome<Completed> RelyingParty::complete(const CallbackQuery& query, const std::optional<std::string>& binding,
                                                 const std::string& redirect_uri) {
  const Config& config = provider_->config();
  const std::int64_t now = services_.clock.unix_seconds();
  if (query.state.empty() || query.state.size() > 64) return refusal("franceconnect_state_mismatch");
  const std::optional<FlowRow> login = spend_login(services_, query.state, now);
  if (!login) return refusal("franceconnect_state_mismatch");
  const json login_data = json::parse(login->data, nullptr, false);
  // The browser that comes back must be the one that left (login CSRF).
  if (!binding || text(login_data, "binding") != services_.keyed_hasher.hash(*binding))
    return refusal("franceconnect_state_mismatch");
  // The answer, error or code, must be from the provider the parent was sent to (RFC 9207).
  const Answer<Discovery> discovery = provider_->discovery(now);
  if (auto* refused = std::get_if<std::string>(&discovery)) return refusal(*refused);
  const std::string& issuer = std::get<Discovery>(discovery).issuer;
  if (!callback_issuer_ok(std::get<Discovery>(discovery).iss_parameter_supported, issuer, query.iss)) {
    spdlog::warn("franceconnect: a callback whose iss is not the provider's was refused");
    return refusal("franceconnect_invalid_answer");
  }
  if (!query.error.empty()) {
    spdlog::info("franceconnect: the provider answered error {}", query.error.substr(0, 64));
    return refusal(query.error == "access_denied" ? "franceconnect_denied" : "franceconnect_provider_error");
  }
  if (query.code.empty() || query.code.size() > 512) return refusal("franceconnect_invalid_answer");

  const Answer<Tokens> tokens = provider_->exchange_code(query.code, redirect_uri, now);
  if (auto* refused = std::get_if<std::string>(&tokens)) return refusal(*refused);

  // A signed token: its signature, then the claims that make it ours and fresh.
  const auto verified = [&](const std::string& compact) -> std::optional<json> {
    const std::optional<Jws> jws = parse_jws(compact);
    if (!jws) return std::nullopt;
    Answer<std::vector<PublicKey>> keys = provider_->keys(now, false);
    if (std::holds_alternative<std::string>(keys)) return std::nullopt;
    JwsCheck check = verify_jws(*jws, std::get<std::vector<PublicKey>>(keys));
    if (check == JwsCheck::UnknownKey) {  // the provider may have rotated its keys
      keys = provider_->keys(now, true);
      if (auto* keys_now = std::get_if<std::vector<PublicKey>>(&keys)) check = verify_jws(*jws, *keys_now);
    }
    if (check != JwsCheck::Valid) {
      spdlog::warn("franceconnect: a token's signature was refused ({})", static_cast<int>(check));
      return std::nullopt;
    }
    if (text(jws->payload, "iss") != issuer || !audience_is(jws->payload, config.client_id)) return std::nullopt;
    return jws->payload;
  };

  const std::string& id_token = std::get<Tokens>(tokens).id_token;
  const std::optional<json> claims = verified(id_token);
  const std::int64_t skew = config.clock_skew.count();
  const auto exp = claims ? number(*claims, "exp") : std::nullopt;
  const auto iat = claims ? number(*claims, "iat") : std::nullopt;
  if (!claims || !exp || *exp + skew < now || (iat && *iat > now + skew) ||
      text(*claims, "nonce") != text(login_data, "nonce") ||
      !acr_satisfies(config.acr_values, text(*claims, "acr")) || text(*claims, "sub").empty()) {
    spdlog::warn("franceconnect: an ID token was refused");
    return refusal("franceconnect_invalid_token");
  }
  const std::string sub = text(*claims, "sub");

  const Answer<Provider::UserInfo> info = provider_->userinfo(std::get<Tokens>(tokens).access_token, now);
  if (auto* refused = std::get_if<std::string>(&info)) return refusal(*refused);
  std::optional<json> user;
  if (std::get<Provider::UserInfo>(info).signed_jwt) {
    user = verified(std::get<Provider::UserInfo>(info).body);
  } else {
    json plain = json::parse(std::get<Provider::UserInfo>(info).body, nullptr, false);
    if (plain.is_object()) user = std::move(plain);
  }
  // Claims about someone else than the ID token's subject are not the parent's.
  if (!user || text(*user, "sub") != sub) return refusal("franceconnect_invalid_token");

  auto connection = services_.database.connection();
  store::Transaction transaction(*connection);
  store::Statement by_sub = connection->prepare(
      "SELECT id, closed_at IS NOT NULL FROM accounts WHERE franceconnect_sub = ?1");
  by_sub.bind(1, sub);
  const bool known = by_sub.step();
  const std::int64_t known_id = known ? by_sub.integer(0) : 0;
  const bool known_closed = known && by_sub.integer(1) != 0;

  if (login->account_id) {  // "Mon compte": link this identity to the signed-in account
    if (known && known_id != *login->account_id) return refusal("franceconnect_already_linked");
    store::Statement link = connection->prepare(
        "UPDATE accounts SET franceconnect_sub = ?2 WHERE id = ?1 AND closed_at IS NULL "
        "AND (franceconnect_sub IS NULL OR franceconnect_sub = ?2)");
    link.bind(1, *login->account_id).bind(2, sub);
    link.run();
    // Closed meanwhile, or linked meanwhile to another identity: nothing changes.
    if (connection->changes() == 0) return refusal("franceconnect_already_active");
    flows::insert_audit(*connection, now, {.kind = "franceconnect_linked", .account_id = login->account_id});
    transaction.commit();
    return Completed{Completed::Kind::Linked, {}, {}};
  }
  if (known && !known_closed) {
    const std::string token = sessions::open_session(*connection, services_, known_id, now, id_token);
    flows::insert_audit(*connection, now, {.kind = "sign_in_franceconnect", .account_id = known_id});
    transaction.commit();
    return Completed{Completed::Kind::SignedIn, token, {}};
  }
  // Unknown here: the identity waits for "Rattacher des élèves".
  FlowRow identity;
  identity.id = security::random_flow_id();
  identity.kind = kKind;
  identity.state = kPending;
  identity.data = json{{"sub", sub},
                       {"given_name", text(*user, "given_name")},
                       {"family_name", text(*user, "family_name")},
                       {"id_token", id_token}}
                      .dump();
  identity.expires_at = now + services_.security.flow_expiry.count();
  flows::insert_flow(*connection, identity, now);
  transaction.commit();
  return Completed{Completed::Kind::NeedsAttach, {}, identity.id};
}

std::optional<PendingIdentity> RelyingParty::pending_identity(const std::string& identity_token) {
  auto connection = services_.database.connection();
  const std::optional<FlowRow> row = flows::find_flow(*connection, identity_token, kKind);
  if (flows::check_step(row, kPending, services_.clock.unix_seconds())) return std::nullopt;
  const json data = json::parse(row->data, nullptr, false);
  if (!data.is_object() || text(data, "sub").empty()) return std::nullopt;
  return PendingIdentity{text(data, "sub"), text(data, "given_name"), text(data, "family_name"),
                         text(data, "id_token")};
}

std::optional<std::string> RelyingParty::logout_url(const std::string& id_token,
                                                    const std::string& post_logout_redirect_uri) {
  const Answer<Discovery> discovery = provider_->discovery(services_.clock.unix_seconds());
  if (!std::holds_alternative<Discovery>(discovery)) return std::nullopt;
  const std::string& endpoint = std::get<Discovery>(discovery).end_session_endpoint;
  if (endpoint.empty()) return std::nullopt;
  return with_query(endpoint, query_string({{"id_token_hint", id_token},
                                            {"state", security::random_flow_id()},
                                            {"post_logout_redirect_uri", post_logout_redirect_uri}}));
}

}  // namespace sesame::franceconnect
