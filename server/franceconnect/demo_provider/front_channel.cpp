// The provider's endpoints a browser visits: the identity page, the choice
// made on it, and the end of session. Until a request's client and return
// address are known good, its errors are shown here rather than sent back.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/franceconnect/demo_provider/grants.h"
#include "server/franceconnect/demo_provider/scopes.h"
#include "server/franceconnect/demo_provider/web.h"

namespace sesame::franceconnect::demo {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxStateLength = 512;  // bounds what one request may make us keep
constexpr std::size_t kMinStateLength = 32;   // FranceConnect asks for at least 32 characters

}  // namespace

std::string Provider::to_service(const std::string& redirect_uri,
                                 std::vector<std::pair<std::string, std::string>> params) const {
  // RFC 9207: the service can tell this answer from another provider's (mix-up attacks).
  if (config_.iss_parameter) params.emplace_back("iss", issuer_);
  return with_query(redirect_uri, params);
}

void Provider::authorize(const httplib::Request& req, httplib::Response& res) {
  const auto param = [&](const char* name) { return req.get_param_value(name); };
  const std::string client_id = param("client_id");
  const std::string redirect_uri = param("redirect_uri");
  // Until the client and its return address are known good, nothing is sent back to it.
  if (client_id != config_.client_id) {
    send_error_page(res, "Le service « " + client_id + " » n’est pas connu de FranceConnect.");
    return;
  }
  if (!has(config_.redirect_uris, redirect_uri)) {
    send_error_page(
        res, "L’adresse de retour « " + redirect_uri +
                 " » n’est pas enregistrée pour ce service : par sécurité, nous ne vous y renvoyons pas.");
    return;
  }
  if (param("response_type") != "code") {
    send_error_page(
        res, "Ce service demande un type de réponse que FranceConnect ne propose pas (seul « code » l’est).");
    return;
  }
  const std::string state = param("state");
  const std::string nonce = param("nonce");
  const std::vector<std::string> scopes = split_scopes(param("scope"));
  const auto refuse = [&](std::string_view description) {
    std::vector<std::pair<std::string, std::string>> params = {
        {"error", "invalid_request"}, {"error_description", std::string(description)}};
    if (!state.empty() && state.size() <= kMaxStateLength) params.emplace_back("state", state);
    redirect(res, to_service(redirect_uri, std::move(params)));
  };
  if (!has(scopes, "openid")) return refuse("Le scope « openid » est obligatoire.");
  if (state.size() < kMinStateLength || state.size() > kMaxStateLength)
    return refuse("Le paramètre « state » doit compter de 32 à 512 caractères.");
  if (nonce.size() < kMinStateLength || nonce.size() > kMaxStateLength)
    return refuse("Le paramètre « nonce » doit compter de 32 à 512 caractères.");
  if (!has(split_scopes(param("acr_values")), kAcr))
    return refuse("Le paramètre « acr_values » doit valoir « eidas1 ».");
  if (scopes.size() > 32) return refuse("Trop de scopes demandés.");

  auto pending = std::make_shared<Authorization>();
  pending->redirect_uri = redirect_uri;
  pending->state = state;
  pending->nonce = nonce;
  pending->scopes = scopes;
  pending->expires = now() + config_.authorization_lifetime.count();
  const std::string id = new_grant_id();
  {
    const std::lock_guard lock(mutex_);
    make_room(authorizations_, now(), config_.max_entries);
    authorizations_[id] = pending;
  }

  std::vector<std::string> asked;
  for (const ScopeClaim& claim : kScopeClaims)
    if (has(scopes, claim.scope)) asked.push_back(claim.label);
  const std::string action = html_escape(path_ + "/authorize/choose");
  const std::string hidden =
      "<input type=\"hidden\" name=\"authorization\" value=\"" + html_escape(id) + "\">";

  std::string body =
      "<h1>Choisissez une identité de test</h1>\n<p class=\"lead\">Le service <strong>" +
      html_escape(client_id) +
      "</strong> vous demande de vous connecter avec FranceConnect. Sur cette plateforme de "
      "démonstration, choisissez la personne fictive au nom de laquelle vous vous connectez.</p>\n";
  body += "<p class=\"scopes\">Informations transmises au service : " +
          html_escape(asked.empty() ? std::string("aucune, hormis un identifiant technique")
                                    : join(asked, ", ")) +
          ".</p>\n<ul>\n";
  for (const Identity& identity : config_.identities) {
    const std::string name = identity.given_name + " " + identity.family_name;
    const std::string born =
        (identity.gender == "female" ? "Née le " : "Né le ") + french_date(identity.birthdate);
    body += "<li class=\"card\"><div><p class=\"name\">" + html_escape(name) + "</p><p class=\"meta\">" +
            html_escape(born) + "</p>";
    if (!identity.email.empty()) body += "<p class=\"meta\">" + html_escape(identity.email) + "</p>";
    body += "</div>\n<form method=\"post\" action=\"" + action + "\">" + hidden +
            "<input type=\"hidden\" name=\"identity\" value=\"" + html_escape(identity.id) +
            "\"><button type=\"submit\" class=\"primary\" aria-label=\"Choisir " + html_escape(name) +
            "\">Choisir cette identité</button></form></li>\n";
  }
  body +=
      "</ul>\n<form class=\"refuse\" method=\"post\" action=\"" + action + "\">" + hidden +
      "<input type=\"hidden\" name=\"decision\" value=\"refuse\"><button type=\"submit\" class=\"secondary\">"
      "Refuser</button></form>\n";
  send_html(res, 200, page("Choisissez une identité de test", body));
}

