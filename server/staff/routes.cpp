#include "server/staff/routes.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "server/http/binder.h"
#include "server/http/errors.h"
#include "server/http/request_guard.h"
#include "server/staff/access.h"
#include "server/staff/console.h"
#include "server/staff/demo.h"
#include "server/staff/sessions.h"

namespace sesame::staff {

namespace {

using flows::accepted;

struct Staff {
  explicit Staff(Services& services) : access(services), console(services) {}
  StaffAccess access;
  Console console;
};

// Tokens and flow ids are base64url; people and ids are the directory's.
constexpr const char* kInvitationPath = "/api/v1/staff/invitations/([A-Za-z0-9_-]{1,64})";
constexpr const char* kFlowPath = "/api/v1/staff/session/([A-Za-z0-9_-]{1,64})";
constexpr const char* kPersonPath = "/api/v1/staff/people/(pupil|guardian)/([1-9][0-9]{0,17})";
constexpr const char* kSchoolPath = "/api/v1/staff/schools/([0-9A-Za-z]{8})";

std::optional<std::string> query_value(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  std::string value = req.get_param_value(name);
  if (value.empty()) return std::nullopt;
  return value;
}

void send_pdf(httplib::Response& res, const Pdf& pdf) {
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"" + pdf.filename + "\"");
  res.set_content(pdf.bytes, "application/pdf");
}

// --- Invitation and sign-in -------------------------------------------------------
void read_invitation(Staff& staff, const Services&, const httplib::Request& req, httplib::Response& res) {
  const auto invitation_outcome = staff.access.read_invitation(req.matches[1].str());
  if (const auto* invitation = accepted(invitation_outcome, res))
    http::send_json(res, 200, *invitation);
}

void choose_password(Staff& staff, const Services&, const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::PasswordChoice>(req, res);
  if (!body) return;
  const auto enrolment_outcome = staff.access.choose_password(req.matches[1].str(), *body);
  if (const auto* enrolment = accepted(enrolment_outcome, res))
    http::send_json(res, 200, *enrolment);
}

void confirm_totp(Staff& staff, const Services& services, const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::CodeVerify>(req, res);
  if (!body) return;
  const auto outcome = staff.access.confirm_totp(req.matches[1].str(), body->code);
  const StaffAccess::Enrolled* enrolled = accepted(outcome, res);
  if (!enrolled) return;
  set_session_cookie(res, services, enrolled->session_token);
  http::send_json(res, 201, enrolled->answer);
}

void sign_in(Staff& staff, const Services&, const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::StaffSignIn>(req, res);
  if (!body) return;
  const auto flow_outcome = staff.access.sign_in(*body);
  if (const auto* flow = accepted(flow_outcome, res)) http::send_json(res, 202, *flow);
}

void second_factor(Staff& staff, const Services& services, const httplib::Request& req, httplib::Response& res) {
  const auto body = http::read_json_body<api::SecondFactor>(req, res);
  if (!body) return;
  const auto outcome = staff.access.second_factor(req.matches[1].str(), *body);
  const StaffAccess::SignedIn* signed_in = accepted(outcome, res);
  if (!signed_in) return;
  set_session_cookie(res, services, signed_in->session_token);
  http::send_json(res, 200, signed_in->profile);
}

void sign_out(Staff&, const Services& services, const httplib::Request& req, httplib::Response& res) {
  close_session(services, req);
  clear_session_cookie(res, services);
  res.status = 204;
}

// --- The console --------------------------------------------------------------------
void show_me(Staff& staff, const Services& services, const StaffSession& session, const httplib::Request&,
             httplib::Response& res) {
  auto connection = services.database.connection();
  store::ReadTransaction read(*connection);
  http::send_json(res, 200, staff.access.profile(*connection, session.staff_id));
}

void search(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
            httplib::Response& res) {
  Search search{query_value(req, "q").value_or(""), query_value(req, "uai"), query_value(req, "class"),
                std::nullopt};
  if (const auto kind = query_value(req, "kind")) {
    search.kind = parse_person_kind(*kind);
    if (!search.kind) return http::send_error(res, 400, "invalid_search");
  }
  const auto people_outcome = staff.console.search(session, search);
  if (const auto* people = accepted(people_outcome, res)) http::send_json(res, 200, *people);
}

PersonKind kind_of(const httplib::Request& req) { return *parse_person_kind(req.matches[1].str()); }
std::int64_t id_of(const httplib::Request& req) { return std::stoll(req.matches[2].str()); }

void show_person(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
                 httplib::Response& res) {
  const auto person_outcome = staff.console.person(session, kind_of(req), id_of(req));
  if (const auto* person = accepted(person_outcome, res))
    http::send_json(res, 200, *person);
}

void issue_letter(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
                  httplib::Response& res) {
  const auto pdf_outcome = staff.console.pupil_letter(session, id_of(req));
  if (const auto* pdf = accepted(pdf_outcome, res)) send_pdf(res, *pdf);
}

void issue_activation_letter(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
                             httplib::Response& res) {
  const auto pdf_outcome = staff.console.activation_letter(session, id_of(req));
  if (const auto* pdf = accepted(pdf_outcome, res)) send_pdf(res, *pdf);
}

void unlock(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
            httplib::Response& res) {
  const auto person_outcome = staff.console.unlock(session, kind_of(req), id_of(req));
  if (const auto* person = accepted(person_outcome, res))
    http::send_json(res, 200, *person);
}

void close_sessions(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
                    httplib::Response& res) {
  const auto person_outcome = staff.console.close_sessions(session, kind_of(req), id_of(req));
  if (const auto* person = accepted(person_outcome, res))
    http::send_json(res, 200, *person);
}

void class_letters(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
                   httplib::Response& res) {
  const auto body = http::read_json_body<api::ClassLetters>(req, res);
  if (!body) return;
  const auto pdf_outcome = staff.console.class_letters(session, req.matches[1].str(), body->class_name);
  if (const auto* pdf = accepted(pdf_outcome, res))
    send_pdf(res, *pdf);
}

void show_progress(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
                   httplib::Response& res) {
  const auto progress_outcome = staff.console.progress(session, req.matches[1].str());
  if (const auto* progress = accepted(progress_outcome, res))
    http::send_json(res, 200, *progress);
}

void show_missing(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
                  httplib::Response& res) {
  const std::optional<std::string> klass =
      req.has_param("class") ? std::optional(req.get_param_value("class")) : std::nullopt;
  const auto people_outcome = staff.console.missing(session, req.matches[1].str(), klass);
  if (const auto* people = accepted(people_outcome, res))
    http::send_json(res, 200, *people);
}

void show_audit(Staff& staff, const Services&, const StaffSession& session, const httplib::Request& req,
                httplib::Response& res) {
  const auto audit_outcome = staff.console.audit(session, req.matches[1].str());
  if (const auto* audit = accepted(audit_outcome, res))
    http::send_json(res, 200, *audit);
}

}  // namespace

