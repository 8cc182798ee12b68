#include "server/franceconnect/routes.h"

#include <spdlog/spdlog.h>

#include "server/config/clock.h"
#include "server/flows/activation/flow.h"
#include "server/flows/refusal.h"
#include "server/franceconnect/relying_party.h"
#include "server/http/binder.h"
#include "server/http/client_address.h"
#include "server/http/cookies.h"
#include "server/http/errors.h"
#include "server/http/request_guard.h"
#include "server/sessions/queries.h"
#include "server/sessions/sessions.h"
#include "shared/phone.h"

namespace sesame::franceconnect {

namespace {

// The browser binding of a login in progress: back with the provider's
// redirect, a cross-site navigation, hence SameSite=Lax.
constexpr const char* kLoginCookie = "sesame_fc_login";
// The identity waiting for "Rattacher des élèves"; only our own page sends it.
constexpr const char* kIdentityCookie = "sesame_fc_identity";
constexpr const char* kCookiePath = "/api/v1/franceconnect";

std::string redirect_uri(const Services& services, const Config& config) {
  return config.redirect_uri.empty() ? services.public_origin + kCallbackPath : config.redirect_uri;
}

std::string post_logout_uri(const Services& services, const Config& config) {
  return config.post_logout_redirect_uri.empty() ? services.public_origin + "/" : config.post_logout_redirect_uri;
}

void redirect(httplib::Response& res, const std::string& location) {
  res.status = 302;
  res.set_header("Location", location);
}

// Every failure lands on the client's page that says it in French.
void fail(httplib::Response& res, const std::string& code) { redirect(res, "/#/franceconnect/echec/" + code); }

// The login's browser binding, checked by the callback.
void set_login_cookie(httplib::Response& res, const Services& services, const Config& config, const Begun& login) {
  http::set_cookie(res, kLoginCookie, login.binding,
                   {.same_site = "Lax", .path = kCookiePath,
                    .max_age_seconds = static_cast<int>(config.login_expiry.count())},
                   services.public_origin);
}

void authorize(RelyingParty& rp, Services& services, const httplib::Request&, httplib::Response& res) {
  const auto begun = rp.begin(redirect_uri(services, rp.config()), std::nullopt);
  if (const auto* refused = std::get_if<flows::Refusal>(&begun)) return fail(res, refused->code);
  const Begun& login = std::get<Begun>(begun);
  set_login_cookie(res, services, rp.config(), login);
  redirect(res, login.authorize_url);
}

// "Mon compte": the password proved again, then the same login as the sign-in's
// button, answered as JSON because the client itself leaves for the provider.
void link(RelyingParty& rp, const Services& services, const sessions::CurrentSession& session,
          const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::PasswordProof>(req, res);
  if (!body) return;
  const auto begun = rp.begin_link(session.account_id, body->password, redirect_uri(services, rp.config()));
  if (const Begun* login = flows::accepted(begun, res)) {
    set_login_cookie(res, services, rp.config(), *login);
    http::send_json(res, 200, api::FranceConnectLinkAnswer{login->authorize_url});
  }
}

void callback(RelyingParty& rp, Services& services, const httplib::Request& req, httplib::Response& res) {
  const CallbackQuery query{req.get_param_value("code"), req.get_param_value("state"),
                            req.get_param_value("error"),
                            req.has_param("iss") ? std::optional(req.get_param_value("iss")) : std::nullopt};
  const auto completed =
      rp.complete(query, http::token_cookie(req, kLoginCookie), redirect_uri(services, rp.config()));
  // The binding is single use, whatever the outcome.
  http::set_cookie(res, kLoginCookie, "", {.same_site = "Lax", .path = kCookiePath, .max_age_seconds = 0},
                   services.public_origin);
  if (const auto* refused = std::get_if<flows::Refusal>(&completed)) return fail(res, refused->code);
  const Completed& done = std::get<Completed>(completed);
  switch (done.kind) {
    case Completed::Kind::SignedIn:
      sessions::set_session_cookie(res, services, done.session_token);
      return redirect(res, "/#/compte");
    case Completed::Kind::Linked:
      return redirect(res, "/#/compte/franceconnect/activee");
    case Completed::Kind::NeedsAttach:
      http::set_cookie(res, kIdentityCookie, done.identity_token,
                       {.path = kCookiePath,
                        .max_age_seconds = static_cast<int>(services.security.flow_expiry.count())},
                       services.public_origin);
      return redirect(res, "/#/franceconnect/rattacher");
  }
}

std::optional<PendingIdentity> pending_identity(RelyingParty& rp, const httplib::Request& req) {
  const std::optional<std::string> token = http::token_cookie(req, kIdentityCookie);
  return token ? rp.pending_identity(*token) : std::nullopt;
}

// "Rattacher des élèves" greets the parent by the names the provider gave.
void pending(RelyingParty& rp, Services&, const httplib::Request& req, httplib::Response& res) {
  const std::optional<PendingIdentity> identity = pending_identity(rp, req);
  if (!identity) return http::send_error(res, 410, "flow_expired");
  http::send_json(res, 200, {{"given_name", identity->given_name}, {"family_name", identity->family_name}});
}

void attach(RelyingParty& rp, Services& services, const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::PhoneChange>(req, res);
  if (!body) return;
  const std::optional<PendingIdentity> identity = pending_identity(rp, req);
  if (!identity) return http::send_error(res, 410, "flow_expired");
  const Checked<std::string> phone = normalize_mobile_phone(body->phone, body->dial_code.value_or(""));
  if (!phone) return http::send_field_error(res, phone.error(), "phone");
  activation::ActivationFlow flow(services);
  const auto outcome = flow.start_franceconnect(
      {identity->sub, identity->given_name, identity->family_name, identity->id_token}, *phone,
      http::client_address(req, services.behind_proxy));
  if (const activation::Started* started = flows::accepted(outcome, res))
    http::send_json(res, 201,
                    api::ActivationStartAnswer{started->flow, started->phone_masked,
                                               format_iso_utc(started->expires_at)});
}

void logout(RelyingParty& rp, Services& services, const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> id_token;
  if (const std::optional<std::string> token = sessions::session_token(req)) {
    auto connection = services.database.connection();
    id_token = sessions::session_id_token(*connection, services.keyed_hasher.hash(*token));
  }
  sessions::close_session(services, req);
  sessions::clear_session_cookie(res, services);
  const std::optional<std::string> url =
      id_token ? rp.logout_url(*id_token, post_logout_uri(services, rp.config())) : std::nullopt;
  redirect(res, url.value_or("/#/connexion"));
}

}  // namespace

void add_routes(http::Router& router, Services& services, std::shared_ptr<Provider> provider) {
  // The relying party owns the provider; the binder owns the relying party.
  const http::Binder bind(std::make_shared<RelyingParty>(services, std::move(provider)), services);
  router.get("/api/v1/franceconnect/authorize", bind(authorize))
      .get("/api/v1/franceconnect/callback", bind(callback))
      .get("/api/v1/franceconnect/pending", bind(pending))
      .post("/api/v1/franceconnect/attach", bind(attach))
      .post("/api/v1/me/franceconnect", bind(sessions::signed_in(link)))
      .get("/api/v1/franceconnect/logout", bind(logout));
}

}  // namespace sesame::franceconnect
