#include "server/flows/first_sign_in/routes.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "server/flows/first_sign_in/flow.h"
#include "server/http/binder.h"
#include "server/http/errors.h"
#include "server/http/request_guard.h"
#include "server/sessions/sessions.h"

namespace sesame::first_sign_in {

namespace {

using flows::accepted;

// Flow ids are random_flow_id(): base64url. Anything else is not a route (404).
constexpr const char* kFlowPath = "/api/v1/first-sign-in/([A-Za-z0-9_-]{1,64})";

void confirm_birth_date(FirstSignInFlow& flow, const Services&, const httplib::Request& req,
                        httplib::Response& res) {
  const auto body = http::read_json_body<api::BirthDateCheck>(req, res);
  if (!body) return;
  if (accepted(flow.confirm_birth_date(req.matches[1].str(), body->birth_date), res))
    http::send_json(res, 200, nlohmann::json::object());
}

void confirm_children(FirstSignInFlow& flow, const Services&, const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::ChildrenConfirm>(req, res);
  if (!body) return;
  const auto outcome = flow.confirm_children(req.matches[1].str(), *body);
  if (const api::ChildrenAnswer* confirmed = accepted(outcome, res)) http::send_json(res, 200, *confirmed);
}

void choose_password(FirstSignInFlow& flow, const Services& services, const httplib::Request& req,
                     httplib::Response& res) {
  const auto body = http::read_json_body<api::PasswordChoice>(req, res);
  if (!body) return;
  const auto outcome = flow.choose_password(req.matches[1].str(), *body);
  const SignedIn* signed_in = accepted(outcome, res);
  if (!signed_in) return;
  sessions::set_session_cookie(res, services, signed_in->session_token);
  http::send_json(res, 200, api::SessionAnswer{signed_in->account});
}

}  // namespace

void add_routes(http::Router& router, Services& services) {
  const http::Binder bind(std::make_shared<FirstSignInFlow>(services), services);
  const std::string path = kFlowPath;
  router.post(path + "/birth-date", bind(confirm_birth_date))
      .post(path + "/children", bind(confirm_children))
      .post(path + "/password", bind(choose_password));
}

}  // namespace sesame::first_sign_in
