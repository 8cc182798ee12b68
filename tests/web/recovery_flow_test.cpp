// "Identifiant oublié ?" and "Mot de passe oublié ?" without a window: events in,
// requests and state out, the server's answers played by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "flow_support.h"
#include "web/app/update.h"

using namespace sesame::web;
using namespace sesame::web::testing;
using nlohmann::json;

namespace {

// Through "Mot de passe oublié ?" to the code step of flow "R1".
AppState at_code_step() {
  AppState state = on(Screen::SignIn);
  update(state, ForgottenPasswordPressed{});
  type(state, Field::RecoveryIdentifier, "e.dupont07");
  update(state, RecoverySubmitted{});
  update(state, HttpAnswered{RequestKind::RecoveryPasswordStart, 201, R"({"flow":"R1"})"});
  return state;
}

}  // namespace

TEST_CASE("\"Identifiant oublié ?\" by SMS checks the mobile, then says it was sent", "[recovery]") {
  AppState state = on(Screen::SignIn);
  const auto opened = update(state, ForgottenIdentifierPressed{});
  CHECK(state.screen == Screen::RecoveryIdentifier);
  CHECK(pushes(opened, "#/identifiant-oublie"));
  CHECK(state.recovery.channel == RecoveryChannel::Sms);

  // The shared phone rule refuses before anything is sent.
  type(state, Field::RecoveryPhone, "02 33 45 67 89");
  CHECK(update(state, RecoverySubmitted{}).empty());
  CHECK(state.field_errors.count(Field::RecoveryPhone) == 1);
  type(state, Field::RecoveryPhone, "06 12 34 56 78");
  CHECK(state.field_errors.empty());
  const auto sent = http_of(update(state, RecoverySubmitted{}));
  REQUIRE(sent);
  CHECK(sent->kind == RequestKind::RecoveryIdentifier);
  CHECK(sent->method == "POST");
  CHECK(sent->path == "/api/v1/recovery/identifier");
  CHECK(json::parse(sent->body) == json{{"phone", "+33612345678"}});
  CHECK(state.busy);
  CHECK(update(state, RecoverySubmitted{}).empty());  // a double tap sends one request

  SECTION("accepted: the same answer whether or not an account matches") {
    update(state, HttpAnswered{RequestKind::RecoveryIdentifier, 202, "{}"});
    CHECK_FALSE(state.busy);
    CHECK(state.recovery.identifier_sent);
    CHECK(state.form_error.empty());
    CHECK(update(state, RecoverySubmitted{}).empty());  // nothing more to send
    CHECK(pushes(update(state, BackPressed{}), "#/connexion"));  // "Retour à la connexion"
    CHECK(state.screen == Screen::SignIn);
  }
  SECTION("too many requests: the wait in minutes") {
    update(state, HttpAnswered{RequestKind::RecoveryIdentifier, 429,
                               R"({"error":{"code":"too_many_requests","message":"Trop de demandes en peu de temps.","retry_after_seconds":1500}})"});
    CHECK_FALSE(state.recovery.identifier_sent);
    CHECK(state.form_error == "Trop de demandes en peu de temps. Réessayez dans 25 minutes.");
  }
  SECTION("a refusal naming the phone goes under it") {
    update(state, HttpAnswered{RequestKind::RecoveryIdentifier, 400,
                               R"({"error":{"code":"phone_landline","message":"Ce numéro est un fixe.","field":"phone"}})"});
    CHECK(state.field_errors[Field::RecoveryPhone] == "Ce numéro est un fixe.");
    CHECK(state.form_error.empty());
  }
  SECTION("no answer") {
    update(state, HttpAnswered{RequestKind::RecoveryIdentifier, 0, ""});
    CHECK(state.form_error.find("ne répond pas") != std::string::npos);
  }
}

