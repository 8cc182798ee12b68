// The client's sign-in and account-creation logic without a window: events in,
// requests and state out, the server's answers played by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "flow_support.h"
#include "web/app/activation.h"
#include "web/app/update.h"

using namespace sesame::web;
using namespace sesame::web::testing;
using nlohmann::json;

namespace {

const char* kChildren = R"({"children": [
  {"id": "1", "first_name": "Albert", "last_name": "DUPONT",
   "school": {"name": "CLG LES COURTILS", "city": "MONTMARTIN-SUR-MER", "uai": "0500048F"}},
  {"id": "2", "first_name": "Jeanne", "last_name": "DUPONT",
   "school": {"name": "E.P.U JOSEPHINE BAKER", "city": "MONTMARTIN-SUR-MER", "uai": "0501271K"}}]})";

}  // namespace

TEST_CASE("the guardian's tile leads to the sign-in screen", "[flows]") {
  AppState state = on(Screen::EduConnectProfile);
  const auto out = update(state, EduConnectRolePicked{EduConnectRole::Guardian});
  CHECK(state.screen == Screen::SignIn);
  CHECK(pushes(out, "#/connexion"));
}

TEST_CASE("sign-in checks its fields, sends once, and lands on the account", "[flows]") {
  AppState state = on(Screen::SignIn);
  CHECK(update(state, SignInPressed{}).empty());
  CHECK(state.field_errors.count(Field::SignInIdentifier) == 1);
  CHECK(state.field_errors.count(Field::SignInPassword) == 1);

  type(state, Field::SignInIdentifier, "  E.Dupont07 ");
  type(state, Field::SignInPassword, "Ecole2026μ!");
  CHECK(state.field_errors.empty());
  const auto out = update(state, SignInPressed{});
  const std::optional<HttpRequest> request = http_of(out);
  REQUIRE(request);
  CHECK(request->kind == RequestKind::SignIn);
  CHECK(json::parse(request->body) == json{{"identifier", "e.dupont07"}, {"password", "Ecole2026μ!"}});
  CHECK(state.busy);
  CHECK(update(state, SignInPressed{}).empty());  // a double tap sends one request

  SECTION("refused") {
    update(state, HttpAnswered{RequestKind::SignIn, 401,
                               R"({"error":{"code":"invalid_credentials","message":"Identifiant ou mot de passe incorrect."}})"});
    CHECK_FALSE(state.busy);
    CHECK(state.form_error == "Identifiant ou mot de passe incorrect.");
    CHECK(state.sign_in.password.empty());
    CHECK(state.screen == Screen::SignIn);
  }
  SECTION("accepted") {
    const json account = {{"identifier", "e.dupont07"}, {"first_name", "Emilie"}, {"last_name", "DUPONT"},
                          {"email_verified", false}, {"alerts_at_login", true}, {"children", json::array()},
                          {"new_children", json::array()}, {"alerts", json::array()}};
    const auto after = update(state, HttpAnswered{RequestKind::SignIn, 200, json{{"account", account}}.dump()});
    CHECK(state.screen == Screen::Account);
    CHECK(pushes(after, "#/compte"));
    REQUIRE(state.account);
    CHECK(state.account->identifier == "e.dupont07");
    CHECK(state.sign_in.password.empty());
  }
  SECTION("no answer") {
    update(state, HttpAnswered{RequestKind::SignIn, 0, ""});
    CHECK(state.form_error.find("ne répond pas") != std::string::npos);
  }
}