void Provider::choose(const httplib::Request& req, httplib::Response& res) {
  std::shared_ptr<Authorization> pending;
  {
    // Taken out at once: one choice per authorization, even if the form is sent twice.
    const std::lock_guard lock(mutex_);
    const auto it = authorizations_.find(req.get_param_value("authorization"));
    if (it != authorizations_.end()) {
      pending = it->second;
      authorizations_.erase(it);
    }
  }
  if (!pending || pending->expires <= now()) {
    send_error_page(res, "Cette demande de connexion a expiré ou a déjà servi.");
    return;
  }
  if (req.get_param_value("decision") == "refuse") {
    redirect(res, to_service(pending->redirect_uri, {{"error", "access_denied"},
                                                     {"error_description", "L’usager a refusé la connexion."},
                                                     {"state", pending->state}}));
    return;
  }
  const std::string chosen = req.get_param_value("identity");
  const auto identity = std::find_if(config_.identities.begin(), config_.identities.end(),
                                     [&](const Identity& i) { return i.id == chosen; });
  if (identity == config_.identities.end()) {
    send_error_page(res, "Cette identité de test n’existe pas.");
    return;
  }
  auto grant = std::make_shared<CodeGrant>();
  grant->redirect_uri = pending->redirect_uri;
  grant->nonce = pending->nonce;
  grant->scopes = pending->scopes;
  grant->identity = static_cast<std::size_t>(identity - config_.identities.begin());
  grant->expires = now() + config_.code_lifetime.count();
  const std::string code = new_grant_id();
  {
    const std::lock_guard lock(mutex_);
    make_room(codes_, now(), config_.max_entries);
    codes_[code] = grant;
  }
  spdlog::info("fc-demo: identity {} chosen for {}", identity->id, config_.client_id);
  redirect(res, to_service(pending->redirect_uri, {{"code", code}, {"state", pending->state}}));
}

void Provider::end_session(const httplib::Request& req, httplib::Response& res) const {
  const std::string uri = req.get_param_value("post_logout_redirect_uri");
  const std::string state = req.get_param_value("state");
  const auto jws = parse_jws(req.get_param_value("id_token_hint"));
  const auto keys = parse_jwks(json{{"keys", json::array({key_.public_jwk()})}});
  // An expired hint is fine (the session may have lasted); a foreign one is not.
  const bool ours = jws && verify_jws(*jws, keys) == JwsCheck::Valid &&
                    jws->payload.value("iss", json()) == issuer_ &&
                    jws->payload.value("aud", json()) == config_.client_id;
  if (!ours) {
    send_error_page(
        res, "La demande de déconnexion ne porte pas de jeton d’identité valide émis par ce fournisseur.");
    return;
  }
  if (!has(config_.post_logout_redirect_uris, uri)) {
    send_error_page(
        res, "L’adresse de retour après déconnexion « " + uri +
                 " » n’est pas enregistrée pour ce service : par sécurité, nous ne vous y renvoyons pas.");
    return;
  }
  if (state.empty() || state.size() > kMaxStateLength) {
    send_error_page(res, "La demande de déconnexion doit porter un paramètre « state ».");
    return;
  }
  redirect(res, with_query(uri, {{"state", state}}));
}

}  // namespace sesame::franceconnect::demo
