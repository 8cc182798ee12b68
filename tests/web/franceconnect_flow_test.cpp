// Méthode A in the client without a window: the FranceConnect button, the
// failure page, "Rattacher des élèves" through the activation's code and
// children screens to "Mon compte", and the logout through the provider.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "flow_support.h"
#include "web/app/update.h"

using namespace sesame::web;
using namespace sesame::web::testing;
using nlohmann::json;

namespace {

AppState with_franceconnect(Screen screen) {
  AppState state = on(screen);
  state.config.franceconnect = true;
  return state;
}

bool opens(const std::vector<Request>& out, const std::string& url) {
  for (const Request& request : out)
    if (request == Request{OpenUrl{url}}) return true;
  return false;
}

}  // namespace

TEST_CASE("\"S'identifier avec FranceConnect\" leaves for the server's authorize route", "[franceconnect]") {
  AppState state = with_franceconnect(Screen::SignIn);
  CHECK(opens(update(state, FranceConnectPressed{}), "/api/v1/franceconnect/authorize"));
  CHECK(opens(update(state, FranceConnectInfoPressed{}), "https://franceconnect.gouv.fr/"));
  state.config.franceconnect = false;  // a server without FranceConnect draws no button either
  CHECK(update(state, FranceConnectPressed{}).empty());
}

TEST_CASE("a failed FranceConnect sign-in lands on its French explanation", "[franceconnect]") {
  AppState state;
  update(state, AppStarted{"#/franceconnect/echec/franceconnect_state_mismatch", std::nullopt});
  CHECK(state.screen == Screen::FranceConnectFailure);
  CHECK(state.franceconnect.failure == "franceconnect_state_mismatch");
  // Only a catalogue code's shape is read from the address bar.
  AppState forged;
  update(forged, AppStarted{"#/franceconnect/echec/<script>", std::nullopt});
  CHECK(forged.screen == Screen::ProfileChoice);
  update(state, BackPressed{});
  CHECK(state.screen == Screen::SignIn);
}

TEST_CASE("\"Rattacher des élèves\": the mobile, the SMS code, the children, then \"Mon compte\"", "[franceconnect]") {
  AppState state;
  const auto entered = update(state, AppStarted{"#/franceconnect/rattacher", std::nullopt});
  CHECK(state.screen == Screen::FranceConnectAttach);
  bool asks_pending = false;
  for (const Request& request : entered)
    if (const auto* http = std::get_if<HttpRequest>(&request))
      asks_pending = asks_pending || http->path == "/api/v1/franceconnect/pending";
  CHECK(asks_pending);
  update(state, HttpAnswered{RequestKind::FranceConnectPending, 200, R"({"given_name":"Emilie","family_name":"DUPONT"})"});
  CHECK(state.franceconnect.given_name == "Emilie");

  type(state, Field::Phone, "02 33 45 67 89");  // a landline: refused before anything is sent
  CHECK(update(state, AttachSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::Phone) == 1);
  update(state, DialCodePicked{"+33"});
  type(state, Field::Phone, "06 12 34 56 78");
  const auto attach = http_of(update(state, AttachSubmitted{}));
  REQUIRE(attach);
  CHECK(attach->path == "/api/v1/franceconnect/attach");
  CHECK(json::parse(attach->body) == json{{"phone", "06 12 34 56 78"}, {"dial_code", "+33"}});
  CHECK(state.busy);

  update(state, HttpAnswered{RequestKind::FranceConnectAttach, 201,
                             R"({"flow":"F1","phone_masked":"+33 6 ** ** ** 78","expires_at":"2026-11-28T15:00:00Z"})"});
  CHECK(state.screen == Screen::ActivationCode);
  CHECK(state.activation.franceconnect);
  update(state, BackPressed{});  // "Précédent" goes back to the mobile, not to the identity form
  CHECK(state.screen == Screen::FranceConnectAttach);
  update(state, HttpAnswered{RequestKind::FranceConnectAttach, 201,
                             R"({"flow":"F2","phone_masked":"+33 6 ** ** ** 78","expires_at":"2026-11-28T15:00:00Z"})"});

  type(state, Field::Code, "123456");
  REQUIRE(http_of(update(state, CodeSubmitted{}))->path == "/api/v1/activation/F2/sms");
  update(state, HttpAnswered{RequestKind::ActivationCode, 200,
                             R"({"children":[{"id":"1","first_name":"Albert","last_name":"DUPONT",
                                 "school":{"name":"CLG LES COURTILS","city":"MONTMARTIN-SUR-MER","uai":"0500048F"}}]})"});
  REQUIRE(state.screen == Screen::ActivationChildren);
  update(state, GuardianAnswered{0, GuardianAnswer::Yes});
  type(state, Field::ChildBirthDate, "14 03 2012", 0);
  REQUIRE(http_of(update(state, ChildrenSubmitted{}))->path == "/api/v1/activation/F2/children");
  const auto out = update(state, HttpAnswered{RequestKind::ActivationChildren, 201, R"({"identifier":"e.dupont42"})"});
  CHECK(state.screen == Screen::Account);  // no password step
  CHECK(http_of(out)->path == "/api/v1/me");
}

