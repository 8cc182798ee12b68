#include "web/app/update.h"

#include <catch2/catch.hpp>

#include "web/app/remembered_choice.h"

using namespace sesame::web;

namespace {

const HttpRequest kConfigRequest{RequestKind::Config, "GET", "/api/v1/config", ""};

const char* kServerConfig = R"json({
  "profiles": [
    {"code": "eleve", "label": "Élève"},
    {"code": "parent", "label": "Représentant légal (parents)"},
    {"code": "personnel", "label": "Personnel Éducation nationale"},
    {"code": "agricole", "label": "Enseignement agricole (Élève, parent ou personnel)"},
    {"code": "collectivite", "label": "Personnel collectivité et invité"}],
  "levels": [{"code": "ecole", "label": "École"}, {"code": "college_lycee", "label": "Collège / Lycée"}],
  "franceconnect": false,
  "sms_code_validity_minutes": 30,
  "sms_resend_interval_seconds": 60})json";

AppState started(std::string route = "#/profil", std::optional<std::string> remembered = std::nullopt) {
  AppState state;
  update(state, AppStarted{std::move(route), std::move(remembered)});
  return state;
}

AppState chosen(const std::string& profile, const std::string& level, bool remember) {
  AppState state = started();
  update(state, HttpAnswered{RequestKind::Config, 200, kServerConfig});
  update(state, ProfilePicked{profile});
  update(state, LevelPicked{level});
  update(state, RememberPicked{remember});
  return state;
}

}  // namespace

TEST_CASE("at start the first screen shows and the configuration is asked for", "[update]") {
  AppState state;
  auto out = update(state, AppStarted{"", std::nullopt});
  CHECK(state.screen == Screen::ProfileChoice);
  CHECK(state.config_status == LoadStatus::Loading);
  CHECK(state.choice == ProfileChoiceForm{});
  CHECK_FALSE(state.can_connect());
  REQUIRE(out.size() == 2);
  CHECK(out[0] == Request{ReplaceRoute{"#/profil"}});
  CHECK(out[1] == Request{kConfigRequest});
}

TEST_CASE("a reload stays on the screen named by the address", "[update]") {
  AppState state;
  auto out = update(state, AppStarted{"#/educonnect", std::nullopt});
  CHECK(state.screen == Screen::EduConnectProfile);
  CHECK(out == std::vector<Request>{kConfigRequest});
}

TEST_CASE("a remembered choice is restored at start", "[update]") {
  AppState state = started("#/profil", R"json({"profil":"parent","niveau":"college_lycee"})json");
  CHECK(state.choice == ProfileChoiceForm{"parent", "college_lycee", true});
  CHECK(state.can_connect());

  AppState damaged = started("#/profil", "not json");
  CHECK(damaged.choice == ProfileChoiceForm{});
}

TEST_CASE("the server's configuration replaces the compiled lists", "[update]") {
  AppState state = started();
  update(state, HttpAnswered{RequestKind::Config, 200,
                             R"json({"profiles":[{"code":"parent","label":"Parents"}],
                                 "levels":[{"code":"ecole","label":"École"}],
                                 "franceconnect":true,"sms_code_validity_minutes":30,"sms_resend_interval_seconds":60})json"});
  CHECK(state.config_status == LoadStatus::Loaded);
  REQUIRE(state.config.profiles.size() == 1);
  CHECK(state.config.profiles[0].label == "Parents");
  CHECK(state.config.franceconnect);
}

TEST_CASE("a remembered level the server no longer offers is unselected", "[update]") {
  AppState state = started("#/profil", R"json({"profil":"parent","niveau":"college_lycee"})json");
  update(state, HttpAnswered{RequestKind::Config, 200,
                             R"json({"profiles":[{"code":"parent","label":"Parents"}],
                                 "levels":[{"code":"ecole","label":"École"}],
                                 "franceconnect":false,"sms_code_validity_minutes":30,"sms_resend_interval_seconds":60})json"});
  CHECK(state.choice.profile == "parent");
  CHECK(state.choice.level.empty());
  CHECK_FALSE(state.can_connect());
}

TEST_CASE("a failed configuration can be asked for again, once at a time", "[update]") {
  for (int status : {0, 500, 404}) {
    AppState state = started();
    update(state, HttpAnswered{RequestKind::Config, status, "{}"});
    CHECK(state.config_status == LoadStatus::Failed);
    CHECK(update(state, RetryConfigPressed{}) == std::vector<Request>{kConfigRequest});
    CHECK(state.config_status == LoadStatus::Loading);
    CHECK(update(state, RetryConfigPressed{}).empty());
  }
  AppState garbage = started();
  update(garbage, HttpAnswered{RequestKind::Config, 200, "<html>proxy</html>"});
  CHECK(garbage.config_status == LoadStatus::Failed);
}

