// "Identifiant oublié ?" and "Mot de passe oublié ?" over real HTTP: a known
// phone, address or identifier gets its message, an unknown one the very same
// answer and nothing sent; the reset code has the tries, expiry and single use
// of every code, and a new password ends every session.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "journeys.h"
#include "json_error_check.h"

using namespace std::chrono_literals;
using namespace sesame::testing;
using nlohmann::json;

namespace {

struct Recovery : DupontAccount {
  httplib::Result forgot_identifier(const json& body) { return post("/api/v1/recovery/identifier", body); }
  httplib::Result forgot_password(const std::string& typed) {
    return post("/api/v1/recovery/password", {{"identifier", typed}});
  }
  std::string reset_path(const std::string& flow, const std::string& step) const {
    return "/api/v1/recovery/password/" + flow + step;
  }
  // The reset's last step: `password`, typed twice.
  httplib::Result choose_password(const std::string& flow, const std::string& password) {
    return post(reset_path(flow, "/password"), {{"password", password}, {"confirmation", password}});
  }
  // Starts a reset and answers its flow id.
  std::string start_reset(const std::string& typed) {
    const auto res = forgot_password(typed);
    REQUIRE(res);
    REQUIRE(res->status == 201);
    const json body = json::parse(res->body);
    CHECK(body.size() == 1);  // {flow}: nothing that tells whether the identifier exists
    return body["flow"];
  }
  // Gives the account a verified e-mail address through "Mon compte".
  void verify_email(const std::string& address) {
    const std::string cookie = sign_in_cookie(identifier, kEmiliePassword);
    REQUIRE(post_as(cookie, "/api/v1/me/email", {{"email", address}})->status == 202);
    REQUIRE(post_as(cookie, "/api/v1/me/email/verify", {{"code", latest_code(address)}})->status == 200);
  }
};

}  // namespace

TEST_CASE("a forgotten identifier goes by SMS to a known mobile, and nothing to an unknown one", "[recovery]") {
  Recovery r;
  const std::size_t before = r.outbox(kEmilieMobile).size();
  const auto known = r.forgot_identifier({{"phone", "06 12 34 56 78"}});
  const auto unknown = r.forgot_identifier({{"phone", "06 99 88 77 66"}});
  REQUIRE(known);
  REQUIRE(unknown);
  CHECK(known->status == 202);
  CHECK(unknown->status == 202);
  CHECK(known->body == unknown->body);
  const json sms = r.outbox(kEmilieMobile);
  REQUIRE(sms.size() == before + 1);
  CHECK(sms[0]["body"] == "Sésame ENT : l'identifiant de votre compte est " + r.identifier + ".");
  CHECK(r.outbox("+33699887766").empty());

  require_json_error(r.forgot_identifier({{"phone", "01 23 45 67 89"}}), 400, "phone_landline");
  require_json_error(r.forgot_identifier(json::object()), 400, "contact_required");
  require_json_error(r.forgot_identifier({{"phone", "0612345678"}, {"email", "a@exemple.fr"}}), 400,
                     "contact_required");
}

TEST_CASE("a forgotten identifier goes by e-mail only to a verified address", "[recovery]") {
  Recovery r;
  SECTION("unverified: nothing") {
    const std::string cookie = r.sign_in_cookie(r.identifier, kEmiliePassword);
    REQUIRE(r.post_as(cookie, "/api/v1/me/email", {{"email", "emilie@exemple.fr"}})->status == 202);
    CHECK(r.forgot_identifier({{"email", "emilie@exemple.fr"}})->status == 202);
    CHECK(r.outbox("emilie@exemple.fr").size() == 1);  // the verification code only
  }
  SECTION("verified, in any case: the identifier") {
    r.verify_email("emilie@exemple.fr");
    const auto known = r.forgot_identifier({{"email", "Emilie@Exemple.FR"}});
    const auto unknown = r.forgot_identifier({{"email", "personne@exemple.fr"}});
    CHECK(known->status == 202);
    CHECK(known->body == unknown->body);
    const json mails = r.outbox("Emilie@Exemple.FR");
    REQUIRE(mails.size() == 1);
    const std::string body = mails[0]["body"];
    CHECK(body.starts_with("Sésame ENT : votre identifiant\n\n"));
    CHECK(body.find("l'identifiant de votre compte Sésame ENT est :\n\n    " + r.identifier) != std::string::npos);
    CHECK(r.outbox("personne@exemple.fr").empty());
  }
  require_json_error(r.forgot_identifier({{"email", "pas-une-adresse"}}), 400, "invalid_email");
}

