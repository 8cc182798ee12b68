// A pupil's way in and the parents who help their child, without a window:
// events in, requests and state out, the server's answers played by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "flow_support.h"
#include "web/app/update.h"

using namespace sesame::web;
using namespace sesame::web::testing;
using nlohmann::json;

namespace {

const json kSchool = {{"name", "CLG LES COURTILS"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0500048F"}};

json pupil_json() {
  return {{"identifier", "a.dupont07"},
          {"profile", "eleve"},
          {"pupil", {{"school", kSchool}, {"class_name", "4e B"}}},
          {"first_name", "Albert"},
          {"last_name", "DUPONT"},
          {"email_verified", false},
          {"alerts_at_login", false},
          {"children", json::array()},
          {"new_children", json::array()},
          {"alerts", json::array()}};
}

json parent_json() {
  return {{"identifier", "e.dupont07"},
          {"profile", "parent"},
          {"first_name", "Emilie"},
          {"last_name", "DUPONT"},
          {"email_verified", true},
          {"alerts_at_login", false},
          {"children", json::array({{{"id", "c1"},
                                     {"first_name", "Albert"},
                                     {"last_name", "DUPONT"},
                                     {"school", kSchool},
                                     {"account", {{"identifier", "a.dupont07"}, {"state", "not_activated"}}}},
                                    {{"id", "c2"},
                                     {"first_name", "Jeanne"},
                                     {"last_name", "DUPONT"},
                                     {"school", kSchool},
                                     {"account", {{"identifier", "j.dupont12"}, {"state", "active"}}}},
                                    {{"id", "c3"},
                                     {"first_name", "Lucas"},
                                     {"last_name", "DUPONT"},
                                     {"school", kSchool},
                                     {"account", {{"identifier", "l.dupont03"}, {"state", "disabled"}}}}})},
          {"new_children", json::array()},
          {"alerts", json::array()}};
}

// As the server answers a pupil's letter: a profile, and no children to confirm.
const char* kFirstSignIn =
    R"({"flow":"P1","first_name":"Albert","expires_at":"2027-03-14T23:00:00Z","profile":"eleve","children":[]})";

// "Élève" picked on #/educonnect: the pupils' sign-in screen.
AppState on_pupil_sign_in() {
  AppState state = on(Screen::EduConnectProfile);
  update(state, EduConnectRolePicked{EduConnectRole::Pupil});
  REQUIRE(state.screen == Screen::PupilSignIn);
  return state;
}

// Signed in with the letter's temporary password: the first sign-in's first step, flow "P1".
AppState at_birth_date() {
  AppState state = on_pupil_sign_in();
  type(state, Field::SignInIdentifier, " A.Dupont07 ");
  type(state, Field::SignInPassword, "k7mq-x3fp-9wtd");
  update(state, SignInPressed{});
  update(state, HttpAnswered{RequestKind::SignIn, 202, kFirstSignIn});
  REQUIRE(state.screen == Screen::PupilBirthDate);
  return state;
}

AppState at_password() {
  AppState state = at_birth_date();
  type(state, Field::PupilBirthDate, "14 03 2012");
  update(state, BirthDateSubmitted{});
  update(state, HttpAnswered{RequestKind::FirstSignInBirthDate, 200, "{}"});
  REQUIRE(state.screen == Screen::PupilPassword);
  return state;
}

// The parent signed in, on #/compte with three children: Albert not activated, Jeanne
// active, Lucas disabled.
AppState parent_on_account() {
  AppState state;
  update(state, AppStarted{"#/compte", std::nullopt});
  update(state, HttpAnswered{RequestKind::Me, 200, parent_json().dump()});
  REQUIRE(state.screen == Screen::Account);
  return state;
}

const char* kTemporaryPassword =
    R"({"identifier":"a.dupont07","temporary_password":"k7mq-x3fp-9wtd","expires_on":"2027-03-14"})";

bool offers(const std::vector<Request>& out, const OfferPasswordSave& offer) {
  for (const Request& request : out)
    if (request == Request{offer}) return true;
  return false;
}

}  // namespace

// --- The pupils' sign-in -----------------------------------------------------------

TEST_CASE("\"Élève\" leads to the pupils' sign-in; Précédent returns to the profiles", "[pupil]") {
  AppState state = on(Screen::EduConnectProfile);
  const auto out = update(state, EduConnectRolePicked{EduConnectRole::Pupil});
  CHECK(state.screen == Screen::PupilSignIn);
  CHECK(pushes(out, "#/eleve/connexion"));
  CHECK(state.notice == Notice::None);
  CHECK(pushes(update(state, BackPressed{}), "#/educonnect"));
  CHECK(state.screen == Screen::EduConnectProfile);
}

TEST_CASE("the two sign-in screens do not share what was typed", "[pupil]") {
  AppState state = on(Screen::EduConnectProfile);
  update(state, EduConnectRolePicked{EduConnectRole::Guardian});
  type(state, Field::SignInIdentifier, "e.dupont07");
  update(state, BackPressed{});
  update(state, EduConnectRolePicked{EduConnectRole::Pupil});
  CHECK(state.sign_in.identifier.empty());
  type(state, Field::SignInIdentifier, "a.dupont07");
  update(state, ForgottenPasswordPressed{});  // the help and back: the pupil's form stays
  update(state, BackPressed{});
  CHECK(state.screen == Screen::PupilSignIn);
  CHECK(state.sign_in.identifier == "a.dupont07");
}

TEST_CASE("a pupil's \"… oublié ?\" links lead to the pupils' help, Précédent back", "[pupil]") {
  for (const bool identifier : {true, false}) {
    AppState state = on_pupil_sign_in();
    const auto out =
        identifier ? update(state, ForgottenIdentifierPressed{}) : update(state, ForgottenPasswordPressed{});
    CHECK(state.screen == Screen::PupilHelp);
    CHECK(pushes(out, "#/eleve/aide"));
    CHECK_FALSE(http_of(out));  // no SMS nor e-mail for pupils
    CHECK(pushes(update(state, BackPressed{}), "#/eleve/connexion"));
  }
}

TEST_CASE("the pupils' sign-in checks its fields and posts the session like the parents'", "[pupil]") {
  AppState state = on_pupil_sign_in();
  CHECK(update(state, SignInPressed{}).empty());
  CHECK(state.field_errors.count(Field::SignInIdentifier) == 1);
  CHECK(state.field_errors.count(Field::SignInPassword) == 1);
  type(state, Field::SignInIdentifier, " A.Dupont07 ");
  type(state, Field::SignInPassword, "Mon-Secret2027");
  const auto request = http_of(update(state, SignInPressed{}));
  REQUIRE(request);
  CHECK(request->kind == RequestKind::SignIn);
  CHECK(request->method == "POST");
  CHECK(request->path == "/api/v1/session");
  CHECK(json::parse(request->body) == json{{"identifier", "a.dupont07"}, {"password", "Mon-Secret2027"}});

  SECTION("a pupil's account: the pupil's \"Mon compte\"") {
    const auto out =
        update(state, HttpAnswered{RequestKind::SignIn, 200, json{{"account", pupil_json()}}.dump()});
    CHECK(state.screen == Screen::PupilAccount);
    CHECK(pushes(out, "#/eleve/compte"));
    CHECK(offers(out, OfferPasswordSave{"a.dupont07", "Mon-Secret2027"}));
    CHECK(state.sign_in.password.empty());
  }
  SECTION("a parent signing in here gets the parent's \"Mon compte\"") {
    const auto out =
        update(state, HttpAnswered{RequestKind::SignIn, 200, json{{"account", parent_json()}}.dump()});
    CHECK(state.screen == Screen::Account);
    CHECK(pushes(out, "#/compte"));
  }
  SECTION("refusals are shown as the parents' sign-in shows them") {
    update(
        state,
        HttpAnswered{
            RequestKind::SignIn, 401,
            R"({"error":{"code":"temporary_password_expired","message":"Ce mot de passe provisoire a expiré."}})"});
    CHECK(state.screen == Screen::PupilSignIn);
    CHECK(state.form_error == "Ce mot de passe provisoire a expiré.");
    CHECK(state.sign_in.password.empty());
    CHECK(state.sign_in.identifier == " A.Dupont07 ");
    type(state, Field::SignInPassword, "encore");
    update(state, SignInPressed{});
    update(state, HttpAnswered{RequestKind::SignIn, 429,
                               R"({"error":{"code":"too_many_attempts","message":"Trop d'essais."}})"});
    CHECK(state.form_error == "Trop d'essais.");
  }
}

// --- First sign-in ----------------------------------------------------------------------

TEST_CASE("a temporary password (202) opens the first sign-in at the birth date", "[pupil]") {
  AppState state = on_pupil_sign_in();
  type(state, Field::SignInIdentifier, " A.Dupont07 ");
  type(state, Field::SignInPassword, "k7mq-x3fp-9wtd");
  update(state, SignInPressed{});
  const auto out = update(state, HttpAnswered{RequestKind::SignIn, 202, kFirstSignIn});
  CHECK(state.screen == Screen::PupilBirthDate);
  CHECK(pushes(out, "#/eleve/premiere-connexion/naissance"));
  CHECK_FALSE(state.busy);
  CHECK(state.first_sign_in.flow == "P1");
  CHECK(state.first_sign_in.first_name == "Albert");
  CHECK(state.first_sign_in.identifier == "a.dupont07");
  CHECK(state.sign_in.password.empty());  // the temporary password does not stay in memory
  CHECK_FALSE(offers(out, OfferPasswordSave{"a.dupont07", "k7mq-x3fp-9wtd"}));  // not one to keep
}

TEST_CASE("the birth date is read with the shared rule, then posted as ISO", "[pupil]") {
  AppState state = at_birth_date();
  CHECK(update(state, BirthDateSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::PupilBirthDate) == 1);
  type(state, Field::PupilBirthDate, "31 02 2012");
  CHECK(update(state, BirthDateSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::PupilBirthDate) == 1);
  type(state, Field::PupilBirthDate, "14/03/2012");
  CHECK(state.field_errors.empty());
  const auto request = http_of(update(state, BirthDateSubmitted{}));
  REQUIRE(request);
  CHECK(request->kind == RequestKind::FirstSignInBirthDate);
  CHECK(request->path == "/api/v1/first-sign-in/P1/birth-date");
  CHECK(json::parse(request->body) == json{{"birth_date", "2012-03-14"}});
  CHECK(state.busy);
  CHECK(update(state, BirthDateSubmitted{}).empty());  // one request at a time

  SECTION("accepted: the password's step") {
    const auto out = update(state, HttpAnswered{RequestKind::FirstSignInBirthDate, 200, "{}"});
    CHECK(state.screen == Screen::PupilPassword);
    CHECK(pushes(out, "#/eleve/premiere-connexion/mot-de-passe"));
    // Back to the first step's address: the birth date is confirmed already.
    CHECK(update(state, RouteChanged{"#/eleve/premiere-connexion/naissance"}) ==
          std::vector<Request>{ReplaceRoute{"#/eleve/premiere-connexion/mot-de-passe"}});
  }
  SECTION("a wrong date tells the tries left under the field") {
    update(
        state,
        HttpAnswered{
            RequestKind::FirstSignInBirthDate, 400,
            R"({"error":{"code":"birth_date_mismatch","message":"La date de naissance ne correspond pas à celle que l'établissement connaît.","remaining_attempts":2}})"});
    CHECK(state.screen == Screen::PupilBirthDate);
    CHECK(state.field_errors[Field::PupilBirthDate] ==
          "La date de naissance ne correspond pas à celle que l'établissement connaît. Il vous reste 2 "
          "essais.");
    CHECK(state.first_sign_in.birth_date.empty());
    CHECK(state.first_sign_in.ended.empty());
  }
  SECTION("one try left is said in the singular") {
    update(
        state,
        HttpAnswered{
            RequestKind::FirstSignInBirthDate, 400,
            R"({"error":{"code":"birth_date_mismatch","message":"La date de naissance ne correspond pas à celle que l'établissement connaît.","remaining_attempts":1}})"});
    CHECK(state.field_errors[Field::PupilBirthDate].ends_with(" Il vous reste 1 essai."));
  }
  SECTION("locked (410): the server's reason, then back to an empty sign-in") {
    update(
        state,
        HttpAnswered{
            RequestKind::FirstSignInBirthDate, 410,
            R"({"error":{"code":"first_sign_in_locked","message":"Trop d'essais : ce mot de passe provisoire ne peut plus servir."}})"});
    CHECK(state.screen == Screen::PupilBirthDate);
    CHECK(state.first_sign_in.ended == "Trop d'essais : ce mot de passe provisoire ne peut plus servir.");
    CHECK(state.form_error.empty());  // the step shows it in place of its form
    CHECK(update(state, BirthDateSubmitted{}).empty());  // the step cannot go on
    const auto out = update(state, BackPressed{});       // "Retour à la connexion"
    CHECK(state.screen == Screen::PupilSignIn);
    CHECK(pushes(out, "#/eleve/connexion"));
    CHECK(state.sign_in.identifier.empty());
    CHECK(state.sign_in.password.empty());
    CHECK(state.first_sign_in.flow.empty());
    CHECK(state.form_error.empty());
  }
}

TEST_CASE("the pupil's new password: the parents' rules, then signed in on the pupil's account", "[pupil]") {
  AppState state = at_password();
  type(state, Field::PupilNewPassword, "albert");
  CHECK(update(state, FirstPasswordSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::PupilNewPassword) == 1);
  type(state, Field::PupilNewPassword, "Maison2027#");
  type(state, Field::PupilConfirmation, "Maison2027!");
  CHECK(update(state, FirstPasswordSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::PupilConfirmation) == 1);
  type(state, Field::PupilConfirmation, "Maison2027#");
  const auto request = http_of(update(state, FirstPasswordSubmitted{}));
  REQUIRE(request);
  CHECK(request->kind == RequestKind::FirstSignInPassword);
  CHECK(request->path == "/api/v1/first-sign-in/P1/password");
  CHECK(json::parse(request->body) == json{{"password", "Maison2027#"}, {"confirmation", "Maison2027#"}});

  SECTION("accepted: the pupil's \"Mon compte\", the password offered to the manager") {
    const auto out = update(
        state, HttpAnswered{RequestKind::FirstSignInPassword, 200, json{{"account", pupil_json()}}.dump()});
    CHECK(state.screen == Screen::PupilAccount);
    CHECK(pushes(out, "#/eleve/compte"));
    CHECK(offers(out, OfferPasswordSave{"a.dupont07", "Maison2027#"}));
    REQUIRE(state.account);
    CHECK(state.account->identifier == "a.dupont07");
    CHECK(state.first_sign_in.password.empty());
    CHECK(state.first_sign_in.flow.empty());
  }
  SECTION("the server's rules: the failed ones under the field") {
    update(
        state,
        HttpAnswered{
            RequestKind::FirstSignInPassword, 400,
            R"({"error":{"code":"password_policy","message":"Le mot de passe doit contenir 1 caractère spécial.","field":"password","failed_rules":["special"]}})"});
    CHECK(state.screen == Screen::PupilPassword);
    CHECK(state.field_errors[Field::PupilNewPassword] ==
          "Le mot de passe doit contenir 1 caractère spécial.");
  }
  SECTION("expired (410): the reason and \"Retour à la connexion\"") {
    update(state, HttpAnswered{RequestKind::FirstSignInPassword, 410,
                               R"({"error":{"code":"flow_expired","message":"Cette démarche a expiré."}})"});
    CHECK(state.first_sign_in.ended == "Cette démarche a expiré.");
    CHECK(state.first_sign_in.password.empty());
    CHECK(update(state, FirstPasswordSubmitted{}).empty());
    // The browser's back button to the first step: the reason still shows there.
    update(state, RouteChanged{"#/eleve/premiere-connexion/naissance"});
    CHECK(state.screen == Screen::PupilBirthDate);
    CHECK(state.first_sign_in.ended == "Cette démarche a expiré.");
    CHECK(pushes(update(state, BackPressed{}), "#/eleve/connexion"));
  }
}

TEST_CASE("after a reload the first sign-in starts again from the pupils' sign-in", "[pupil]") {
  for (const char* route :
       {"#/eleve/premiere-connexion/naissance", "#/eleve/premiere-connexion/mot-de-passe"}) {
    AppState state;
    const auto out = update(state, AppStarted{route, std::nullopt});
    CHECK(state.screen == Screen::PupilSignIn);
    CHECK(out.front() == Request{ReplaceRoute{"#/eleve/connexion"}});
  }
  // The password's step before the birth date is confirmed: the birth date.
  AppState state = at_birth_date();
  update(state, RouteChanged{"#/eleve/premiere-connexion/mot-de-passe"});
  CHECK(state.screen == Screen::PupilBirthDate);
}

// --- The pupil's "Mon compte" ------------------------------------------------------------

TEST_CASE("on load, GET /me of a pupil leads to the pupil's account, never the parents' screens", "[pupil]") {
  for (const char* route :
       {"#/compte", "#/compte/email", "#/compte/mot-de-passe", "#/compte/ajout-eleve", "#/eleve/compte"}) {
    INFO(route);
    AppState state;
    update(state, AppStarted{route, std::nullopt});
    const auto out = update(state, HttpAnswered{RequestKind::Me, 200, pupil_json().dump()});
    CHECK(state.screen == Screen::PupilAccount);
    if (std::string(route) != "#/eleve/compte")
      CHECK(out == std::vector<Request>{ReplaceRoute{"#/eleve/compte"}});
    // Known to be a pupil: a parents' address leads to the pupil's at once.
    const auto again = update(state, RouteChanged{"#/compte/telephone"});
    CHECK(state.screen == Screen::PupilAccount);
    CHECK(again.front() == Request{ReplaceRoute{"#/eleve/compte"}});
  }
  // A parent at the pupil's address gets the parent's "Mon compte".
  AppState parent;
  update(parent, AppStarted{"#/eleve/compte", std::nullopt});
  const auto out = update(parent, HttpAnswered{RequestKind::Me, 200, parent_json().dump()});
  CHECK(parent.screen == Screen::Account);
  CHECK(out == std::vector<Request>{ReplaceRoute{"#/compte"}});
}

TEST_CASE("the pupil's services, \"Retour à mon compte\" and sign-out stay the pupil's", "[pupil]") {
  AppState state;
  const auto load = update(state, AppStarted{"#/eleve/compte", std::nullopt});
  REQUIRE(http_of(load));
  CHECK(http_of(load)->path == "/api/v1/me");
  update(state, HttpAnswered{RequestKind::Me, 200, pupil_json().dump()});
  CHECK(state.screen == Screen::PupilAccount);
  CHECK(update(state, AccountChangePressed{Screen::AccountEmail}).empty());  // no changes of a parent's

  const auto services = update(state, ServicesPressed{});
  CHECK(state.screen == Screen::AccountServices);
  REQUIRE(http_of(services));
  CHECK(http_of(services)->path == "/api/v1/me/services");
  CHECK(pushes(update(state, AccountCancelPressed{}), "#/eleve/compte"));
  CHECK(state.screen == Screen::PupilAccount);

  const auto out = update(state, SignOutPressed{});
  CHECK(state.screen == Screen::PupilSignIn);
  CHECK(pushes(out, "#/eleve/connexion"));
  REQUIRE(http_of(out));
  CHECK(http_of(out)->method == "DELETE");
  CHECK_FALSE(state.account);
}

TEST_CASE("a pupil's lost session leads to the pupils' sign-in", "[pupil]") {
  AppState state;
  update(state, AppStarted{"#/eleve/compte", std::nullopt});
  update(state,
         HttpAnswered{RequestKind::Me, 401,
                      R"({"error":{"code":"not_authenticated","message":"Votre session a expiré."}})"});
  CHECK(state.screen == Screen::PupilSignIn);
  CHECK(state.form_error == "Votre session a expiré.");
}

// --- The parent's "Mon compte": a child's own account ------------------------------------

TEST_CASE("the parent gives a child a temporary password, shown once, gone after leaving",
          "[pupil][account]") {
  AppState state = parent_on_account();
  const auto out = update(state, TemporaryPasswordPressed{"c1"});
  const auto request = http_of(out);
  REQUIRE(request);
  CHECK(request->kind == RequestKind::ChildTemporaryPassword);
  CHECK(request->method == "POST");
  CHECK(request->path == "/api/v1/me/children/c1/temporary-password");
  CHECK(json::parse(request->body) == json::object());
  CHECK(state.busy);
  CHECK(state.temporary_password_asked == "c1");
  CHECK(update(state, TemporaryPasswordPressed{"c2"}).empty());  // one request at a time

  const auto answered =
      update(state, HttpAnswered{RequestKind::ChildTemporaryPassword, 201, kTemporaryPassword});
  CHECK_FALSE(state.busy);
  REQUIRE(state.temporary_passwords.count("c1") == 1);
  const auto& shown = state.temporary_passwords.at("c1");
  REQUIRE(shown.answer);
  CHECK(shown.answer->temporary_password == "k7mq-x3fp-9wtd");
  CHECK(shown.answer->identifier == "a.dupont07");
  CHECK(shown.answer->expires_on.french() == "14/03/2027");
  CHECK(state.temporary_passwords.count("c2") == 0);
  REQUIRE(http_of(answered));
  CHECK(http_of(answered)->path == "/api/v1/me");  // the child's account as it is now
  // The account reloaded keeps it on the screen.
  update(state, HttpAnswered{RequestKind::Me, 200, parent_json().dump()});
  CHECK(state.temporary_passwords.count("c1") == 1);
  CHECK(update(state, CopyTemporaryPasswordPressed{"c1"}) ==
        std::vector<Request>{CopyText{"k7mq-x3fp-9wtd"}});
  CHECK(update(state, CopyTemporaryPasswordPressed{"c2"}).empty());

  SECTION("leaving for a change screen forgets it") {
    update(state, AccountChangePressed{Screen::AccountEmail});
    CHECK(state.temporary_passwords.empty());
    update(state, AccountCancelPressed{});
    CHECK(state.screen == Screen::Account);
    CHECK(state.temporary_passwords.empty());
  }
  SECTION("leaving for the services, the statement or by the address forgets it") {
    update(state, ServicesPressed{});
    CHECK(state.temporary_passwords.empty());
    update(state, RouteChanged{"#/compte"});
    update(state, TemporaryPasswordPressed{"c1"});
    update(state, HttpAnswered{RequestKind::ChildTemporaryPassword, 201, kTemporaryPassword});
    REQUIRE(state.temporary_passwords.count("c1") == 1);
    update(state, AccessibilityPressed{});
    CHECK(state.temporary_passwords.empty());
    update(state, BackPressed{});
    CHECK(state.screen == Screen::Account);
    CHECK(state.temporary_passwords.empty());
  }
  SECTION("signing out forgets it") {
    update(state, SignOutPressed{});
    CHECK(state.temporary_passwords.empty());
  }
}

TEST_CASE("an answer arriving after the parent left is not kept", "[pupil][account]") {
  AppState state = parent_on_account();
  update(state, TemporaryPasswordPressed{"c1"});
  update(state, RouteChanged{"#/compte/services"});
  update(state, HttpAnswered{RequestKind::ChildTemporaryPassword, 201, kTemporaryPassword});
  update(state, RouteChanged{"#/compte"});
  CHECK(state.temporary_passwords.empty());
}

TEST_CASE("a temporary password's refusals are said in that child's block", "[pupil][account]") {
  struct Refusal {
    int status;
    const char* body;
    const char* said;
  };
  const Refusal refusals[] = {
      {403,
       R"({"error":{"code":"child_not_confirmed","message":"Vous pouvez donner un mot de passe provisoire seulement à un enfant rattaché."}})",
       "Vous pouvez donner un mot de passe provisoire seulement à un enfant rattaché."},
      {409,
       R"({"error":{"code":"child_account_disabled","message":"Le compte de cet élève est désactivé."}})",
       "Le compte de cet élève est désactivé."},
      {429,
       R"({"error":{"code":"too_many_requests","message":"Trop de demandes en peu de temps.","retry_after_seconds":600}})",
       "Trop de demandes en peu de temps. Réessayez dans 10 minutes."},
  };
  for (const Refusal& refusal : refusals) {
    INFO(refusal.status);
    AppState state = parent_on_account();
    update(state, TemporaryPasswordPressed{"c2"});
    update(state, HttpAnswered{RequestKind::ChildTemporaryPassword, refusal.status, refusal.body});
    CHECK_FALSE(state.busy);
    CHECK(state.screen == Screen::Account);
    REQUIRE(state.temporary_passwords.count("c2") == 1);
    CHECK(state.temporary_passwords.at("c2").error == refusal.said);
    CHECK_FALSE(state.temporary_passwords.at("c2").answer);
    CHECK(state.form_error.empty());  // in the child's block, not above the page's buttons
    CHECK(state.temporary_passwords.count("c1") == 0);
    // Asked again: the refusal goes while the new request is on its way.
    update(state, TemporaryPasswordPressed{"c2"});
    CHECK(state.temporary_passwords.count("c2") == 0);
  }
  // The session gone: the sign-in.
  AppState state = parent_on_account();
  update(state, TemporaryPasswordPressed{"c1"});
  update(state,
         HttpAnswered{RequestKind::ChildTemporaryPassword, 401,
                      R"({"error":{"code":"not_authenticated","message":"Votre session a expiré."}})"});
  CHECK(state.screen == Screen::SignIn);
}

TEST_CASE("no temporary password for a disabled account, an unknown child or another screen",
          "[pupil][account]") {
  AppState state = parent_on_account();
  CHECK(update(state, TemporaryPasswordPressed{"c3"}).empty());  // Lucas left every school
  CHECK(update(state, TemporaryPasswordPressed{"c9"}).empty());
  update(state, AccountChangePressed{Screen::AccountPassword});
  CHECK(update(state, TemporaryPasswordPressed{"c1"}).empty());
}