TEST_CASE("\"Identifiant oublié ?\" by e-mail checks the address", "[recovery]") {
  AppState state = on(Screen::SignIn);
  update(state, ForgottenIdentifierPressed{});
  type(state, Field::RecoveryPhone, "06 12");
  update(state, RecoverySubmitted{});
  CHECK(state.field_errors.count(Field::RecoveryPhone) == 1);
  update(state, RecoveryChannelPicked{RecoveryChannel::Email});
  CHECK(state.recovery.channel == RecoveryChannel::Email);
  CHECK(state.field_errors.empty());  // the other field's error goes with it

  CHECK(update(state, RecoverySubmitted{}).empty());
  CHECK(state.field_errors.count(Field::RecoveryEmail) == 1);  // email_required
  type(state, Field::RecoveryEmail, "emilie.dupont@exemple");
  CHECK(update(state, RecoverySubmitted{}).empty());
  CHECK(state.field_errors.count(Field::RecoveryEmail) == 1);  // invalid_email
  type(state, Field::RecoveryEmail, "  Emilie.Dupont@exemple.fr ");
  const auto sent = http_of(update(state, RecoverySubmitted{}));
  REQUIRE(sent);
  CHECK(sent->path == "/api/v1/recovery/identifier");
  CHECK(json::parse(sent->body) == json{{"email", "Emilie.Dupont@exemple.fr"}});
  update(state, HttpAnswered{RequestKind::RecoveryIdentifier, 202, "{}"});
  CHECK(state.recovery.identifier_sent);
  CHECK(state.recovery.channel == RecoveryChannel::Email);
  update(state, RecoveryChannelPicked{RecoveryChannel::Sms});  // the choice is made
  CHECK(state.recovery.channel == RecoveryChannel::Email);
}