TEST_CASE("account creation goes from identity to identifier", "[flows]") {
  AppState state = on(Screen::SignIn);
  CHECK(pushes(update(state, NoAccountPressed{}), "#/activation/identite"));
  CHECK(state.screen == Screen::ActivationIdentity);

  // The shared rules refuse before anything is sent.
  type(state, Field::LastName, "DUPONT");
  type(state, Field::FirstName, "Emilie");
  type(state, Field::Phone, "02 33 45 67 89");
  CHECK(update(state, IdentitySubmitted{}).empty());
  CHECK(state.field_errors.count(Field::Phone) == 1);
  type(state, Field::Phone, "06 12 34 56 78");
  const std::optional<HttpRequest> start = http_of(update(state, IdentitySubmitted{}));
  REQUIRE(start);
  CHECK(start->path == "/api/v1/activation");
  CHECK(json::parse(start->body) ==
        json{{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "06 12 34 56 78"}, {"dial_code", "+33"}});

  update(state, HttpAnswered{RequestKind::ActivationStart, 201,
                             R"({"flow":"F1","phone_masked":"+33 6 ** ** ** 78","expires_at":"2026-11-28T15:00:00Z"})"});
  CHECK(state.screen == Screen::ActivationCode);
  CHECK(state.activation.phone_masked == "+33 6 ** ** ** 78");

  type(state, Field::Code, "12 34");
  CHECK(update(state, CodeSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::Code) == 1);
  type(state, Field::Code, "123 456");
  const std::optional<HttpRequest> code = http_of(update(state, CodeSubmitted{}));
  REQUIRE(code);
  CHECK(code->path == "/api/v1/activation/F1/sms");
  CHECK(json::parse(code->body) == json{{"code", "123456"}});
  update(state, HttpAnswered{RequestKind::ActivationCode, 400,
                             R"({"error":{"code":"invalid_code","message":"Le code de sécurité est incorrect.","remaining_attempts":4}})"});
  CHECK(state.field_errors[Field::Code] == "Le code de sécurité est incorrect. Il vous reste 4 essais.");
  CHECK(state.activation.code.empty());

  type(state, Field::Code, "654321");
  update(state, CodeSubmitted{});
  update(state, HttpAnswered{RequestKind::ActivationCode, 200, kChildren});
  CHECK(state.screen == Screen::ActivationChildren);
  REQUIRE(state.activation.children.size() == 2);

  // Every child must be answered; a date is checked before it is sent.
  CHECK(update(state, ChildrenSubmitted{}).empty());
  CHECK_FALSE(state.activation.children[0].error.empty());
  update(state, GuardianAnswered{0, GuardianAnswer::Yes});
  update(state, GuardianAnswered{1, GuardianAnswer::Yes});
  type(state, Field::ChildBirthDate, "14 03 2012", 0);
  type(state, Field::ChildBirthDate, "31 02 2017", 1);
  CHECK(update(state, ChildrenSubmitted{}).empty());
  CHECK_FALSE(state.activation.children[1].error.empty());
  type(state, Field::ChildBirthDate, "02 09 2016", 1);
  const std::optional<HttpRequest> children = http_of(update(state, ChildrenSubmitted{}));
  REQUIRE(children);
  CHECK(json::parse(children->body)["children"][1] ==
        json{{"id", "2"}, {"is_guardian", true}, {"birth_date", "2016-09-02"}});
  update(state, HttpAnswered{RequestKind::ActivationChildren, 400,
                             R"({"error":{"code":"birth_date_mismatch","message":"…","children":[{"id":"2","remaining_attempts":2}]}})"});
  CHECK(state.activation.children[0].confirmed);
  CHECK(state.activation.children[1].error.find("Il vous reste 2 essais.") != std::string::npos);
  type(state, Field::ChildBirthDate, "02 09 2017", 1);
  const std::optional<HttpRequest> again = http_of(update(state, ChildrenSubmitted{}));
  REQUIRE(again);
  CHECK(json::parse(again->body)["children"].size() == 1);  // Albert was kept by the server
  update(state, HttpAnswered{RequestKind::ActivationChildren, 200, kChildren});
  CHECK(state.screen == Screen::ActivationPassword);

  type(state, Field::NewPassword, "Ecole2026μ!");
  type(state, Field::PasswordConfirmation, "Ecole2026µ!");  // the micro sign, not mu
  CHECK(update(state, PasswordSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::PasswordConfirmation) == 1);
  type(state, Field::PasswordConfirmation, "Ecole2026μ!");
  REQUIRE(http_of(update(state, PasswordSubmitted{})));
  update(state, HttpAnswered{RequestKind::ActivationPassword, 201, R"({"identifier":"e.dupont07"})"});
  CHECK(state.screen == Screen::ActivationIdentifier);
  CHECK(state.activation.identifier == "e.dupont07");
  CHECK(state.activation.password.empty());
  CHECK(update(state, CopyIdentifierPressed{}) == std::vector<Request>{CopyText{"e.dupont07"}});

  const auto to_account = update(state, ContinueToAccountPressed{});
  CHECK(state.screen == Screen::Account);
  REQUIRE(http_of(to_account));
  CHECK(http_of(to_account)->path == "/api/v1/me");
}

