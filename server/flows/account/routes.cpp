#include "server/flows/account/routes.h"

#include <memory>

#include "server/config/clock.h"
#include "server/flows/account/flow.h"
#include "server/http/binder.h"
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
  if (const api::ChildrenAnswer* children = accepted(outcome, res)) http::send_json(res, 200, *children);
}

void confirm_new_children(AccountFlow& flow, const Services&, const sessions::CurrentSession& session,
                          const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::ChildrenConfirm>(req, res);
  if (!body) return;
  const auto outcome = flow.confirm_new_children(session.account_id, *body);
  if (const api::ChildrenAnswer* children = accepted(outcome, res)) http::send_json(res, 200, *children);
}

void give_temporary_password(AccountFlow& flow, const Services&, const sessions::CurrentSession& session,
                             const httplib::Request& req, httplib::Response& res) {
  // The body is empty ({}); the child is the path's (its id in GET /me).
  const auto outcome = flow.give_temporary_password(session.account_id, std::stoll(req.matches[1].str()));
  if (const api::TemporaryPasswordAnswer* given = accepted(outcome, res)) http::send_json(res, 201, *given);
}

}  // namespace

void add_routes(http::Router& router, Services& services) {
  using sessions::signed_in;
  const http::Binder bind(std::make_shared<AccountFlow>(services), services);
  router.post("/api/v1/me/email", bind(signed_in(start_email_change)))
      .post("/api/v1/me/email/verify", bind(signed_in(verify_email)))
      .post("/api/v1/me/phone", bind(signed_in(start_phone_change)))
      .post("/api/v1/me/phone/verify", bind(signed_in(verify_phone)))
      .post("/api/v1/me/password", bind(signed_in(change_password)))
      .post("/api/v1/me/children", bind(signed_in(confirm_new_children)))
      .post("/api/v1/me/children/from-account", bind(signed_in(take_children)))
      .post("/api/v1/me/children/([1-9][0-9]{0,17})/temporary-password", bind(signed_in(give_temporary_password)));
}

}  // namespace sesame::account
