// A parent's first sign-in with the school's activation letter, without a window:
// the temporary password typed on the parents' sign-in, the children confirmed as at
// account creation, then the password and the parent's "Mon compte".
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "flow_support.h"
#include "web/app/update.h"

using namespace sesame::web;
using namespace sesame::web::testing;
using nlohmann::json;

namespace {

const json kSchool = {{"name", "CLG LES COURTILS"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0500048F"}};
const json kBaker = {{"name", "E.P.U JOSEPHINE BAKER"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0501271K"}};

// POST /session's 202 for Emilie's letter: Albert and Jeanne to confirm.
std::string letter_answer() {
  return json{{"flow", "L1"},
              {"first_name", "Emilie"},
              {"expires_at", "2027-03-14T23:00:00Z"},
              {"profile", "parent"},
              {"children", json::array({{{"id", "c1"}, {"first_name", "Albert"}, {"last_name", "DUPONT"}, {"school", kSchool}},
                                        {{"id", "c2"}, {"first_name", "Jeanne"}, {"last_name", "DUPONT"}, {"school", kBaker}}})}}
      .dump();
}

json parent_json() {
  return {{"identifier", "e.dupont07"},
          {"profile", "parent"},
          {"first_name", "Emilie"},
          {"last_name", "DUPONT"},
          {"email_verified", false},
          {"alerts_at_login", false},
          {"children", json::array({{{"id", "c1"}, {"first_name", "Albert"}, {"last_name", "DUPONT"}, {"school", kSchool}}})},
          {"new_children", json::array()},
          {"alerts", json::array()}};
}

constexpr const char* kLockedMessage =
    "Trop d'essais : le mot de passe provisoire de votre lettre ne peut plus servir. Demandez une nouvelle lettre à "
    "l'établissement.";

bool offers(const std::vector<Request>& out, const OfferPasswordSave& offer) {
  for (const Request& request : out)
    if (request == Request{offer}) return true;
  return false;
}

// "Responsable d'élève" picked, the letter's identifier and temporary password typed and sent.
AppState signing_in_with_letter() {
  AppState state = on(Screen::EduConnectProfile);
  update(state, EduConnectRolePicked{EduConnectRole::Guardian});
  REQUIRE(state.screen == Screen::SignIn);
  type(state, Field::SignInIdentifier, " E.Dupont07 ");
  type(state, Field::SignInPassword, "k7mq-x3fp-9wtd");
  REQUIRE(http_of(update(state, SignInPressed{})));
  return state;
}

AppState at_children() {
  AppState state = signing_in_with_letter();
  update(state, HttpAnswered{RequestKind::SignIn, 202, letter_answer()});
  REQUIRE(state.screen == Screen::ParentFirstSignInChildren);
  return state;
}

// Albert confirmed with his birth date, Jeanne declined: the request on its way.
AppState children_sent() {
  AppState state = at_children();
  update(state, GuardianAnswered{0, GuardianAnswer::Yes});
  type(state, Field::FirstSignInChildBirthDate, "14 03 2012", 0);
  update(state, GuardianAnswered{1, GuardianAnswer::No});
  REQUIRE(http_of(update(state, ChildrenSubmitted{})));
  return state;
}

AppState at_password() {
  AppState state = children_sent();
  const json confirmed = {{"children", json::array({{{"id", "c1"},
                                                     {"first_name", "Albert"},
                                                     {"last_name", "DUPONT"},
                                                     {"school", kSchool}}})}};
  update(state, HttpAnswered{RequestKind::FirstSignInChildren, 200, confirmed.dump()});
  REQUIRE(state.screen == Screen::ParentFirstSignInPassword);
  return state;
}

HttpAnswered children_refused(int status, const std::string& error) {
  return HttpAnswered{RequestKind::FirstSignInChildren, status, R"({"error":)" + error + "}"};
}

}  // namespace

TEST_CASE("a parent's letter (202, profile parent) opens the children's step, not the birth date",
          "[parent-first-sign-in]") {
  AppState state = signing_in_with_letter();
  const auto out = update(state, HttpAnswered{RequestKind::SignIn, 202, letter_answer()});
  CHECK(state.screen == Screen::ParentFirstSignInChildren);
  CHECK(pushes(out, "#/premiere-connexion/enfants"));
  CHECK_FALSE(state.busy);
  const FirstSignInForm& form = state.first_sign_in;
  CHECK(form.parent);
  CHECK(form.flow == "L1");
  CHECK(form.first_name == "Emilie");
  CHECK(form.identifier == "e.dupont07");
  REQUIRE(form.children.size() == 2);
  CHECK(form.children[0].child.first_name == "Albert");
  CHECK(form.children[1].child.school.uai == "0501271K");
  CHECK(form.children[0].answer == GuardianAnswer::Unanswered);
  CHECK(state.sign_in.password.empty());  // the temporary password does not stay in memory
  CHECK_FALSE(offers(out, OfferPasswordSave{"e.dupont07", "k7mq-x3fp-9wtd"}));

  SECTION("children without a profile are a parent's too") {
    AppState other = signing_in_with_letter();
    json answer = json::parse(letter_answer());
    answer.erase("profile");
    update(other, HttpAnswered{RequestKind::SignIn, 202, answer.dump()});
    CHECK(other.screen == Screen::ParentFirstSignInChildren);
  }
  SECTION("a pupil's letter still leads to the birth date") {
    AppState pupil = signing_in_with_letter();
    update(pupil, HttpAnswered{RequestKind::SignIn, 202,
                               R"({"flow":"P1","first_name":"Albert","expires_at":"2027-03-14T23:00:00Z","profile":"eleve","children":[]})"});
    CHECK(pupil.screen == Screen::PupilBirthDate);
    CHECK_FALSE(pupil.first_sign_in.parent);
  }
}

TEST_CASE("the parent's answers are checked as at account creation, then sent all at once",
          "[parent-first-sign-in]") {
  AppState state = at_children();
  // Every child must be answered.
  CHECK(update(state, ChildrenSubmitted{}).empty());
  CHECK(state.first_sign_in.children[0].error == "Indiquez si vous êtes le représentant légal de cet élève.");
  CHECK_FALSE(state.first_sign_in.children[1].error.empty());
  // A "yes" needs a birth date the shared rule reads.
  update(state, GuardianAnswered{0, GuardianAnswer::Yes});
  CHECK(state.first_sign_in.children[0].error.empty());
  update(state, GuardianAnswered{1, GuardianAnswer::No});
  type(state, Field::FirstSignInChildBirthDate, "31 02 2012", 0);
  CHECK(update(state, ChildrenSubmitted{}).empty());
  CHECK_FALSE(state.first_sign_in.children[0].error.empty());
  // Declining every child confirms none: said before anything is sent.
  update(state, GuardianAnswered{0, GuardianAnswer::No});
  CHECK(update(state, ChildrenSubmitted{}).empty());
  CHECK(state.form_error == "Confirmez être le représentant légal d'au moins un élève pour continuer.");

  update(state, GuardianAnswered{0, GuardianAnswer::Yes});
  type(state, Field::FirstSignInChildBirthDate, "14/03/2012", 0);
  CHECK(state.first_sign_in.children[0].birth_date == "14/03/2012");
  const auto request = http_of(update(state, ChildrenSubmitted{}));
  REQUIRE(request);
  CHECK(request->kind == RequestKind::FirstSignInChildren);
  CHECK(request->method == "POST");
  CHECK(request->path == "/api/v1/first-sign-in/L1/children");
  const json body = json::parse(request->body);
  REQUIRE(body["children"].size() == 2);
  CHECK(body["children"][0] == json{{"id", "c1"}, {"is_guardian", true}, {"birth_date", "2012-03-14"}});
  CHECK(body["children"][1]["id"] == "c2");
  CHECK(body["children"][1]["is_guardian"] == false);
  CHECK(state.busy);
  CHECK(state.form_error.empty());
  CHECK(update(state, ChildrenSubmitted{}).empty());  // one request at a time
}

TEST_CASE("a wrong birth date is said under its child with the letter's tries left", "[parent-first-sign-in]") {
  AppState state = at_children();
  update(state, GuardianAnswered{0, GuardianAnswer::Yes});
  update(state, GuardianAnswered{1, GuardianAnswer::Yes});
  type(state, Field::FirstSignInChildBirthDate, "14 03 2012", 0);
  type(state, Field::FirstSignInChildBirthDate, "02 09 2016", 1);
  REQUIRE(http_of(update(state, ChildrenSubmitted{})));
  update(state, children_refused(400, R"({"code":"birth_date_mismatch","message":"La date de naissance ne correspond pas à celle que l'établissement connaît.","children":[{"id":"c2","remaining_attempts":2}]})"));
  CHECK(state.screen == Screen::ParentFirstSignInChildren);
  CHECK_FALSE(state.busy);
  const auto& children = state.first_sign_in.children;
  CHECK(children[0].confirmed);  // kept by the server
  CHECK(children[0].error.empty());
  CHECK(children[1].error ==
        "La date de naissance ne correspond pas à celle que l'établissement connaît. Il vous reste 2 essais.");
  CHECK(children[1].remaining_attempts == 2);
  // Albert cannot be answered again; only Jeanne's date goes.
  update(state, GuardianAnswered{0, GuardianAnswer::No});
  CHECK(children[0].answer == GuardianAnswer::Yes);
  type(state, Field::FirstSignInChildBirthDate, "02 09 2017", 1);
  CHECK(children[1].error.empty());  // corrected
  const auto again = http_of(update(state, ChildrenSubmitted{}));
  REQUIRE(again);
  CHECK(json::parse(again->body)["children"] ==
        json::array({{{"id", "c2"}, {"is_guardian", true}, {"birth_date", "2017-09-02"}}}));
  update(state, children_refused(400, R"({"code":"birth_date_mismatch","message":"…","children":[{"id":"c2","remaining_attempts":1}]})"));
  CHECK(children[1].error.ends_with(" Il vous reste 1 essai."));
}

TEST_CASE("a spent or expired letter leads back to the parents' sign-in, which says why",
          "[parent-first-sign-in]") {
  struct Case {
    int status;
    std::string error;
    std::string message;
  };
  const Case cases[] = {
      {410, R"({"code":"first_sign_in_locked","message":"Trop d'essais : ce mot de passe provisoire ne peut plus servir. Demandez-en un nouveau à l'un de vos parents (depuis son compte) ou à votre établissement."})",
       kLockedMessage},
      {400, R"({"code":"birth_date_mismatch","message":"…","children":[{"id":"c1","remaining_attempts":0}]})",
       kLockedMessage},
      {401, R"({"code":"temporary_password_expired","message":"Ce mot de passe provisoire a expiré. Demandez-en un nouveau à l'un de vos parents (depuis son compte) ou à votre établissement."})",
       "Le mot de passe provisoire de votre lettre a expiré. Demandez une nouvelle lettre à l'établissement."},
      {410, R"({"code":"flow_expired","message":"Cette démarche a expiré."})", "Cette démarche a expiré."},
  };
  for (const Case& c : cases) {
    INFO(c.error);
    AppState state = children_sent();
    const auto out = update(state, children_refused(c.status, c.error));
    CHECK(state.screen == Screen::SignIn);
    CHECK(pushes(out, "#/connexion"));
    CHECK(state.form_error == c.message);
    CHECK_FALSE(state.busy);
    CHECK(state.first_sign_in.flow.empty());
    CHECK(state.first_sign_in.children.empty());
    CHECK(state.sign_in.identifier.empty());
    CHECK_FALSE(state.sign_in.pupil);
  }
  // On the password's step alike.
  AppState state = at_password();
  type(state, Field::PupilNewPassword, "Maison2027#");
  type(state, Field::PupilConfirmation, "Maison2027#");
  REQUIRE(http_of(update(state, FirstPasswordSubmitted{})));
  update(state, HttpAnswered{RequestKind::FirstSignInPassword, 410,
                             R"({"error":{"code":"first_sign_in_locked","message":"…"}})"});
  CHECK(state.screen == Screen::SignIn);
  CHECK(state.form_error == kLockedMessage);
  CHECK(state.first_sign_in.password.empty());
}

TEST_CASE("the parents' sign-in words an expired letter for a parent", "[parent-first-sign-in]") {
  AppState state = signing_in_with_letter();
  update(state, HttpAnswered{RequestKind::SignIn, 401,
                             R"({"error":{"code":"temporary_password_expired","message":"Ce mot de passe provisoire a expiré. Demandez-en un nouveau à l'un de vos parents (depuis son compte) ou à votre établissement."}})"});
  CHECK(state.screen == Screen::SignIn);
  CHECK(state.form_error ==
        "Le mot de passe provisoire de votre lettre a expiré. Demandez une nouvelle lettre à l'établissement.");
  update(state, HttpAnswered{RequestKind::SignIn, 401,
                             R"({"error":{"code":"invalid_credentials","message":"Identifiant ou mot de passe incorrect."}})"});
  CHECK(state.form_error == "Identifiant ou mot de passe incorrect.");
}

TEST_CASE("other refusals of the children's step are said above the form", "[parent-first-sign-in]") {
  for (const char* error : {R"({"code":"no_child_confirmed","message":"Confirmez être le représentant légal d'au moins un élève pour continuer."})",
                            R"({"code":"missing_field","message":"Indiquez une réponse pour chaque élève.","field":"children"})"}) {
    AppState state = children_sent();
    update(state, children_refused(400, error));
    CHECK(state.screen == Screen::ParentFirstSignInChildren);
    CHECK_FALSE(state.form_error.empty());
    CHECK(state.field_errors.empty());
    CHECK_FALSE(state.first_sign_in.flow.empty());
  }
}

TEST_CASE("children confirmed: the password, then the parent's \"Mon compte\"", "[parent-first-sign-in]") {
  AppState state = children_sent();
  const auto to_password = update(
      state, HttpAnswered{RequestKind::FirstSignInChildren, 200,
                          json{{"children", json::array({{{"id", "c1"}, {"first_name", "Albert"}, {"last_name", "DUPONT"}, {"school", kSchool}}})}}.dump()});
  CHECK(state.screen == Screen::ParentFirstSignInPassword);
  CHECK(pushes(to_password, "#/premiere-connexion/mot-de-passe"));
  CHECK(state.first_sign_in.children_confirmed);
  CHECK(state.first_sign_in.children[0].confirmed);
  CHECK_FALSE(state.first_sign_in.children[1].confirmed);
  // The children's address again: they are confirmed already.
  CHECK(update(state, RouteChanged{"#/premiere-connexion/enfants"}) ==
        std::vector<Request>{ReplaceRoute{"#/premiere-connexion/mot-de-passe"}});
  CHECK(state.screen == Screen::ParentFirstSignInPassword);

  // The guide's rules, checked before anything is sent.
  type(state, Field::PupilNewPassword, "emilie");
  CHECK(update(state, FirstPasswordSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::PupilNewPassword) == 1);
  update(state, PasswordShownToggled{});
  CHECK(state.first_sign_in.password_shown);
  type(state, Field::PupilNewPassword, "Maison2027#");
  type(state, Field::PupilConfirmation, "Maison2027!");
  CHECK(update(state, FirstPasswordSubmitted{}).empty());
  CHECK(state.field_errors.count(Field::PupilConfirmation) == 1);
  type(state, Field::PupilConfirmation, "Maison2027#");
  const auto request = http_of(update(state, FirstPasswordSubmitted{}));
  REQUIRE(request);
  CHECK(request->kind == RequestKind::FirstSignInPassword);
  CHECK(request->path == "/api/v1/first-sign-in/L1/password");
  CHECK(json::parse(request->body) == json{{"password", "Maison2027#"}, {"confirmation", "Maison2027#"}});

  SECTION("accepted: the parent's \"Mon compte\", the password offered to the manager") {
    const auto out = update(
        state, HttpAnswered{RequestKind::FirstSignInPassword, 200, json{{"account", parent_json()}}.dump()});
    CHECK(state.screen == Screen::Account);
    CHECK(pushes(out, "#/compte"));
    CHECK(offers(out, OfferPasswordSave{"e.dupont07", "Maison2027#"}));
    REQUIRE(state.account);
    CHECK(state.account->identifier == "e.dupont07");
    CHECK(state.first_sign_in.flow.empty());
    CHECK(state.first_sign_in.password.empty());
    CHECK(state.first_sign_in.children.empty());
  }
  SECTION("the server's rules: the failed ones under the field") {
    update(state,
           HttpAnswered{
               RequestKind::FirstSignInPassword, 400,
               R"({"error":{"code":"password_policy","message":"Le mot de passe doit contenir 1 caractère spécial.","field":"password","failed_rules":["special"]}})"});
    CHECK(state.screen == Screen::ParentFirstSignInPassword);
    CHECK(state.field_errors[Field::PupilNewPassword] == "Le mot de passe doit contenir 1 caractère spécial.");
  }
}

TEST_CASE("after a reload a parent's first sign-in starts again from the parents' sign-in",
          "[parent-first-sign-in]") {
  for (const char* route : {"#/premiere-connexion/enfants", "#/premiere-connexion/mot-de-passe"}) {
    INFO(route);
    AppState state;
    const auto out = update(state, AppStarted{route, std::nullopt});
    CHECK(state.screen == Screen::SignIn);
    CHECK(out.front() == Request{ReplaceRoute{"#/connexion"}});
  }
  // The password before the children are confirmed: the children.
  AppState state = at_children();
  update(state, RouteChanged{"#/premiere-connexion/mot-de-passe"});
  CHECK(state.screen == Screen::ParentFirstSignInChildren);
  // A pupil's flow does not open a parent's steps, nor a parent's a pupil's birth date.
  AppState pupil = on(Screen::PupilBirthDate);
  pupil.first_sign_in.flow = "P1";
  update(pupil, RouteChanged{"#/premiere-connexion/enfants"});
  CHECK(pupil.screen == Screen::SignIn);
  update(state, RouteChanged{"#/eleve/premiere-connexion/naissance"});
  CHECK(state.screen == Screen::ParentFirstSignInChildren);
}

TEST_CASE("\"Précédent\" on a parent's step leads back to the parents' sign-in, emptied",
          "[parent-first-sign-in]") {
  for (const bool password : {false, true}) {
    AppState state = password ? at_password() : at_children();
    const auto out = update(state, BackPressed{});
    CHECK(state.screen == Screen::SignIn);
    CHECK(pushes(out, "#/connexion"));
    CHECK(state.first_sign_in.flow.empty());
    CHECK(state.sign_in.identifier.empty());
    CHECK_FALSE(state.sign_in.pupil);
  }
}