TEST_CASE("a forgotten password is reset with a code sent by SMS", "[recovery]") {
  Recovery r;
  const std::string other_device = r.sign_in_cookie(r.identifier, kEmiliePassword);
  const std::string flow = r.start_reset(r.identifier);
  const std::string code = r.latest_code(kEmilieMobile);
  CHECK(r.outbox(kEmilieMobile)[0]["body"] == "Sésame ENT : pour choisir un nouveau mot de passe, saisissez le code " +
                                                  code + ". Il est valable 30 minutes. Ne le communiquez à personne.");

  // No password before the code.
  require_json_error(r.choose_password(flow, kEmilieNewPassword), 409, "flow_step_out_of_order");
  const std::string wrong = code == "000000" ? "111111" : "000000";
  const auto refused = r.post(r.reset_path(flow, "/code"), {{"code", wrong}});
  require_json_error(refused, 400, "invalid_code");
  CHECK(json::parse(refused->body)["error"]["remaining_attempts"] == 4);
  REQUIRE(r.post(r.reset_path(flow, "/code"), {{"code", code}})->status == 200);
  require_json_error(r.post(r.reset_path(flow, "/code"), {{"code", code}}), 409, "flow_step_out_of_order");

  const auto weak = r.choose_password(flow, "court");
  CHECK(weak->status == 400);
  CHECK(json::parse(weak->body)["error"]["code"] == "password_policy");
  const auto reset = r.choose_password(flow, kEmilieNewPassword);
  REQUIRE(reset);
  CHECK(reset->status == 204);

  CHECK(r.get_as(other_device, "/api/v1/me")->status == 401);  // every session ends
  require_json_error(r.post("/api/v1/session", {{"identifier", r.identifier}, {"password", kEmiliePassword}}), 401,
                     "invalid_credentials");
  CHECK(r.post("/api/v1/session", {{"identifier", r.identifier}, {"password", kEmilieNewPassword}})->status ==
        200);
  require_json_error(r.choose_password(flow, kEmilieNewPassword), 410, "flow_completed");
  CHECK(r.count("SELECT count(*) FROM audit_log WHERE kind = 'password_reset'") == 1);
}

TEST_CASE("an unknown identifier gets a flow like any other, where no code is ever right", "[recovery]") {
  Recovery r;
  const std::int64_t before = r.count("SELECT count(*) FROM outbox");
  const std::string flow = r.start_reset("p.inconnu42");
  CHECK(r.count("SELECT count(*) FROM outbox") == before);
  for (int i = 1; i <= 4; ++i) {
    const auto res = r.post(r.reset_path(flow, "/code"), {{"code", "123456"}});
    require_json_error(res, 400, "invalid_code");
    CHECK(json::parse(res->body)["error"]["remaining_attempts"] == 5 - i);
  }
  require_json_error(r.post(r.reset_path(flow, "/code"), {{"code", "123456"}}), 410, "flow_locked");
  require_json_error(r.forgot_password("pas un identifiant"), 400, "identifier_invalid_format");
}

TEST_CASE("a reset code dies after 30 minutes and after five wrong tries", "[recovery]") {
  Recovery r;
  const std::string flow = r.start_reset(r.identifier);
  const std::string code = r.latest_code(kEmilieMobile);
  SECTION("expiry") {
    r.clock->advance(30min);
    require_json_error(r.post(r.reset_path(flow, "/code"), {{"code", code}}), 410, "flow_expired");
  }
  SECTION("tries") {
    const std::string wrong = code == "000000" ? "111111" : "000000";
    for (int i = 0; i < 4; ++i) require_json_error(r.post(r.reset_path(flow, "/code"), {{"code", wrong}}), 400, "invalid_code");
    require_json_error(r.post(r.reset_path(flow, "/code"), {{"code", wrong}}), 410, "flow_locked");
    require_json_error(r.post(r.reset_path(flow, "/code"), {{"code", code}}), 410, "flow_locked");
  }
  SECTION("unknown flow id") {
    require_json_error(r.post(r.reset_path("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/code"), {{"code", code}}), 410,
                       "flow_expired");
  }
}

TEST_CASE("resets of one identifier are limited alike, known or not", "[recovery]") {
  Recovery r;
  for (const std::string& typed : {r.identifier, std::string("p.inconnu42")}) {
    INFO(typed);
    for (int i = 0; i < 5; ++i) r.start_reset(typed);
    const auto refused = r.forgot_password(typed);
    require_json_error(refused, 429, "too_many_requests");
    CHECK(json::parse(refused->body)["error"]["retry_after_seconds"] == 3600);
  }
}

TEST_CASE("a reset lifts the sign-in throttle of the identifier", "[recovery]") {
  Recovery r;
  for (int i = 0; i < 5; ++i)
    require_json_error(r.post("/api/v1/session", {{"identifier", r.identifier}, {"password", "Devine!2026"}}), 401,
                       "invalid_credentials");
  require_json_error(r.post("/api/v1/session", {{"identifier", r.identifier}, {"password", kEmiliePassword}}), 429,
                     "too_many_attempts");
  const std::string flow = r.start_reset(r.identifier);
  REQUIRE(r.post(r.reset_path(flow, "/code"), {{"code", r.latest_code(kEmilieMobile)}})->status == 200);
  REQUIRE(r.choose_password(flow, kEmilieNewPassword)->status == 204);
  CHECK(r.post("/api/v1/session", {{"identifier", r.identifier}, {"password", kEmilieNewPassword}})->status ==
        200);
}