TEST_CASE("\"Mot de passe oublié ?\" goes from identifier to the sign-in screen", "[recovery]") {
  AppState state = on(Screen::SignIn);
  type(state, Field::SignInIdentifier, "E.Dupont07");
  const auto opened = update(state, ForgottenPasswordPressed{});
  CHECK(state.screen == Screen::RecoveryPasswordIdentifier);
  CHECK(pushes(opened, "#/mot-de-passe-oublie"));
  CHECK(state.recovery.identifier == "E.Dupont07");  // what the sign-in screen held

  // Step 1: the identifier, checked with the sign-in's rule.
  type(state, Field::RecoveryIdentifier, "dupont");
  CHECK(update(state, RecoverySubmitted{}).empty());
  CHECK(state.field_errors.count(Field::RecoveryIdentifier) == 1);
  type(state, Field::RecoveryIdentifier, "  E.Dupont07 ");
  const auto start = http_of(update(state, RecoverySubmitted{}));
  REQUIRE(start);
  CHECK(start->kind == RequestKind::RecoveryPasswordStart);
  CHECK(start->path == "/api/v1/recovery/password");
  CHECK(json::parse(start->body) == json{{"identifier", "e.dupont07"}});
  const auto to_code = update(state, HttpAnswered{RequestKind::RecoveryPasswordStart, 201, R"({"flow":"R1"})"});
  CHECK(state.screen == Screen::RecoveryPasswordCode);
  CHECK(pushes(to_code, "#/mot-de-passe-oublie/code"));
  CHECK(state.recovery.flow == "R1");

  // Step 2: the code.
  type(state, Field::RecoveryCode, "12 34");
  CHECK(update(state, RecoverySubmitted{}).empty());
  CHECK(state.field_errors.count(Field::RecoveryCode) == 1);
  type(state, Field::RecoveryCode, "123 456");
  const auto code = http_of(update(state, RecoverySubmitted{}));
  REQUIRE(code);
  CHECK(code->kind == RequestKind::RecoveryPasswordCode);
  CHECK(code->path == "/api/v1/recovery/password/R1/code");
  CHECK(json::parse(code->body) == json{{"code", "123456"}});
  update(state, HttpAnswered{RequestKind::RecoveryPasswordCode, 400,
                             R"({"error":{"code":"invalid_code","message":"Le code de sécurité est incorrect.","remaining_attempts":1,"field":"code"}})"});
  CHECK(state.field_errors[Field::RecoveryCode] == "Le code de sécurité est incorrect. Il vous reste 1 essai.");
  CHECK(state.recovery.code.empty());
  CHECK(state.screen == Screen::RecoveryPasswordCode);
  type(state, Field::RecoveryCode, "654321");
  REQUIRE(http_of(update(state, RecoverySubmitted{})));
  const auto to_password = update(state, HttpAnswered{RequestKind::RecoveryPasswordCode, 200, "{}"});
  CHECK(state.screen == Screen::RecoveryPasswordNew);
  CHECK(pushes(to_password, "#/mot-de-passe-oublie/nouveau"));

  // Step 3: the new password, with the shared rules.
  type(state, Field::RecoveryNewPassword, "cahier");
  type(state, Field::RecoveryConfirmation, "cahier");
  CHECK(update(state, RecoverySubmitted{}).empty());
  CHECK(state.field_errors.count(Field::RecoveryNewPassword) == 1);
  type(state, Field::RecoveryNewPassword, "Cahier!Rouge2027");
  type(state, Field::RecoveryConfirmation, "Cahier!Rouge2026");
  CHECK(update(state, RecoverySubmitted{}).empty());
  CHECK(state.field_errors.count(Field::RecoveryConfirmation) == 1);
  type(state, Field::RecoveryConfirmation, "Cahier!Rouge2027");
  update(state, PasswordShownToggled{});
  CHECK(state.recovery.password_shown);
  const auto password = http_of(update(state, RecoverySubmitted{}));
  REQUIRE(password);
  CHECK(password->kind == RequestKind::RecoveryPasswordSet);
  CHECK(password->path == "/api/v1/recovery/password/R1/password");
  CHECK(json::parse(password->body) == json{{"password", "Cahier!Rouge2027"}, {"confirmation", "Cahier!Rouge2027"}});

  SECTION("refused by the server's rules: under the field") {
    update(state, HttpAnswered{RequestKind::RecoveryPasswordSet, 400,
                               R"({"error":{"code":"password_too_long","message":"Le mot de passe est trop long.","field":"password"}})"});
    CHECK(state.field_errors[Field::RecoveryNewPassword] == "Le mot de passe est trop long.");
    CHECK(state.screen == Screen::RecoveryPasswordNew);
  }
  SECTION("set: back to the sign-in screen with the success notice") {
    const auto done = update(state, HttpAnswered{RequestKind::RecoveryPasswordSet, 204, ""});
    CHECK(state.screen == Screen::SignIn);
    CHECK(pushes(done, "#/connexion"));
    CHECK(state.notice == Notice::PasswordReset);
    CHECK(state.sign_in.identifier == "e.dupont07");
    CHECK(state.sign_in.password.empty());
    CHECK(state.recovery.password.empty());  // the password does not stay in memory
    CHECK(state.recovery.confirmation.empty());
    CHECK(state.recovery.flow.empty());
    CHECK_FALSE(state.busy);
  }
}

TEST_CASE("a recovery flow that is over sends the parent back to the identifier", "[recovery]") {
  for (const char* code : {"flow_expired", "flow_locked", "flow_completed"}) {
    CAPTURE(code);
    AppState state = at_code_step();
    REQUIRE(state.screen == Screen::RecoveryPasswordCode);
    type(state, Field::RecoveryCode, "123456");
    update(state, RecoverySubmitted{});
    const std::string body = json{{"error", {{"code", code}, {"message", std::string("Fin : ") + code}}}}.dump();
    const auto out = update(state, HttpAnswered{RequestKind::RecoveryPasswordCode, 410, body});
    CHECK(state.screen == Screen::RecoveryPasswordIdentifier);
    CHECK(pushes(out, "#/mot-de-passe-oublie"));
    CHECK(state.form_error == std::string("Fin : ") + code);
    CHECK(state.recovery.flow.empty());
    CHECK(state.recovery.identifier == "e.dupont07");  // kept: one press starts again
  }

  AppState state = at_code_step();
  type(state, Field::RecoveryCode, "123456");
  update(state, RecoverySubmitted{});
  update(state, HttpAnswered{RequestKind::RecoveryPasswordCode, 200, "{}"});
  type(state, Field::RecoveryNewPassword, "Cahier!Rouge2027");
  type(state, Field::RecoveryConfirmation, "Cahier!Rouge2027");
  update(state, RecoverySubmitted{});
  update(state, HttpAnswered{RequestKind::RecoveryPasswordSet, 410,
                             R"({"error":{"code":"flow_expired","message":"Cette démarche a expiré."}})"});
  CHECK(state.screen == Screen::RecoveryPasswordIdentifier);
  CHECK(state.form_error == "Cette démarche a expiré.");
  CHECK(state.recovery.password.empty());
}