TEST_CASE("an expired FranceConnect identity says to start again", "[franceconnect]") {
  AppState state;
  update(state, AppStarted{"#/franceconnect/rattacher", std::nullopt});
  update(state, HttpAnswered{RequestKind::FranceConnectPending, 410,
                             R"({"error":{"code":"flow_expired","message":"Cette démarche a expiré."}})"});
  CHECK(state.form_error.find("FranceConnect") != std::string::npos);
}

std::string account_json(bool franceconnect) {
  return json{{"identifier", "e.dupont42"}, {"first_name", "Emilie"}, {"last_name", "DUPONT"},
              {"email_verified", false}, {"alerts_at_login", true}, {"franceconnect", franceconnect},
              {"children", json::array()}, {"new_children", json::array()}, {"alerts", json::array()}}
      .dump();
}

TEST_CASE("an account signed in through FranceConnect signs out through the provider", "[franceconnect]") {
  AppState state;
  update(state, AppStarted{"#/compte", std::nullopt});
  update(state, HttpAnswered{RequestKind::Me, 200, account_json(true)});
  REQUIRE(state.account);
  CHECK(opens(update(state, SignOutPressed{}), "/api/v1/franceconnect/logout"));
  CHECK_FALSE(state.account);
}

TEST_CASE("\"Activer la connexion avec FranceConnect\": the password proved, then the provider, then \"Mon compte\"",
          "[franceconnect]") {
  AppState state = with_franceconnect(Screen::Account);
  update(state, HttpAnswered{RequestKind::Me, 200, account_json(false)});
  update(state, AccountChangePressed{Screen::AccountFranceConnect});
  REQUIRE(state.screen == Screen::AccountFranceConnect);

  // Nothing is sent without the password.
  CHECK_FALSE(http_of(update(state, AccountChangeSubmitted{})));
  CHECK(state.field_errors.count(Field::CurrentPassword) == 1);

  // A wrong password: said under the field, and the field emptied.
  type(state, Field::CurrentPassword, "PasLeBon2026!");
  const auto sent = http_of(update(state, AccountChangeSubmitted{}));
  REQUIRE(sent);
  CHECK(sent->path == "/api/v1/me/franceconnect");
  CHECK(json::parse(sent->body) == json{{"password", "PasLeBon2026!"}});
  update(state, HttpAnswered{RequestKind::AccountFranceConnect, 401,
                             R"({"error":{"code":"invalid_current_password","message":"Le mot de passe actuel est )"
                             R"(incorrect.","field":"password"}})"});
  CHECK(state.screen == Screen::AccountFranceConnect);  // still signed in
  CHECK(state.field_errors[Field::CurrentPassword] == "Le mot de passe actuel est incorrect.");
  CHECK(state.account_changes.current_password.empty());

  // The right one: the browser leaves for the provider's page, the password forgotten.
  type(state, Field::CurrentPassword, "Ecole2026μ!");
  update(state, AccountChangeSubmitted{});
  const std::string url = "http://127.0.0.1:8081/api/v2/authorize?state=abc";
  CHECK(opens(update(state, HttpAnswered{RequestKind::AccountFranceConnect, 200, json{{"authorize_url", url}}.dump()}),
              url));
  CHECK(state.busy);
  CHECK(state.account_changes.current_password.empty());
  // Anything but a web address is not followed.
  AppState odd = with_franceconnect(Screen::AccountFranceConnect);
  odd.busy = true;
  CHECK_FALSE(opens(update(odd, HttpAnswered{RequestKind::AccountFranceConnect, 200,
                                             R"js({"authorize_url":"javascript:alert(1)"})js"}),
                    "javascript:alert(1)"));
  CHECK_FALSE(odd.form_error.empty());

  // Back from the provider: "Mon compte" with its success alert, the address cleaned.
  AppState back;
  const auto entered = update(back, AppStarted{"#/compte/franceconnect/activee", std::nullopt});
  CHECK(back.screen == Screen::Account);
  CHECK(back.account_changes.success.find("FranceConnect est activée") != std::string::npos);
  bool cleaned = false, asks_me = false;
  for (const Request& request : entered) {
    cleaned = cleaned || request == Request{ReplaceRoute{"#/compte"}};
    if (const auto* http = std::get_if<HttpRequest>(&request)) asks_me = asks_me || http->path == "/api/v1/me";
  }
  CHECK(cleaned);
  CHECK(asks_me);
}
