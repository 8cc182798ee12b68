#include "server/flows/sign_in/routes.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "server/flows/sign_in/flow.h"
#include "server/http/binder.h"
#include "server/http/errors.h"
#include "server/http/request_guard.h"
#include "server/sessions/sessions.h"
#include "shared/identifier.h"
#include "shared/messages.h"

namespace sesame::sign_in {

namespace {

void password_sign_in(SignInFlow& flow, const Services& services, const httplib::Request& req,
                      httplib::Response& res) {
  const auto body = http::read_json_body<api::SignIn>(req, res);
  if (!body) return;
  // The shape of an identifier is public: a malformed one is said so, without any hash.
  const Checked<std::string> identifier = normalize_identifier(body->identifier);
  if (!identifier) return http::send_field_error(res, identifier.error(), "identifier");
  const auto outcome = flow.sign_in(*identifier, body->password);
  const SignInResult* result = flows::accepted(outcome, res);
  if (!result) return;
  if (const auto* opened = std::get_if<api::FirstSignInAnswer>(result)) return http::send_json(res, 202, *opened);
  const SignedIn& signed_in = std::get<SignedIn>(*result);
  sessions::set_session_cookie(res, services, signed_in.session_token);
  http::send_json(res, 200, api::SessionAnswer{signed_in.account});
}

void sign_out(SignInFlow&, const Services& services, const httplib::Request& req, httplib::Response& res) {
  sessions::close_session(services, req);
  sessions::clear_session_cookie(res, services);
  res.status = 204;
}

void show_account(SignInFlow& flow, const Services& services, const httplib::Request& req,
                  httplib::Response& res) {
  // The page a parent loads most: one connection, and most times one read
  // transaction for the session and the account (five queries, no write).
  auto connection = services.database.connection();
  {
    store::ReadTransaction read(*connection);
    if (const auto session = sessions::fresh_session(*connection, services, req)) {
      if (const auto account = flow.account_in_transaction(*connection, session->account_id))
        return http::send_json(res, 200, *account);
    }
  }
  // A session to touch (once a minute), expired, unknown or without a cookie.
  const auto session = sessions::require_session(*connection, services, req, res);
  if (!session) return;
  const auto account = flow.account(*connection, session->account_id);
  if (!account) return http::send_error(res, 401, "not_authenticated");
  http::send_json(res, 200, *account);
}

void patch_account(SignInFlow& flow, const Services&, const sessions::CurrentSession& session,
                   const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::AlertsPatch>(req, res);
  if (!body) return;
  const auto account = flow.set_alerts_at_login(session.account_id, body->alerts_at_login);
  if (!account) return http::send_error(res, 401, "not_authenticated");
  http::send_json(res, 200, *account);
}

}  // namespace

void add_routes(http::Router& router, Services& services) {
  const http::Binder bind(std::make_shared<SignInFlow>(services), services);
  router.post("/api/v1/session", bind(password_sign_in))
      .del("/api/v1/session", bind(sign_out))
      .get("/api/v1/me", bind(show_account))
      .patch("/api/v1/me", bind(sessions::signed_in(patch_account)));
}

}  // namespace sesame::sign_in