TEST_CASE("Se connecter does nothing until a profile and a level are chosen", "[update]") {
  AppState state = started();
  CHECK(update(state, ConnectPressed{}).empty());
  update(state, ProfilePicked{"parent"});
  CHECK_FALSE(state.can_connect());
  CHECK(update(state, ConnectPressed{}).empty());
  CHECK(state.screen == Screen::ProfileChoice);
  update(state, LevelPicked{"ecole"});
  CHECK(state.can_connect());
}

TEST_CASE("unknown profiles and levels cannot be picked", "[update]") {
  AppState state = started();
  update(state, ProfilePicked{"pirate"});
  update(state, LevelPicked{"universite"});
  CHECK(state.choice == ProfileChoiceForm{});
}

TEST_CASE("a parent who connects reaches \"Je sélectionne mon profil\"", "[update]") {
  AppState state = chosen("parent", "college_lycee", false);
  auto out = update(state, ConnectPressed{});
  CHECK(state.screen == Screen::EduConnectProfile);
  CHECK(out == std::vector<Request>{EraseValue{kRememberedChoiceKey}, PushRoute{"#/educonnect"}});
}

TEST_CASE("\"Oui (je me connecte depuis mon ordinateur)\" stores the choice", "[update]") {
  AppState state = chosen("parent", "ecole", true);
  auto out = update(state, ConnectPressed{});
  REQUIRE(out.size() == 2);
  REQUIRE(std::holds_alternative<StoreValue>(out[0]));
  const auto& stored = std::get<StoreValue>(out[0]);
  CHECK(stored.key == kRememberedChoiceKey);
  CHECK(decode_remembered_choice(stored.value, state.config) == ProfileChoiceForm{"parent", "ecole", true});
}

TEST_CASE("\"Élève\" on the first screen leads to ÉduConnect with « Élève » picked", "[update]") {
  AppState state = chosen("eleve", "college_lycee", false);
  update(state, ConnectPressed{});
  CHECK(state.screen == Screen::EduConnectProfile);
  CHECK(state.notice == Notice::None);
  CHECK(state.educonnect_role == EduConnectRole::Pupil);
}

TEST_CASE("other profiles get a notice and stay on the first screen", "[update]") {
  for (const char* profile : {"agricole", "collectivite"}) {
    AppState state = chosen(profile, "ecole", false);
    auto out = update(state, ConnectPressed{});
    CHECK(state.screen == Screen::ProfileChoice);
    CHECK(state.notice == Notice::ProfileNotServedYet);
    CHECK(out == std::vector<Request>{EraseValue{kRememberedChoiceKey}});
    update(state, ProfilePicked{"parent"});
    CHECK(state.notice == Notice::None);
  }
}

TEST_CASE("\"Personnel Éducation nationale\" leads to the staff sign-in of this Sésame", "[update][staff]") {
  AppState state = chosen("personnel", "college_lycee", false);
  const auto out = update(state, ConnectPressed{});
  CHECK(state.screen == Screen::StaffSignIn);
  CHECK(state.notice == Notice::None);
  CHECK(out == std::vector<Request>{EraseValue{kRememberedChoiceKey}, PushRoute{"#/personnel/connexion"}});
  update(state, BackPressed{});
  CHECK(state.screen == Screen::ProfileChoice);
}

TEST_CASE("Précédent and the browser's back button return to the first screen with the choice kept",
          "[update]") {
  AppState state = chosen("parent", "college_lycee", false);
  update(state, ConnectPressed{});
  CHECK(update(state, BackPressed{}) == std::vector<Request>{PushRoute{"#/profil"}});
  CHECK(state.screen == Screen::ProfileChoice);
  CHECK(state.choice == ProfileChoiceForm{"parent", "college_lycee", false});

  update(state, ConnectPressed{});
  CHECK(update(state, RouteChanged{"#/profil"}).empty());
  CHECK(state.screen == Screen::ProfileChoice);
  CHECK(update(state, RouteChanged{"#/nulle-part"}) == std::vector<Request>{ReplaceRoute{"#/profil"}});
}

