#include "server/flows/activation/routes.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "server/config/clock.h"
#include "server/flows/activation/flow.h"
#include "server/http/binder.h"
#include "server/http/client_address.h"
#include "server/http/errors.h"
#include "server/http/minimum_answer_time.h"
#include "server/http/request_guard.h"
#include "server/sessions/sessions.h"
#include "shared/messages.h"
#include "shared/names.h"
#include "shared/phone.h"

namespace sesame::activation {

namespace {

using flows::accepted;

// Flow ids are random_flow_id(): base64url. Anything else is not a route (404).
constexpr const char* kFlowPath = "/api/v1/activation/([A-Za-z0-9_-]{1,64})";

void start(ActivationFlow& flow, const Services& services, const httplib::Request& req, httplib::Response& res) {
  const http::MinimumAnswerTime even_time(services.security.enumeration_answer_floor);  // matched or not
  const auto body = http::read_json_body<api::ActivationStart>(req, res);
  if (!body) return;
  const Checked<std::string> last_name = check_person_name(body->last_name, "Nom");
  if (!last_name) return http::send_field_error(res, last_name.error(), "last_name");
  const Checked<std::string> first_name = check_person_name(body->first_name, "Prénom");
  if (!first_name) return http::send_field_error(res, first_name.error(), "first_name");
  const Checked<std::string> phone = normalize_mobile_phone(body->phone, body->dial_code.value_or(""));
  if (!phone) return http::send_field_error(res, phone.error(), "phone");

  const auto outcome =
      flow.start(*last_name, *first_name, *phone, http::client_address(req, services.behind_proxy));
  if (const Started* started = accepted(outcome, res))
    http::send_json(res, 201,
                    api::ActivationStartAnswer{started->flow, started->phone_masked,
                                               format_iso_utc(started->expires_at)});
}

void resend(ActivationFlow& flow, const Services& services, const httplib::Request& req, httplib::Response& res) {
  const http::MinimumAnswerTime even_time(services.security.enumeration_answer_floor);  // matched or not
  if (!http::read_json(req, res)) return;  // {}: nothing to read, but it must be JSON
  const auto outcome = flow.resend(req.matches[1].str(), http::client_address(req, services.behind_proxy));
  if (const Resent* resent = accepted(outcome, res))
    http::send_json(res, 202, {{"expires_at", format_iso_utc(resent->expires_at)}});
}

void verify_code(ActivationFlow& flow, const Services&, const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::SmsCode>(req, res);
  if (!body) return;
  const auto outcome = flow.verify_code(req.matches[1].str(), body->code);
  if (const api::ChildrenAnswer* children = accepted(outcome, res)) http::send_json(res, 200, *children);
}

void confirm_children(ActivationFlow& flow, const Services& services, const httplib::Request& req,
                      httplib::Response& res) {
  const auto body = http::read_json_body<api::ChildrenConfirm>(req, res);
  if (!body) return;
  const auto outcome = flow.confirm_children(req.matches[1].str(), *body);
  const ChildrenConfirmed* confirmed = accepted(outcome, res);
  if (!confirmed) return;
  if (!confirmed->account) return http::send_json(res, 200, confirmed->children);
  // Through FranceConnect: the account exists now, signed in, like after the password step.
  sessions::set_session_cookie(res, services, confirmed->account->session_token);
  http::send_json(res, 201, api::IdentifierAnswer{confirmed->account->identifier});
}

void choose_password(ActivationFlow& flow, const Services& services, const httplib::Request& req,
                     httplib::Response& res) {
  const auto body = http::read_json_body<api::PasswordChoice>(req, res);
  if (!body) return;
  const auto outcome = flow.choose_password(req.matches[1].str(), *body);
  const AccountCreated* created = accepted(outcome, res);
  if (!created) return;
  sessions::set_session_cookie(res, services, created->session_token);
  http::send_json(res, 201, api::IdentifierAnswer{created->identifier});
}

}  // namespace

void add_routes(http::Router& router, Services& services) {
  const http::Binder bind(std::make_shared<ActivationFlow>(services), services);
  const std::string path = kFlowPath;
  router.post("/api/v1/activation", bind(start))
      .post(path + "/sms/resend", bind(resend))
      .post(path + "/sms", bind(verify_code))
      .post(path + "/children", bind(confirm_children))
      .post(path + "/password", bind(choose_password));
}

}  // namespace sesame::activation