void add_routes(http::Router& router, Services& services) {
  const http::Binder bind(std::make_shared<Staff>(services), services);
  const std::string invitation = kInvitationPath;
  const std::string person = kPersonPath;
  const std::string school = kSchoolPath;
  router.get(invitation, bind(read_invitation))
      .post(invitation + "/password", bind(choose_password))
      .post(invitation + "/totp", bind(confirm_totp))
      .post("/api/v1/staff/session", bind(sign_in))
      .post(std::string(kFlowPath) + "/code", bind(second_factor))
      .del("/api/v1/staff/session", bind(sign_out))
      .get("/api/v1/staff/me", bind(staff_only(show_me)))
      .get("/api/v1/staff/people", bind(staff_only(search)))
      .get(person, bind(staff_only(show_person)))
      .post("/api/v1/staff/people/(pupil)/([1-9][0-9]{0,17})/letter", bind(staff_only(issue_letter)))
      .post("/api/v1/staff/people/(guardian)/([1-9][0-9]{0,17})/letter", bind(staff_only(issue_activation_letter)))
      .post(person + "/unlock", bind(staff_only(unlock)))
      .post(person + "/close-sessions", bind(staff_only(close_sessions)))
      .post(school + "/letters", bind(staff_only(class_letters)))
      .get(school + "/progress", bind(staff_only(show_progress)))
      .get(school + "/missing", bind(staff_only(show_missing)))
      .get(school + "/audit", bind(staff_only(show_audit)));
}

void add_dev_routes(http::Router& router, Services& services) {
  router.get("/api/v1/dev/staff-code", [&services](const httplib::Request& req, httplib::Response& res) {
    auto connection = services.database.connection();
    const std::optional<std::string> code = current_code(*connection, services.keyed_hasher,
                                                         req.get_param_value("email"), services.clock.unix_seconds());
    if (!code) return http::send_error(res, 404, "not_found");
    http::send_json(res, 200, nlohmann::json{{"code", *code}});
  });
}

}  // namespace sesame::staff
