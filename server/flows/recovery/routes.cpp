#include "server/flows/recovery/routes.h"

#include <memory>

#include "server/flows/recovery/flow.h"
#include "server/http/binder.h"
#include "server/http/client_address.h"
#include "server/http/errors.h"
#include "server/http/minimum_answer_time.h"
#include "server/http/request_guard.h"
#include "shared/email.h"
#include "shared/identifier.h"
#include "shared/messages.h"
#include "shared/phone.h"

namespace sesame::recovery {

namespace {

using flows::accepted;

// Flow ids are random_flow_id(): base64url. Anything else is not a route (404).
constexpr const char* kFlowPath = "/api/v1/recovery/password/([A-Za-z0-9_-]{1,64})";

void send_identifier(RecoveryFlow& flow, const Services& services, const httplib::Request& req,
                     httplib::Response& res) {
  const http::MinimumAnswerTime even_time(services.security.enumeration_answer_floor);  // known or not
  const auto body = http::read_json_body<api::RecoveryIdentifier>(req, res);
  if (!body) return;
  const std::string client = http::client_address(req, services.behind_proxy);
  const bool has_phone = body->phone && !body->phone->empty();
  const bool has_email = body->email && !body->email->empty();
  // Exactly one way back: the form asks for one or the other.
  if (has_phone == has_email) return http::send_field_error(res, field_error("contact_required"), "phone");
  Outcome<Sent> outcome;
  if (has_phone) {
    const Checked<std::string> phone = normalize_mobile_phone(*body->phone, body->dial_code.value_or(""));
    if (!phone) return http::send_field_error(res, phone.error(), "phone");
    outcome = flow.send_identifier_by_phone(*phone, client);
  } else {
    const Checked<std::string> email = check_email(*body->email);
    if (!email) return http::send_field_error(res, email.error(), "email");
    outcome = flow.send_identifier_by_email(*email, client);
  }
  if (accepted(outcome, res)) http::send_json(res, 202, nlohmann::json::object());
}

void start_password_reset(RecoveryFlow& flow, const Services& services, const httplib::Request& req,
                          httplib::Response& res) {
  const http::MinimumAnswerTime even_time(services.security.enumeration_answer_floor);  // known or not
  const auto body = http::read_json_body<api::RecoveryPassword>(req, res);
  if (!body) return;
  const Checked<std::string> identifier = normalize_identifier(body->identifier);
  if (!identifier) return http::send_field_error(res, identifier.error(), "identifier");
  const auto outcome = flow.start_password_reset(*identifier, http::client_address(req, services.behind_proxy));
  if (const Started* started = accepted(outcome, res)) http::send_json(res, 201, api::FlowAnswer{started->flow, {}});
}

void verify_code(RecoveryFlow& flow, const Services&, const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::CodeVerify>(req, res);
  if (!body) return;
  if (accepted(flow.verify_code(req.matches[1].str(), body->code), res))
    http::send_json(res, 200, nlohmann::json::object());
}

void choose_password(RecoveryFlow& flow, const Services&, const httplib::Request& req,
                     httplib::Response& res) {
  const auto body = http::read_json_body<api::PasswordChoice>(req, res);
  if (!body) return;
  if (accepted(flow.choose_password(req.matches[1].str(), *body), res)) res.status = 204;
}

}  // namespace

void add_routes(http::Router& router, Services& services) {
  const http::Binder bind(std::make_shared<RecoveryFlow>(services), services);
  const std::string path = kFlowPath;
  router.post("/api/v1/recovery/identifier", bind(send_identifier))
      .post("/api/v1/recovery/password", bind(start_password_reset))
      .post(path + "/code", bind(verify_code))
      .post(path + "/password", bind(choose_password));
}

}  // namespace sesame::recovery
