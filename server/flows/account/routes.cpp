#include "server/flows/account/routes.h"

#include <memory>

#include "server/config/clock.h"
#include "server/flows/account/flow.h"
#include "server/http/client_address.h"
#include "server/http/errors.h"
#include "server/http/request_guard.h"
#include "server/sessions/sessions.h"
#include "shared/email.h"
#include "shared/identifier.h"
#include "shared/phone.h"

namespace sesame::account {

namespace {

using flows::accepted;
using Handler = void (*)(AccountFlow&, const Services&, const sessions::CurrentSession&,
                         const httplib::Request&, httplib::Response&);

void send_code_sent(httplib::Response& res, const Outcome<CodeSent>& outcome) {
  if (const CodeSent* sent = accepted(outcome, res))
    http::send_json(res, 202, {{"expires_at", format_iso_utc(sent->expires_at)}});
}

void start_email_change(AccountFlow& flow, const Services& services, const sessions::CurrentSession& session,
                        const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::EmailChange>(req, res);
  if (!body) return;
  const Checked<std::string> email = check_email(body->email);
  if (!email) return http::send_field_error(res, email.error(), "email");
  send_code_sent(res, flow.start_email_change(session.account_id, *email,
                                              http::client_address(req, services.behind_proxy)));
}

void start_phone_change(AccountFlow& flow, const Services& services, const sessions::CurrentSession& session,
                        const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::PhoneChange>(req, res);
  if (!body) return;
  const Checked<std::string> phone = normalize_mobile_phone(body->phone, body->dial_code.value_or(""));
  if (!phone) return http::send_field_error(res, phone.error(), "phone");
  send_code_sent(res, flow.start_phone_change(session.account_id, *phone,
                                              http::client_address(req, services.behind_proxy)));
}

template <class Verify>
void verify(const sessions::CurrentSession& session, const httplib::Request& req, httplib::Response& res,
            Verify&& verify_code) {
  const auto body = http::read_json_body<api::CodeVerify>(req, res);
  if (!body) return;
  if (accepted(verify_code(session.account_id, body->code), res)) http::send_json(res, 200, nlohmann::json::object());
}

void verify_email(AccountFlow& flow, const Services&, const sessions::CurrentSession& session,
                  const httplib::Request& req, httplib::Response& res) {
  verify(session, req, res, [&](std::int64_t id, std::string_view code) { return flow.verify_email(id, code); });
}

void verify_phone(AccountFlow& flow, const Services&, const sessions::CurrentSession& session,
                  const httplib::Request& req, httplib::Response& res) {
  verify(session, req, res, [&](std::int64_t id, std::string_view code) { return flow.verify_phone(id, code); });
}

void change_password(AccountFlow& flow, const Services&, const sessions::CurrentSession& session,
                     const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::PasswordChange>(req, res);
  if (!body) return;
  if (accepted(flow.change_password(session.account_id, session.token_hash, *body), res)) res.status = 204;
}

void take_children(AccountFlow& flow, const Services&, const sessions::CurrentSession& session,
                   const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::FromAccount>(req, res);
  if (!body) return;
  const Checked<std::string> identifier = normalize_identifier(body->identifier);
  if (!identifier) return http::send_field_error(res, identifier.error(), "identifier");
  const auto outcome = flow.take_children(session.account_id, *identifier, body->password);
  if (const api::ChildrenAnswer* children = accepted(outcome, res)) {
    res.set_header("Cache-Control", "no-store");
    http::send_json(res, 200, *children);
  }
}

void confirm_new_children(AccountFlow& flow, const Services&, const sessions::CurrentSession& session,
                          const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::ChildrenConfirm>(req, res);
  if (!body) return;
  const auto outcome = flow.confirm_new_children(session.account_id, *body);
  if (const api::ChildrenAnswer* children = accepted(outcome, res)) {
    res.set_header("Cache-Control", "no-store");
    http::send_json(res, 200, *children);
  }
}

// The session first: without it nothing of the body is read.
httplib::Server::Handler signed_in(std::shared_ptr<AccountFlow> flow, Services& services, Handler handler) {
  return [flow, &services, handler](const httplib::Request& req, httplib::Response& res) {
    const auto session = sessions::require_session(services, req, res);
    if (session) handler(*flow, services, *session, req, res);
  };
}

}  // namespace

void add_routes(http::Router& router, Services& services) {
  auto flow = std::make_shared<AccountFlow>(services);
  router.post("/api/v1/me/email", signed_in(flow, services, start_email_change))
      .post("/api/v1/me/email/verify", signed_in(flow, services, verify_email))
      .post("/api/v1/me/phone", signed_in(flow, services, start_phone_change))
      .post("/api/v1/me/phone/verify", signed_in(flow, services, verify_phone))
      .post("/api/v1/me/password", signed_in(flow, services, change_password))
      .post("/api/v1/me/children", signed_in(flow, services, confirm_new_children))
      .post("/api/v1/me/children/from-account", signed_in(flow, services, take_children));
}

}  // namespace sesame::account
