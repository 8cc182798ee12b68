// "Mon compte ÉduConnect" changes without a window: events in, requests and
// state out, the server's answers played by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "flow_support.h"
#include "web/app/update.h"

using namespace sesame::web;
using namespace sesame::web::testing;
using nlohmann::json;

namespace {

const json kSchool = {{"name", "CLG LES COURTILS"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0500048F"}};

json account_json() {
  return {{"identifier", "e.dupont07"},
          {"first_name", "Emilie"},
          {"last_name", "DUPONT"},
          {"email_verified", false},
          {"phone", "+33612345678"},
          {"alerts_at_login", true},
          {"children", json::array()},
          {"new_children", json::array()},
          {"alerts", json::array({{{"code", "email_not_verified"}, {"message", "Votre adresse mail…"}}})}};
}

// Signed in, on #/compte, the account loaded.
AppState on_account(json account = account_json()) {
  AppState state;
  update(state, AppStarted{"#/compte", std::nullopt});
  update(state, HttpAnswered{RequestKind::Me, 200, account.dump()});
  REQUIRE(state.account);
  return state;
}

const char* kSignedOut = R"({"error":{"code":"not_authenticated","message":"Votre session a expiré."}})";

}  // namespace

TEST_CASE("the alerts switch patches the account and shows its answer", "[account]") {
  AppState state = on_account();
  const auto request = http_of(update(state, AlertsAtLoginToggled{false}));
  REQUIRE(request);
  CHECK(request->kind == RequestKind::AccountAlerts);
  CHECK(request->method == "PATCH");
  CHECK(request->path == "/api/v1/me");
  CHECK(json::parse(request->body) == json{{"alerts_at_login", false}});
  CHECK(state.busy);
  CHECK(update(state, AlertsAtLoginToggled{false}).empty());  // one request at a time

  json changed = account_json();
  changed["alerts_at_login"] = false;
  update(state, HttpAnswered{RequestKind::AccountAlerts, 200, changed.dump()});
  CHECK_FALSE(state.busy);
  CHECK_FALSE(state.account->alerts_at_login);
}

TEST_CASE("a new e-mail address: shape checked, code sent, code verified, account reloaded", "[account]") {
  AppState state = on_account();
  CHECK(pushes(update(state, AccountChangePressed{Screen::AccountEmail}), "#/compte/email"));
  CHECK(state.screen == Screen::AccountEmail);

  type(state, Field::AccountEmail, "emilie.dupont@exemple");
  CHECK(update(state, AccountChangeSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::AccountEmail) == 1);
  type(state, Field::AccountEmail, " emilie.dupont@exemple.fr ");
  CHECK(state.field_errors.empty());
  const auto start = http_of(update(state, AccountChangeSubmitted{}));
  REQUIRE(start);
  CHECK(start->kind == RequestKind::AccountEmail);
  CHECK(start->path == "/api/v1/me/email");
  CHECK(json::parse(start->body) == json{{"email", "emilie.dupont@exemple.fr"}});
  update(state, HttpAnswered{RequestKind::AccountEmail, 202, R"({"expires_at":"2026-11-28T15:30:00Z"})"});
  CHECK(state.account_changes.code_sent);

  type(state, Field::AccountCode, "12");
  CHECK(update(state, AccountCodeSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::AccountCode) == 1);
  type(state, Field::AccountCode, "123 456");
  const auto verify = http_of(update(state, AccountCodeSubmitted{}));
  REQUIRE(verify);
  CHECK(verify->kind == RequestKind::AccountEmailVerify);
  CHECK(verify->path == "/api/v1/me/email/verify");
  CHECK(json::parse(verify->body) == json{{"code", "123456"}});

  SECTION("a wrong code tells the attempts left") {
    update(state, HttpAnswered{RequestKind::AccountEmailVerify, 400,
                               R"({"error":{"code":"invalid_code","message":"Le code est incorrect.","remaining_attempts":3}})"});
    CHECK(state.screen == Screen::AccountEmail);
    CHECK(state.field_errors[Field::AccountCode] == "Le code est incorrect. Il vous reste 3 essais.");
    CHECK(state.account_changes.code.empty());
  }
  SECTION("a locked request goes back to the address step with the message") {
    update(state, HttpAnswered{RequestKind::AccountEmailVerify, 410,
                               R"({"error":{"code":"flow_locked","message":"Trop d'essais."}})"});
    CHECK(state.screen == Screen::AccountEmail);
    CHECK_FALSE(state.account_changes.code_sent);
    CHECK(state.form_error == "Trop d'essais.");
    CHECK(state.account_changes.email == " emilie.dupont@exemple.fr ");
  }
  SECTION("accepted: back to the account, with a success alert and GET /me") {
    const auto out = update(state, HttpAnswered{RequestKind::AccountEmailVerify, 200, "{}"});
    CHECK(state.screen == Screen::Account);
    CHECK(pushes(out, "#/compte"));
    CHECK_FALSE(state.account_changes.success.empty());
    REQUIRE(http_of(out));
    CHECK(http_of(out)->path == "/api/v1/me");
  }
}

TEST_CASE("a new mobile: the shared rule, then the code", "[account]") {
  AppState state = on_account();
  update(state, AccountChangePressed{Screen::AccountPhone});
  CHECK(state.screen == Screen::AccountPhone);
  type(state, Field::AccountPhone, "02 33 45 67 89");
  CHECK(update(state, AccountChangeSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::AccountPhone) == 1);
  type(state, Field::AccountPhone, "07.12.34.56.78");
  const auto start = http_of(update(state, AccountChangeSubmitted{}));
  REQUIRE(start);
  CHECK(start->path == "/api/v1/me/phone");
  CHECK(json::parse(start->body) == json{{"phone", "07.12.34.56.78"}, {"dial_code", "+33"}});

  SECTION("the server's refusal goes under the field") {
    update(state, HttpAnswered{RequestKind::AccountPhone, 429,
                               R"({"error":{"code":"too_many_requests","message":"Trop de demandes.","retry_after_seconds":300}})"});
    CHECK(state.form_error == "Trop de demandes. Réessayez dans 5 minutes.");
    CHECK_FALSE(state.account_changes.code_sent);
  }
  SECTION("accepted") {
    update(state, HttpAnswered{RequestKind::AccountPhone, 202, R"({"expires_at":"2026-11-28T15:30:00Z"})"});
    type(state, Field::AccountCode, "654321");
    const auto verify = http_of(update(state, AccountCodeSubmitted{}));
    REQUIRE(verify);
    CHECK(verify->path == "/api/v1/me/phone/verify");
    const auto out = update(state, HttpAnswered{RequestKind::AccountPhoneVerify, 200, "{}"});
    CHECK(state.screen == Screen::Account);
    CHECK(http_of(out)->path == "/api/v1/me");
  }
}

TEST_CASE("the password: rules first, a wrong current password keeps the session", "[account]") {
  AppState state = on_account();
  update(state, AccountChangePressed{Screen::AccountPassword});
  CHECK(state.screen == Screen::AccountPassword);
  type(state, Field::AccountNewPassword, "ecole");
  CHECK(update(state, AccountChangeSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::CurrentPassword) == 1);
  CHECK(state.field_errors.count(Field::AccountNewPassword) == 1);

  type(state, Field::CurrentPassword, "Ecole2026μ!");
  type(state, Field::AccountNewPassword, "Maison2027#");
  type(state, Field::AccountConfirmation, "Maison2027!");
  CHECK(update(state, AccountChangeSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::AccountConfirmation) == 1);
  type(state, Field::AccountConfirmation, "Maison2027#");
  const auto request = http_of(update(state, AccountChangeSubmitted{}));
  REQUIRE(request);
  CHECK(request->path == "/api/v1/me/password");
  CHECK(json::parse(request->body) ==
        json{{"current_password", "Ecole2026μ!"}, {"password", "Maison2027#"}, {"confirmation", "Maison2027#"}});

  SECTION("wrong current password") {
    update(state, HttpAnswered{RequestKind::AccountPassword, 401,
                               R"({"error":{"code":"invalid_current_password","message":"Le mot de passe actuel est incorrect.","field":"current_password"}})"});
    CHECK(state.screen == Screen::AccountPassword);
    CHECK(state.account);
    CHECK(state.field_errors[Field::CurrentPassword] == "Le mot de passe actuel est incorrect.");
    CHECK(state.account_changes.current_password.empty());
  }
  SECTION("session lost") {
    const auto out = update(state, HttpAnswered{RequestKind::AccountPassword, 401, kSignedOut});
    CHECK(state.screen == Screen::SignIn);
    CHECK(pushes(out, "#/connexion"));
    CHECK(state.form_error == "Votre session a expiré.");
    CHECK_FALSE(state.account);
  }
  SECTION("changed") {
    const auto out = update(state, HttpAnswered{RequestKind::AccountPassword, 204, ""});
    CHECK(state.screen == Screen::Account);
    CHECK(state.account_changes.success == "Votre mot de passe a été modifié.");
    CHECK(state.account_changes.password.empty());
    CHECK(state.account_changes.current_password.empty());
  }
}

TEST_CASE("another account's children: identifier checked, wrong password, then added", "[account]") {
  AppState state = on_account();
  update(state, AccountChangePressed{Screen::AccountFromAccount});
  CHECK(state.screen == Screen::AccountFromAccount);
  type(state, Field::OtherIdentifier, "dupont");
  CHECK(update(state, AccountChangeSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::OtherIdentifier) == 1);
  CHECK(state.field_errors.count(Field::OtherPassword) == 1);
  type(state, Field::OtherIdentifier, " E.Dupont12 ");
  type(state, Field::OtherPassword, "Autre2025!x");
  const auto request = http_of(update(state, AccountChangeSubmitted{}));
  REQUIRE(request);
  CHECK(request->path == "/api/v1/me/children/from-account");
  CHECK(json::parse(request->body) == json{{"identifier", "e.dupont12"}, {"password", "Autre2025!x"}});

  SECTION("refused: the session stays") {
    update(state, HttpAnswered{RequestKind::AccountFromAccount, 401,
                               R"({"error":{"code":"invalid_credentials","message":"Identifiant ou mot de passe incorrect."}})"});
    CHECK(state.screen == Screen::AccountFromAccount);
    CHECK(state.form_error == "Identifiant ou mot de passe incorrect.");
    CHECK(state.account_changes.other_password.empty());
  }
  SECTION("added") {
    const auto out = update(state, HttpAnswered{RequestKind::AccountFromAccount, 200, R"({"children":[]})"});
    CHECK(state.screen == Screen::Account);
    CHECK(state.account_changes.success ==
          "Les élèves de votre autre compte ont été ajoutés. Cet autre compte est fermé.");
    CHECK(http_of(out)->path == "/api/v1/me");
  }
}

TEST_CASE("children newly known are confirmed on the account page", "[account]") {
  json account = account_json();
  account["new_children"] = json::array(
      {{{"id", "1"}, {"first_name", "Albert"}, {"last_name", "DUPONT"}, {"school", kSchool}},
       {{"id", "3"}, {"first_name", "Lucas"}, {"last_name", "MARTIN"}, {"school", kSchool}}});
  AppState state = on_account(account);

  CHECK(update(state, NewChildrenSubmitted{}).empty());  // nothing answered yet
  CHECK_FALSE(state.form_error.empty());
  update(state, GuardianAnswered{0, GuardianAnswer::Yes});
  update(state, GuardianAnswered{1, GuardianAnswer::No});
  type(state, Field::NewChildBirthDate, "31 02 2012", 0);
  CHECK(update(state, NewChildrenSubmitted{}).empty());
  CHECK_FALSE(state.account_changes.new_children.front().error.empty());
  type(state, Field::NewChildBirthDate, "14 03 2012", 0);
  const auto request = http_of(update(state, NewChildrenSubmitted{}));
  REQUIRE(request);
  CHECK(request->path == "/api/v1/me/children");
  CHECK(json::parse(request->body) ==
        json{{"children", json::array({{{"id", "1"}, {"is_guardian", true}, {"birth_date", "2012-03-14"}},
                                       {{"id", "3"}, {"is_guardian", false}}})}});

  SECTION("a wrong date tells the attempts left, and the account is asked again") {
    const auto out = update(state, HttpAnswered{RequestKind::AccountChildren, 400,
                                                R"({"error":{"code":"birth_date_mismatch","message":"…","children":[{"id":"1","remaining_attempts":2}]}})"});
    REQUIRE(http_of(out));
    CHECK(http_of(out)->path == "/api/v1/me");
    json after = account_json();
    after["new_children"] = json::array({account["new_children"][0]});
    update(state, HttpAnswered{RequestKind::Me, 200, after.dump()});
    CHECK(state.account->new_children.size() == 1);
    CHECK(state.account_changes.new_children.front().error.find("Il vous reste 2 essais.") != std::string::npos);
  }
  SECTION("accepted") {
    const auto out = update(state, HttpAnswered{RequestKind::AccountChildren, 200, R"({"children":[]})"});
    CHECK(http_of(out)->path == "/api/v1/me");
    CHECK(state.screen == Screen::Account);
  }
}

TEST_CASE("every change route leads to the sign-in when the session is lost", "[account]") {
  for (RequestKind kind : {RequestKind::AccountAlerts, RequestKind::AccountEmail, RequestKind::AccountEmailVerify,
                           RequestKind::AccountPhone, RequestKind::AccountPhoneVerify, RequestKind::AccountChildren,
                           RequestKind::AccountFromAccount}) {
    AppState state = on_account();
    update(state, HttpAnswered{kind, 401, kSignedOut});
    CHECK(state.screen == Screen::SignIn);
    CHECK(state.form_error == "Votre session a expiré.");
  }
  // A reload of a change screen asks for the account, which may be gone.
  AppState state;
  const auto out = update(state, AppStarted{"#/compte/mot-de-passe", std::nullopt});
  CHECK(state.screen == Screen::AccountPassword);
  REQUIRE(http_of(out));
  CHECK(http_of(out)->path == "/api/v1/me");
  update(state, HttpAnswered{RequestKind::Me, 401, kSignedOut});
  CHECK(state.screen == Screen::SignIn);
}

TEST_CASE("a change screen's \"Retour à mon compte\" returns without sending", "[account]") {
  AppState state = on_account();
  update(state, AccountChangePressed{Screen::AccountPassword});
  type(state, Field::CurrentPassword, "secret");
  const auto out = update(state, AccountCancelPressed{});
  CHECK(state.screen == Screen::Account);
  CHECK(pushes(out, "#/compte"));
  CHECK_FALSE(http_of(out));
  CHECK(state.account_changes.current_password.empty());
}

TEST_CASE("a new overseas mobile: the country selector of the mobile screen", "[account]") {
  AppState state = on_account();
  update(state, AccountChangePressed{Screen::AccountPhone});
  update(state, DialCodePicked{"+262"});
  CHECK(state.account_changes.dial_code == "+262");
  update(state, DialCodePicked{"+999"});  // not offered: ignored
  CHECK(state.account_changes.dial_code == "+262");
  type(state, Field::AccountPhone, "692 12 34 56");
  const auto start = http_of(update(state, AccountChangeSubmitted{}));
  REQUIRE(start);
  CHECK(json::parse(start->body) == json{{"phone", "692 12 34 56"}, {"dial_code", "+262"}});
  // Once the code is on its way, the number sent is the one shown.
  update(state, HttpAnswered{RequestKind::AccountPhone, 202, R"({"expires_at":"2026-11-28T15:30:00Z"})"});
  update(state, DialCodePicked{"+33"});
  CHECK(state.account_changes.dial_code == "+262");
}

TEST_CASE("\"Accéder à mes services\": the list is asked, shown, and only its links open", "[account]") {
  AppState state = on_account();
  const auto out = update(state, ServicesPressed{});
  CHECK(state.screen == Screen::AccountServices);
  CHECK(pushes(out, "#/compte/services"));
  const auto ask = http_of(out);
  REQUIRE(ask);
  CHECK(ask->method == "GET");
  CHECK(ask->path == "/api/v1/me/services");
  CHECK(state.services_status == LoadStatus::Loading);
  CHECK(update(state, ServicesPressed{}).empty());  // already asked: one request at a time

  const json services = {
      {"schools",
       {{{"uai", "0500048F"},
         {"name", "CLG LES COURTILS"},
         {"city", "MONTMARTIN-SUR-MER"},
         {"services", {{{"name", "Cahier de textes"}, {"url", "https://ent.exemple.fr/0500048F/cdt"}}}}}}}};
  update(state, HttpAnswered{RequestKind::Services, 200, services.dump()});
  CHECK(state.services_status == LoadStatus::Loaded);
  REQUIRE(state.services);
  CHECK(state.services->schools[0].services[0].name == "Cahier de textes");

  CHECK(update(state, ServiceOpened{"https://ent.exemple.fr/0500048F/cdt"}) ==
        std::vector<Request>{OpenUrl{"https://ent.exemple.fr/0500048F/cdt"}});
  CHECK(update(state, ServiceOpened{"https://elsewhere.example/"}).empty());

  update(state, AccountCancelPressed{});
  CHECK(state.screen == Screen::Account);
}

TEST_CASE("\"Accéder à mes services\": a failure offers \"Réessayer\", a reload asks again", "[account]") {
  AppState state = on_account();
  update(state, ServicesPressed{});
  update(state, HttpAnswered{RequestKind::Services, 0, ""});
  CHECK(state.services_status == LoadStatus::Failed);
  CHECK_FALSE(state.form_error.empty());
  const auto retry = http_of(update(state, ServicesPressed{}));
  REQUIRE(retry);
  CHECK(retry->path == "/api/v1/me/services");

  AppState reloaded;
  const auto out = update(reloaded, AppStarted{"#/compte/services", std::nullopt});
  CHECK(reloaded.screen == Screen::AccountServices);
  bool asks_me = false, asks_services = false;
  for (const Request& request : out)
    if (const auto* http = std::get_if<HttpRequest>(&request)) {
      asks_me = asks_me || http->path == "/api/v1/me";
      asks_services = asks_services || http->path == "/api/v1/me/services";
    }
  CHECK(asks_me);
  CHECK(asks_services);

  update(reloaded, HttpAnswered{RequestKind::Services, 401, kSignedOut});
  CHECK(reloaded.screen == Screen::SignIn);
}