TEST_CASE("the pupil's role on the second screen leads to the pupils' sign-in", "[update]") {
  AppState state = chosen("parent", "college_lycee", false);
  CHECK(update(state, EduConnectRolePicked{EduConnectRole::Pupil}).empty());  // not on that screen yet: ignored
  CHECK(state.educonnect_role == EduConnectRole::None);
  CHECK(state.screen == Screen::ProfileChoice);
  update(state, ConnectPressed{});
  CHECK(update(state, EduConnectRolePicked{EduConnectRole::Pupil}) ==
        std::vector<Request>{PushRoute{"#/eleve/connexion"}});
  CHECK(state.screen == Screen::PupilSignIn);
  CHECK(state.notice == Notice::None);
  CHECK(update(state, BackPressed{}) == std::vector<Request>{PushRoute{"#/educonnect"}});
  CHECK(state.screen == Screen::EduConnectProfile);
  CHECK(state.educonnect_role == EduConnectRole::None);
}

// --- "Déclaration d'accessibilité", linked from under every screen ------------------

TEST_CASE("the accessibility link opens the statement; Précédent returns to the sign-in as it was left",
          "[update][accessibility]") {
  AppState state = started("#/connexion");
  update(state, FieldEdited{Field::SignInIdentifier, "e.dupont07"});
  CHECK(update(state, AccessibilityPressed{}) == std::vector<Request>{PushRoute{"#/accessibilite"}});
  CHECK(state.screen == Screen::Accessibility);
  CHECK(state.sign_in.identifier == "e.dupont07");
  CHECK(update(state, BackPressed{}) == std::vector<Request>{PushRoute{"#/connexion"}});
  CHECK(state.screen == Screen::SignIn);
  CHECK(state.sign_in.identifier == "e.dupont07");
}

TEST_CASE("opened by its address at load, the statement needs no sign-in and returns to #/profil",
          "[update][accessibility]") {
  AppState state;
  CHECK(update(state, AppStarted{"#/accessibilite", std::nullopt}) == std::vector<Request>{kConfigRequest});
  CHECK(state.screen == Screen::Accessibility);
  CHECK(update(state, BackPressed{}) == std::vector<Request>{PushRoute{"#/profil"}});
  CHECK(state.screen == Screen::ProfileChoice);
}

TEST_CASE("the address bar or the history reaching the statement keeps the form, signed in or not",
          "[update][accessibility]") {
  // Not signed in, in the middle of "Je n'ai pas de compte".
  AppState state = started("#/activation/identite");
  update(state, FieldEdited{Field::LastName, "DUPONT"});
  CHECK(update(state, RouteChanged{"#/accessibilite"}).empty());
  CHECK(state.screen == Screen::Accessibility);
  CHECK(update(state, BackPressed{}) == std::vector<Request>{PushRoute{"#/activation/identite"}});
  CHECK(state.activation.last_name == "DUPONT");

  // Signed in: nothing is asked of the server and the account stays.
  AppState signed_in = started("#/compte/mot-de-passe");
  signed_in.account = sesame::api::Account{};
  signed_in.account->identifier = "e.dupont07";
  update(signed_in, FieldEdited{Field::CurrentPassword, "Ancien-Secret1"});
  CHECK(update(signed_in, RouteChanged{"#/accessibilite/"}).empty());
  CHECK(signed_in.screen == Screen::Accessibility);
  CHECK(update(signed_in, BackPressed{}) == std::vector<Request>{PushRoute{"#/compte/mot-de-passe"}});
  REQUIRE(signed_in.account);
  CHECK(signed_in.account->identifier == "e.dupont07");
  CHECK(signed_in.account_changes.current_password == "Ancien-Secret1");
}

TEST_CASE("the accessibility link waits for the screen's request, and does nothing on the statement itself",
          "[update][accessibility]") {
  AppState state = started("#/connexion");
  state.busy = true;
  CHECK(update(state, AccessibilityPressed{}).empty());
  CHECK(state.screen == Screen::SignIn);
  state.busy = false;
  update(state, AccessibilityPressed{});
  CHECK(update(state, AccessibilityPressed{}).empty());  // no second history entry
  CHECK(update(state, BackPressed{}) == std::vector<Request>{PushRoute{"#/connexion"}});
}

TEST_CASE("back from the statement, a FranceConnect failure keeps its reason in the address",
          "[update][accessibility]") {
  AppState state = started("#/franceconnect/echec/franceconnect_state_mismatch");
  REQUIRE(state.screen == Screen::FranceConnectFailure);
  update(state, AccessibilityPressed{});
  CHECK(update(state, BackPressed{}) ==
        std::vector<Request>{PushRoute{"#/franceconnect/echec/franceconnect_state_mismatch"}});
  CHECK(state.franceconnect.failure == "franceconnect_state_mismatch");
}