TEST_CASE("a flow that is over sends the parent back to the identity screen", "[flows]") {
  AppState state = on(Screen::ActivationCode);
  state.activation.flow = "F1";
  type(state, Field::Code, "123456");
  update(state, CodeSubmitted{});
  update(state, HttpAnswered{RequestKind::ActivationCode, 410,
                             R"({"error":{"code":"flow_locked","message":"Trop d'essais : cette démarche est bloquée."}})"});
  CHECK(state.screen == Screen::ActivationIdentity);
  CHECK(state.form_error == "Trop d'essais : cette démarche est bloquée.");
  CHECK(state.activation.flow.empty());
}

TEST_CASE("a reload in the middle of a flow starts it again; the account page asks the server", "[flows]") {
  AppState state;
  auto out = update(state, AppStarted{"#/activation/enfants", std::nullopt});
  CHECK(state.screen == Screen::ActivationIdentity);
  CHECK(out.front() == Request{ReplaceRoute{"#/activation/identite"}});

  AppState account;
  out = update(account, AppStarted{"#/compte", std::nullopt});
  CHECK(account.screen == Screen::Account);
  REQUIRE(http_of(out));
  CHECK(http_of(out)->path == "/api/v1/me");
  const auto after = update(account, HttpAnswered{RequestKind::Me, 401,
                                                  R"({"error":{"code":"not_authenticated","message":"Votre session a expiré."}})"});
  CHECK(account.screen == Screen::SignIn);
  CHECK(pushes(after, "#/connexion"));
}

TEST_CASE("the country selector sets the dial code sent with the mobile", "[flows]") {
  AppState state = on(Screen::ActivationIdentity);
  update(state, DialCodePicked{"+999"});  // not one of the guide's codes: ignored
  CHECK(state.activation.dial_code == "+33");
  update(state, DialCodePicked{"+262"});
  CHECK(state.activation.dial_code == "+262");
  type(state, Field::LastName, "HOARAU");
  type(state, Field::FirstName, "Maëlys");
  type(state, Field::Phone, "692 12 34 56");
  const auto start = http_of(update(state, IdentitySubmitted{}));
  REQUIRE(start);
  CHECK(json::parse(start->body)["dial_code"] == "+262");
}

TEST_CASE("a profile with its own sign-in page is sent there", "[flows]") {
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  state.config.sign_in_urls = std::vector<sesame::api::ProfileSignIn>{{"personnel", "https://ent.exemple.fr/agents"}};
  update(state, ProfilePicked{"personnel"});
  update(state, LevelPicked{"ecole"});
  const auto out = update(state, ConnectPressed{});
  CHECK(out.back() == Request{OpenUrl{"https://ent.exemple.fr/agents"}});
  CHECK(state.screen == Screen::ProfileChoice);

  update(state, ProfilePicked{"collectivite"});  // none configured: the notice
  update(state, ConnectPressed{});
  CHECK(state.notice == Notice::ProfileNotServedYet);
}

TEST_CASE("\"Renvoyer le SMS\" waits for the server's interval and shows it counting down", "[flows]") {
  AppState state = on(Screen::ActivationIdentity);
  update(state, ClockTicked{10'000});
  type(state, Field::LastName, "Dupont");
  type(state, Field::FirstName, "Émilie");
  type(state, Field::Phone, "06 12 34 56 78");
  update(state, IdentitySubmitted{});
  update(state, HttpAnswered{RequestKind::ActivationStart, 201,
                             R"({"flow":"F1","phone_masked":"+33 6 ** ** ** 78","expires_at":"2026-11-28T15:00:00Z"})"});
  REQUIRE(state.screen == Screen::ActivationCode);

  // The compiled configuration's 60 s, until the server's says otherwise.
  CHECK(activation::resend_wait_seconds(state) == 60);
  CHECK(activation::next_redraw_ms(state) == 11'000.0);  // when "59" is due
  CHECK(update(state, ResendPressed{}).empty());         // too early: nothing sent

  update(state, ClockTicked{10'000 + 59'500});
  CHECK(activation::resend_wait_seconds(state) == 1);
  CHECK(activation::next_redraw_ms(state) == 70'000.0);
  update(state, ClockTicked{70'000});
  CHECK(activation::resend_wait_seconds(state) == 0);
  CHECK_FALSE(activation::next_redraw_ms(state));  // nothing counts down: the client may sleep

  const auto resend = http_of(update(state, ResendPressed{}));
  REQUIRE(resend);
  CHECK(resend->path == "/api/v1/activation/F1/sms/resend");
  update(state, HttpAnswered{RequestKind::ActivationResend, 202, R"({"expires_at":"2026-11-28T15:01:00Z"})"});
  CHECK(state.activation.sms_resent);
  CHECK(activation::resend_wait_seconds(state) == 60);  // a new interval from this SMS

  SECTION("the server's wait replaces the client's guess") {
    update(state, ClockTicked{200'000});
    REQUIRE(http_of(update(state, ResendPressed{})));
    update(state, HttpAnswered{RequestKind::ActivationResend, 429,
                               R"({"error":{"code":"too_many_requests","message":"Trop de demandes.","retry_after_seconds":1200}})"});
    CHECK(activation::resend_wait_seconds(state) == 1200);
    CHECK(state.form_error.empty());  // the countdown says it
  }
  SECTION("every resend used: the button stays off and says why") {
    update(state, ClockTicked{200'000});
    REQUIRE(http_of(update(state, ResendPressed{})));
    update(state, HttpAnswered{RequestKind::ActivationResend, 429,
                               R"({"error":{"code":"too_many_requests","message":"Trop de demandes."}})"});
    CHECK(state.activation.resends_used_up);
    update(state, ClockTicked{10'000'000});
    CHECK(update(state, ResendPressed{}).empty());
    CHECK_FALSE(activation::next_redraw_ms(state));
  }
  SECTION("another screen has nothing to count down") {
    update(state, BackPressed{});
    CHECK_FALSE(activation::next_redraw_ms(state));
  }
}