TEST_CASE("the identifier step shows limits and a malformed answer", "[recovery]") {
  AppState state = on(Screen::SignIn);
  update(state, ForgottenPasswordPressed{});
  type(state, Field::RecoveryIdentifier, "e.dupont07");
  update(state, RecoverySubmitted{});
  SECTION("too many requests") {
    update(state, HttpAnswered{RequestKind::RecoveryPasswordStart, 429,
                               R"({"error":{"code":"too_many_requests","message":"Trop de demandes.","retry_after_seconds":30}})"});
    CHECK(state.screen == Screen::RecoveryPasswordIdentifier);
    CHECK(state.form_error == "Trop de demandes. Réessayez dans une minute.");
  }
  SECTION("a 201 without a flow") {
    update(state, HttpAnswered{RequestKind::RecoveryPasswordStart, 201, "{}"});
    CHECK(state.screen == Screen::RecoveryPasswordIdentifier);
    CHECK_FALSE(state.form_error.empty());
  }
}

TEST_CASE("\"Précédent\" on the recovery screens", "[recovery]") {
  AppState state = at_code_step();
  CHECK(pushes(update(state, BackPressed{}), "#/mot-de-passe-oublie"));
  CHECK(state.screen == Screen::RecoveryPasswordIdentifier);
  CHECK(pushes(update(state, BackPressed{}), "#/connexion"));
  CHECK(state.screen == Screen::SignIn);
}

TEST_CASE("a reload in the middle of \"Mot de passe oublié ?\" starts it again", "[recovery]") {
  for (const char* route : {"#/mot-de-passe-oublie/code", "#/mot-de-passe-oublie/nouveau"}) {
    CAPTURE(route);
    AppState state;
    const auto out = update(state, AppStarted{route, std::nullopt});
    CHECK(state.screen == Screen::RecoveryPasswordIdentifier);
    CHECK(out.front() == Request{ReplaceRoute{"#/mot-de-passe-oublie"}});
  }
  AppState first;
  update(first, AppStarted{"#/mot-de-passe-oublie", std::nullopt});
  CHECK(first.screen == Screen::RecoveryPasswordIdentifier);
  AppState identifier;
  update(identifier, AppStarted{"#/identifiant-oublie", std::nullopt});
  CHECK(identifier.screen == Screen::RecoveryIdentifier);

  // With the flow in memory, the code step shows; the password step needs the code accepted.
  AppState state = at_code_step();
  update(state, RouteChanged{"#/mot-de-passe-oublie/nouveau"});
  CHECK(state.screen == Screen::RecoveryPasswordIdentifier);
  update(state, RouteChanged{"#/mot-de-passe-oublie/code"});
  CHECK(state.screen == Screen::RecoveryPasswordCode);
}

TEST_CASE("the recovery links only work on the sign-in screen", "[recovery]") {
  AppState state = on(Screen::ProfileChoice);
  CHECK(update(state, ForgottenIdentifierPressed{}).empty());
  CHECK(update(state, ForgottenPasswordPressed{}).empty());
  CHECK(update(state, RecoverySubmitted{}).empty());
  CHECK(state.screen == Screen::ProfileChoice);
}
