#include "server/flows/sign_in/routes.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "server/flows/sign_in/flow.h"
#include "server/http/errors.h"
#include "server/http/request_guard.h"
#include "server/sessions/sessions.h"
#include "shared/identifier.h"
#include "shared/messages.h"

namespace sesame::sign_in {

namespace {

// Account pages are personal: no shared cache may keep them.
void send_account(httplib::Response& res, int status, const nlohmann::json& body) {
  res.set_header("Cache-Control", "no-store");
  http::send_json(res, status, body);
}

void sign_in(SignInFlow& flow, const Services& services, const httplib::Request& req,
             httplib::Response& res) {
  const auto body = http::read_json_body<api::SignIn>(req, res);
  if (!body) return;
  // The shape of an identifier is public: a malformed one is said so, without any hash.
  const Checked<std::string> identifier = normalize_identifier(body->identifier);
  if (!identifier) return http::send_field_error(res, identifier.error(), "identifier");
  const auto outcome = flow.sign_in(*identifier, body->password);
  const SignedIn* signed_in_ptr = flows::accepted(outcome, res);
  if (!signed_in_ptr) return;
  const SignedIn& signed_in = *signed_in_ptr;
  sessions::set_session_cookie(res, services, signed_in.session_token);
  send_account(res, 200, api::SessionAnswer{signed_in.account});
}

void sign_out(const Services& services, const httplib::Request& req, httplib::Response& res) {
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
        return send_account(res, 200, *account);
    }
  }
  // A session to touch (once a minute), expired, unknown or without a cookie.
  const auto session = sessions::require_session(*connection, services, req, res);
  if (!session) return;
  const auto account = flow.account(*connection, session->account_id);
  if (!account) return http::send_error(res, 401, "not_authenticated");
  send_account(res, 200, *account);
}

void patch_account(SignInFlow& flow, const Services& services, const httplib::Request& req,
                   httplib::Response& res) {
  const auto session = sessions::require_session(services, req, res);
  if (!session) return;
  const auto body = http::read_json_body<api::AlertsPatch>(req, res);
  if (!body) return;
  const auto account = flow.set_alerts_at_login(session->account_id, body->alerts_at_login);
  if (!account) return http::send_error(res, 401, "not_authenticated");
  send_account(res, 200, *account);
}

}  // namespace

void add_routes(http::Router& router, Services& services) {
  auto flow = std::make_shared<SignInFlow>(services);
  router
      .post("/api/v1/session",
            [flow, &services](const httplib::Request& req, httplib::Response& res) {
              sign_in(*flow, services, req, res);
            })
      .del("/api/v1/session",
           [&services](const httplib::Request& req, httplib::Response& res) { sign_out(services, req, res); })
      .get("/api/v1/me",
           [flow, &services](const httplib::Request& req, httplib::Response& res) {
             show_account(*flow, services, req, res);
           })
      .patch("/api/v1/me", [flow, &services](const httplib::Request& req, httplib::Response& res) {
        patch_account(*flow, services, req, res);
      });
}

}  // namespace sesame::sign_in
