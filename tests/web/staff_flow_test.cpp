// School staff (issue 18) without a window: the way in (invitation, sign-in, second
// factor), the console and a person's page, the server's answers played by hand.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "flow_support.h"
#include "web/app/routes.h"
#include "web/app/staff.h"
#include "web/app/update.h"

using namespace sesame::web;
using namespace sesame::web::testing;
using nlohmann::json;

namespace {

const char* kToken = "q7Yb2fZkP0x_Lm3N-tRs9A";
const json kSchool = {{"name", "CLG LES COURTILS"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0500048F"}};
const json kOtherSchool = {{"name", "LYCEE LE VERRIER"}, {"city", "SAINT-LÔ"}, {"uai", "0500017X"}};

json profile_json() {
  return {{"name", "Marie CURIE"},
          {"email", "marie.curie@ac-normandie.fr"},
          {"schools", json::array({kSchool, kOtherSchool})},
          {"recovery_codes_left", 10}};
}

json pupil_json(const std::string& state = "not_activated") {
  return {{"kind", "pupil"},
          {"id", "12"},
          {"first_name", "Albert"},
          {"last_name", "DUPONT"},
          {"schools", json::array({kSchool})},
          {"class_name", "4e B"},
          {"account",
           {{"state", state},
            {"identifier", "a.dupont07"},
            {"franceconnect", false},
            {"open_sessions", 2},
            {"locked_until", "2026-12-07T13:20:00Z"}}},
          {"related", json::array({{{"kind", "guardian"},
                                    {"id", "40"},
                                    {"first_name", "Emilie"},
                                    {"last_name", "DUPONT"},
                                    {"account_state", "active"}}})},
          {"letters", json::array({{{"at", "2026-09-01T08:00:00Z"}, {"by", "sesame-admin"}}})}};
}

json guardian_json(const std::string& state) {
  return {{"kind", "guardian"},
          {"id", "41"},
          {"first_name", "Paul"},
          {"last_name", "MARTIN"},
          {"schools", json::array({kSchool})},
          {"mobile_known", false},
          {"account", {{"state", state}, {"franceconnect", false}, {"open_sessions", 0}}},
          {"related", json::array()},
          {"letters", json::array()}};
}

std::string error_json(const std::string& code, const std::string& message, json extra = json::object()) {
  json error = {{"code", code}, {"message", message}};
  error.update(extra);
  return json{{"error", error}}.dump();
}

std::vector<HttpRequest> https_of(const std::vector<Request>& out) {
  std::vector<HttpRequest> all;
  for (const Request& r : out)
    if (const auto* http = std::get_if<HttpRequest>(&r)) all.push_back(*http);
  return all;
}

// Signed in with the second factor, on the console's "Rechercher".
AppState on_console() {
  AppState state = on(Screen::StaffSignIn);
  state.staff.sign_in.flow = "F1";
  state.screen = Screen::StaffCode;
  update(state, HttpAnswered{RequestKind::StaffSecondFactor, 200, profile_json().dump()});
  REQUIRE(state.screen == Screen::StaffConsole);
  return state;
}

// On Albert's page, as GET /people/pupil/12 answered.
AppState on_person(const json& person = pupil_json()) {
  AppState state = on_console();
  const std::string kind = person["kind"], id = person["id"];
  update(state, StaffPersonOpened{kind, id});
  update(state, HttpAnswered{RequestKind::StaffPerson, 200, person.dump()});
  REQUIRE(state.staff.console.person);
  return state;
}

// A PDF as a server would send it: binary, NUL bytes and bytes above 0x7F included.
std::string pdf_bytes() {
  std::string pdf = "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n";
  pdf += std::string("\0\x01\xFF\x80 stream", 11);
  return pdf + "\n%%EOF\n";
}

const SaveFile* saved_in(const std::vector<Request>& out) {
  for (const Request& r : out)
    if (const auto* file = std::get_if<SaveFile>(&r)) return file;
  return nullptr;
}

// A fixed zone for the tests of local times: UTC+1, no daylight saving.
struct ParisWinter {
  std::string before;
  bool had = false;
  ParisWinter() {
    if (const char* tz = std::getenv("TZ")) {
      before = tz;
      had = true;
    }
    setenv("TZ", "CET-1", 1);
    tzset();
  }
  ~ParisWinter() {
    if (had)
      setenv("TZ", before.c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
  }
};

}  // namespace

// --- Routes --------------------------------------------------------------------------

TEST_CASE("staff routes: the screens, a person's kind and id, an invitation's token", "[routes][staff]") {
  const std::pair<Screen, const char*> routes[] = {{Screen::StaffSignIn, "#/personnel/connexion"},
                                                   {Screen::StaffCode, "#/personnel/code"},
                                                   {Screen::StaffConsole, "#/personnel/console"}};
  for (const auto& [screen, route] : routes) {
    INFO(route);
    CHECK(route_of(screen) == route);
    CHECK(screen_of(route) == screen);
  }
  CHECK(screen_of("#/personnel/personne/pupil/12") == Screen::StaffPerson);
  CHECK(screen_of("#/personnel/personne/guardian/g-40/") == Screen::StaffPerson);
  CHECK(staff_person_of("#/personnel/personne/pupil/12") == PersonRef{"pupil", "12"});
  CHECK(staff_person_of("#/personnel/personne/guardian/g-40/") == PersonRef{"guardian", "g-40"});
  CHECK(staff_person_route("pupil", "12") == "#/personnel/personne/pupil/12");
  for (const char* bad : {"#/personnel/personne/pupil", "#/personnel/personne/teacher/12",
                          "#/personnel/personne/pupil/1 2", "#/personnel/personne/pupil/../me",
                          "#/personnel/personne/pupil/12/letter", "#/personnel/personne//12"}) {
    INFO(bad);
    CHECK_FALSE(staff_person_of(bad));
  }
  const std::string invitation = std::string("#/personnel/invitation/") + kToken;
  CHECK(screen_of(invitation) == Screen::StaffInvitation);
  CHECK(staff_invitation_token_of(invitation) == kToken);
  CHECK(staff_invitation_token_of(invitation + "/") == kToken);
  CHECK(staff_invitation_token_of("#/personnel/invitation/court").empty());  // cut short
  CHECK(staff_invitation_token_of("#/personnel/invitation/q7Yb2fZkP0x%2FLm3N-tRs9A").empty());
  CHECK(staff_invitation_token_of("#/personnel/connexion").empty());
}

// --- Sign-in and second factor ----------------------------------------------------------

TEST_CASE("staff sign-in: checked fields, then the password, then the app's code", "[staff]") {
  AppState state = on(Screen::StaffSignIn);
  CHECK(https_of(update(state, StaffSignInSubmitted{})).empty());
  CHECK(state.field_errors.count(Field::StaffEmail));
  CHECK(state.field_errors.count(Field::StaffPassword));

  type(state, Field::StaffEmail, "Marie.Curie@ac-normandie.fr");
  type(state, Field::StaffPassword, "Ecole2026μ!");
  const auto sent = http_of(update(state, StaffSignInSubmitted{}));
  REQUIRE(sent);
  CHECK(sent->method == "POST");
  CHECK(sent->path == "/api/v1/staff/session");
  CHECK(json::parse(sent->body)["password"] == "Ecole2026μ!");
  CHECK(state.busy);

  // A wrong password: said above the form, typed again.
  update(state, HttpAnswered{RequestKind::StaffSignIn, 401,
                             error_json("invalid_credentials", "Adresse mail ou mot de passe incorrect.")});
  CHECK(state.form_error == "Adresse mail ou mot de passe incorrect.");
  CHECK(state.staff.sign_in.password.empty());
  CHECK_FALSE(state.busy);

  // Too many: the wait is said.
  type(state, Field::StaffPassword, "Ecole2026μ!");
  update(state, StaffSignInSubmitted{});
  update(state, HttpAnswered{RequestKind::StaffSignIn, 429,
                             error_json("too_many_attempts", "Trop d'essais.", {{"retry_after_seconds", 300}})});
  CHECK(state.form_error == "Trop d'essais. Réessayez dans 5 minutes.");

  type(state, Field::StaffPassword, "Ecole2026μ!");
  update(state, StaffSignInSubmitted{});
  const auto out = update(state, HttpAnswered{RequestKind::StaffSignIn, 202, R"({"flow":"F1"})"});
  CHECK(state.screen == Screen::StaffCode);
  CHECK(pushes(out, "#/personnel/code"));
  CHECK(state.staff.sign_in.flow == "F1");
  CHECK(state.staff.sign_in.password.empty());  // not kept once accepted

  // The code: six digits, or nothing is sent.
  type(state, Field::StaffTotpCode, "12345");
  CHECK(https_of(update(state, StaffCodeSubmitted{})).empty());
  CHECK(state.field_errors.count(Field::StaffTotpCode));
  type(state, Field::StaffTotpCode, "123 456");
  const auto code = http_of(update(state, StaffCodeSubmitted{}));
  REQUIRE(code);
  CHECK(code->path == "/api/v1/staff/session/F1/code");
  CHECK(json::parse(code->body) == json{{"code", "123456"}});

  update(state, HttpAnswered{RequestKind::StaffSecondFactor, 401,
                             error_json("invalid_totp_code", "Ce code n'est pas le bon.", {{"remaining_attempts", 3}})});
  CHECK(state.field_errors[Field::StaffTotpCode] == "Ce code n'est pas le bon. Il vous reste 3 essais.");
  CHECK(state.staff.sign_in.code.empty());

  type(state, Field::StaffTotpCode, "654321");
  update(state, StaffCodeSubmitted{});
  update(state, HttpAnswered{RequestKind::StaffSecondFactor, 401, error_json("totp_code_reused", "Ce code a déjà servi.")});
  CHECK(state.field_errors[Field::StaffTotpCode] == "Ce code a déjà servi.");

  type(state, Field::StaffTotpCode, "111111");
  update(state, StaffCodeSubmitted{});
  const auto signed_in = update(state, HttpAnswered{RequestKind::StaffSecondFactor, 200, profile_json().dump()});
  CHECK(state.screen == Screen::StaffConsole);
  CHECK(pushes(signed_in, "#/personnel/console"));
  REQUIRE(state.staff.console.profile);
  CHECK(state.staff.console.profile->name == "Marie CURIE");
  CHECK(state.staff.console.uai == "0500048F");  // the first school until another is picked
  CHECK(state.staff.sign_in.flow.empty());
  CHECK(state.staff.sign_in.code.empty());
}

TEST_CASE("staff second factor: a recovery code instead, and a locked flow back to the sign-in", "[staff]") {
  AppState state = on(Screen::StaffSignIn);
  state.staff.sign_in.email = "marie.curie@ac-normandie.fr";
  state.staff.sign_in.flow = "F1";
  state.screen = Screen::StaffCode;
  update(state, StaffRecoveryCodeToggled{});
  CHECK(state.staff.sign_in.use_recovery_code);
  CHECK(https_of(update(state, StaffCodeSubmitted{})).empty());
  CHECK(state.field_errors.count(Field::StaffRecoveryCode));
  type(state, Field::StaffRecoveryCode, " 4f7k-9qzm ");
  const auto sent = http_of(update(state, StaffCodeSubmitted{}));
  REQUIRE(sent);
  CHECK(json::parse(sent->body) == json{{"recovery_code", "4f7k-9qzm"}});
  update(state, HttpAnswered{RequestKind::StaffSecondFactor, 401,
                             error_json("invalid_recovery_code", "Ce code de secours n'est pas valable ou a déjà servi.")});
  CHECK(state.field_errors[Field::StaffRecoveryCode] == "Ce code de secours n'est pas valable ou a déjà servi.");

  type(state, Field::StaffRecoveryCode, "aaaa-bbbb");
  update(state, StaffCodeSubmitted{});
  const auto out = update(state, HttpAnswered{RequestKind::StaffSecondFactor, 410,
                                              error_json("flow_locked", "Trop de codes erronés.")});
  CHECK(state.screen == Screen::StaffSignIn);
  CHECK(pushes(out, "#/personnel/connexion"));
  CHECK(state.form_error.starts_with("Trop de codes erronés."));
  CHECK(state.staff.sign_in.flow.empty());
  CHECK(state.staff.sign_in.email == "marie.curie@ac-normandie.fr");  // kept to type the password again

  // The code's address without a flow (a reload): the sign-in.
  AppState fresh;
  const auto reload = update(fresh, AppStarted{"#/personnel/code", std::nullopt});
  CHECK(fresh.screen == Screen::StaffSignIn);
  CHECK(std::find(reload.begin(), reload.end(), Request{ReplaceRoute{"#/personnel/connexion"}}) != reload.end());
}

// --- Invitation --------------------------------------------------------------------------

TEST_CASE("staff invitation: welcome, password, the app's secret and code, ten recovery codes", "[staff]") {
  AppState state;
  const std::string route = std::string("#/personnel/invitation/") + kToken;
  std::vector<Request> all = update(state, AppStarted{route, std::nullopt});
  CHECK(state.screen == Screen::StaffInvitation);
  const auto asked = https_of(all);
  REQUIRE(asked.size() == 2);  // the config and the invitation
  CHECK(asked[0].path == std::string("/api/v1/staff/invitations/") + kToken);
  CHECK(asked[0].method == "GET");

  const json invitation = {{"name", "Marie CURIE"},
                           {"email", "marie.curie@ac-normandie.fr"},
                           {"schools", json::array({kSchool})},
                           {"expires_at", "2026-12-10T22:51:00Z"}};
  update(state, HttpAnswered{RequestKind::StaffInvitation, 200, invitation.dump()});
  CHECK(state.staff.invitation.status == LoadStatus::Loaded);
  CHECK(state.staff.invitation.step == StaffInvitationStep::Password);

  // The parents' rules, checked before anything is sent.
  type(state, Field::StaffNewPassword, "ecole2026μ!");
  type(state, Field::StaffConfirmation, "ecole2026μ!");
  CHECK(https_of(update(state, StaffInvitationSubmitted{})).empty());
  CHECK(state.field_errors.count(Field::StaffNewPassword));
  type(state, Field::StaffNewPassword, "Ecole2026μ!");
  type(state, Field::StaffConfirmation, "Ecole2026μ!");
  const auto password = http_of(update(state, StaffInvitationSubmitted{}));
  REQUIRE(password);
  CHECK(password->path == std::string("/api/v1/staff/invitations/") + kToken + "/password");
  CHECK(json::parse(password->body) == json{{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ!"}});

  const json enrolment = {{"secret", "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"},
                          {"otpauth_uri", "otpauth://totp/S%C3%A9same:marie.curie?secret=JBSWY3DPEHPK3PXP"},
                          {"qr_rows", json::array({"111", "101", "111"})}};
  update(state, HttpAnswered{RequestKind::StaffInvitationPassword, 200, enrolment.dump()});
  CHECK(state.staff.invitation.step == StaffInvitationStep::Totp);
  CHECK(state.staff.invitation.password.empty());
  REQUIRE(state.staff.invitation.enrolment);
  CHECK(state.staff.invitation.enrolment->qr_rows.size() == 3);

  // "Copier la clé".
  const auto copied = update(state, StaffCopyPressed{"JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"});
  CHECK(copied == std::vector<Request>{CopyText{"JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"}});

  type(state, Field::StaffTotpCode, "abc");
  CHECK(https_of(update(state, StaffInvitationSubmitted{})).empty());
  type(state, Field::StaffTotpCode, "123456");
  const auto totp = http_of(update(state, StaffInvitationSubmitted{}));
  REQUIRE(totp);
  CHECK(totp->path == std::string("/api/v1/staff/invitations/") + kToken + "/totp");
  CHECK(json::parse(totp->body) == json{{"code", "123456"}});
  update(state, HttpAnswered{RequestKind::StaffInvitationTotp, 401, error_json("invalid_totp_code", "Ce code n'est pas le bon.")});
  CHECK(state.field_errors[Field::StaffTotpCode] == "Ce code n'est pas le bon.");
  CHECK(state.staff.invitation.step == StaffInvitationStep::Totp);

  type(state, Field::StaffTotpCode, "654321");
  update(state, StaffInvitationSubmitted{});
  json codes = json::array();
  for (int i = 0; i < 10; ++i) codes.push_back("4f7k-9qz" + std::to_string(i));
  update(state, HttpAnswered{RequestKind::StaffInvitationTotp, 201,
                             json{{"recovery_codes", codes}, {"staff", profile_json()}}.dump()});
  CHECK(state.staff.invitation.step == StaffInvitationStep::RecoveryCodes);
  CHECK(state.staff.invitation.recovery_codes.size() == 10);
  CHECK_FALSE(state.staff.invitation.enrolment);  // the secret is not kept once enrolled
  REQUIRE(state.staff.console.profile);

  const auto noted = update(state, StaffRecoveryCodesNoted{});
  CHECK(state.screen == Screen::StaffConsole);
  CHECK(pushes(noted, "#/personnel/console"));
  CHECK(state.staff.invitation.recovery_codes.empty());  // shown once
  CHECK(state.staff.invitation.token.empty());
}

TEST_CASE("staff invitation: expired, used or unknown, with the way to the sign-in", "[staff]") {
  for (const auto& [status, code] : {std::pair{410, "invitation_expired"}, std::pair{410, "invitation_used"},
                                     std::pair{404, "invitation_unknown"}}) {
    INFO(code);
    AppState state;
    update(state, AppStarted{std::string("#/personnel/invitation/") + kToken, std::nullopt});
    update(state, HttpAnswered{RequestKind::StaffInvitation, status, error_json(code, "Ce lien ne sert plus.")});
    CHECK(state.staff.invitation.status == LoadStatus::Failed);
    CHECK(state.staff.invitation.failure == "Ce lien ne sert plus.");
    CHECK(https_of(update(state, StaffInvitationSubmitted{})).empty());
    update(state, BackPressed{});
    CHECK(state.screen == Screen::StaffSignIn);
  }
  // An address whose token is cut short: nothing asked, the unknown invitation's message.
  AppState state;
  const auto out = update(state, AppStarted{"#/personnel/invitation/abc", std::nullopt});
  CHECK(https_of(out).size() == 1);  // the config only
  CHECK(state.staff.invitation.status == LoadStatus::Failed);
  CHECK(state.staff.invitation.failure.find("invitation") != std::string::npos);
}

// --- The console ---------------------------------------------------------------------------

TEST_CASE("staff console: a reload asks who is signed in; a session gone leads to the sign-in", "[staff]") {
  AppState state;
  const auto out = update(state, AppStarted{"#/personnel/console", std::nullopt});
  CHECK(state.screen == Screen::StaffConsole);
  const auto asked = https_of(out);
  REQUIRE(asked.size() == 2);
  CHECK(asked[0].path == "/api/v1/staff/me");
  // Never signed in (a bookmark): the sign-in, with no notice of a session ended.
  AppState bookmark = state;
  update(bookmark, HttpAnswered{RequestKind::StaffMe, 401, error_json("not_authenticated", "Non connecté.")});
  CHECK(bookmark.screen == Screen::StaffSignIn);
  CHECK(bookmark.notice == Notice::None);
  update(state, HttpAnswered{RequestKind::StaffMe, 200, profile_json().dump()});
  REQUIRE(state.staff.console.profile);
  CHECK(state.staff.console.uai == "0500048F");

  // 15 minutes later: the progress is refused, the sign-in says why.
  update(state, StaffTabPicked{StaffTab::Progress});
  const auto lost = update(state, HttpAnswered{RequestKind::StaffProgress, 401,
                                               error_json("not_authenticated", "Vous n'êtes pas connecté.")});
  CHECK(state.screen == Screen::StaffSignIn);
  CHECK(pushes(lost, "#/personnel/connexion"));
  CHECK(state.notice == Notice::StaffSessionEnded);
  CHECK_FALSE(state.staff.console.profile);
}

TEST_CASE("staff console: the search, checked, then its results and a person opened", "[staff]") {
  AppState state = on_console();
  type(state, Field::StaffSearchName, " d ");
  CHECK(https_of(update(state, StaffSearchSubmitted{})).empty());
  CHECK(state.field_errors.count(Field::StaffSearchName));

  type(state, Field::StaffSearchName, "Émi");
  update(state, StaffKindPicked{StaffKindFilter::Guardians});
  auto sent = http_of(update(state, StaffSearchSubmitted{}));
  REQUIRE(sent);
  CHECK(sent->path == "/api/v1/staff/people?uai=0500048F&q=%C3%89mi&kind=guardian");

  update(state, HttpAnswered{RequestKind::StaffSearch, 200, R"({"people":[],"truncated":false})"});
  type(state, Field::StaffSearchName, "");
  type(state, Field::StaffSearchClass, "4e B");
  update(state, StaffKindPicked{StaffKindFilter::All});
  sent = http_of(update(state, StaffSearchSubmitted{}));
  REQUIRE(sent);
  CHECK(sent->path == "/api/v1/staff/people?uai=0500048F&class=4e%20B");
  const json people = {{"people", json::array({{{"kind", "pupil"},
                                                {"id", "12"},
                                                {"first_name", "Albert"},
                                                {"last_name", "DUPONT"},
                                                {"school", kSchool},
                                                {"class_name", "4e B"},
                                                {"account_state", "not_activated"}}})},
                       {"truncated", true}};
  update(state, HttpAnswered{RequestKind::StaffSearch, 200, people.dump()});
  REQUIRE(state.staff.console.results);
  CHECK(state.staff.console.results->truncated);

  // The other school: its own people.
  update(state, StaffSchoolPicked{"0500017X"});
  CHECK(state.staff.console.uai == "0500017X");
  CHECK_FALSE(state.staff.console.results);
  update(state, StaffSchoolPicked{"9999999Z"});  // not one of hers: ignored
  CHECK(state.staff.console.uai == "0500017X");

  const auto opened = update(state, StaffPersonOpened{"pupil", "12"});
  CHECK(state.screen == Screen::StaffPerson);
  CHECK(pushes(opened, "#/personnel/personne/pupil/12"));
  const auto get = http_of(opened);
  REQUIRE(get);
  CHECK(get->path == "/api/v1/staff/people/pupil/12");
  update(state, HttpAnswered{RequestKind::StaffPerson, 200, pupil_json().dump()});
  REQUIRE(state.staff.console.person);
  CHECK(state.staff.console.person->related.size() == 1);

  // "Retour à la console".
  update(state, BackPressed{});
  CHECK(state.screen == Screen::StaffConsole);
}

TEST_CASE("staff person: an address opens the page, an answer about someone else is ignored", "[staff]") {
  AppState state = on_console();
  const auto out = update(state, RouteChanged{"#/personnel/personne/guardian/41"});
  CHECK(state.screen == Screen::StaffPerson);
  const auto get = http_of(out);
  REQUIRE(get);
  CHECK(get->path == "/api/v1/staff/people/guardian/41");
  update(state, HttpAnswered{RequestKind::StaffPerson, 200, pupil_json().dump()});  // Albert's, late
  CHECK_FALSE(state.staff.console.person);
  update(state, HttpAnswered{RequestKind::StaffPerson, 404,
                             error_json("person_not_found", "Cette personne n'est pas inscrite…")});
  CHECK(state.form_error == "Cette personne n'est pas inscrite…");

  AppState bare = on_console();
  update(bare, RouteChanged{"#/personnel/personne/pupil"});
  CHECK(bare.screen == Screen::StaffConsole);
}

TEST_CASE("staff person: a new letter, confirmed, is saved as the PDF the server sent", "[staff]") {
  AppState state = on_person();
  const sesame::api::PersonDetails& albert = *state.staff.console.person;
  CHECK(staff::can_act(albert, StaffAction::Letter));
  CHECK_FALSE(staff::can_act(albert, StaffAction::Unlock));
  CHECK(staff::can_act(albert, StaffAction::CloseSessions));

  CHECK(https_of(update(state, StaffActionPressed{StaffAction::Letter, {}})).empty());  // confirmation first
  CHECK(state.staff.console.confirming == StaffAction::Letter);
  update(state, StaffActionCancelled{});
  CHECK(state.staff.console.confirming == StaffAction::None);
  update(state, StaffActionPressed{StaffAction::Letter, {}});
  const auto sent = http_of(update(state, StaffActionConfirmed{}));
  REQUIRE(sent);
  CHECK(sent->method == "POST");
  CHECK(sent->path == "/api/v1/staff/people/pupil/12/letter");
  CHECK(sent->body == "{}");
  CHECK(state.busy);

  const std::string pdf = pdf_bytes();
  const auto out = update(state, HttpAnswered{RequestKind::StaffLetter, 200, pdf});
  const SaveFile* file = saved_in(out);
  REQUIRE(file);
  CHECK(file->name == "lettre-DUPONT-Albert.pdf");
  CHECK(file->mime == "application/pdf");
  CHECK(file->bytes == pdf);  // byte for byte: NUL and high bytes intact
  CHECK(state.staff.console.success.starts_with("La lettre a été téléchargée : lettre-DUPONT-Albert.pdf."));
  const auto again = http_of(out);  // the letters issued: the person asked again
  REQUIRE(again);
  CHECK(again->path == "/api/v1/staff/people/pupil/12");
  CHECK_FALSE(state.busy);

  // A body that is not a PDF (a proxy's page): nothing saved, an error said.
  update(state, StaffActionPressed{StaffAction::Letter, {}});
  update(state, StaffActionConfirmed{});
  CHECK_FALSE(saved_in(update(state, HttpAnswered{RequestKind::StaffLetter, 200, "<html>oops</html>"})));
  CHECK_FALSE(state.form_error.empty());
}

TEST_CASE("staff person: unlock at once, close the sessions once confirmed, each answering the person",
          "[staff]") {
  AppState state = on_person(pupil_json("locked"));
  CHECK(staff::can_act(*state.staff.console.person, StaffAction::Unlock));
  const auto unlock = http_of(update(state, StaffActionPressed{StaffAction::Unlock, {}}));
  REQUIRE(unlock);  // nothing replaced: no confirmation
  CHECK(unlock->path == "/api/v1/staff/people/pupil/12/unlock");
  update(state, HttpAnswered{RequestKind::StaffUnlock, 200, pupil_json("active").dump()});
  CHECK(state.staff.console.person->account.state == "active");
  CHECK(state.staff.console.success == "Le compte est débloqué : la personne peut de nouveau se connecter.");

  update(state, StaffActionPressed{StaffAction::CloseSessions, {}});
  const auto close = http_of(update(state, StaffActionConfirmed{}));
  REQUIRE(close);
  CHECK(close->path == "/api/v1/staff/people/pupil/12/close-sessions");
  json none = pupil_json("active");
  none["account"]["open_sessions"] = 0;
  update(state, HttpAnswered{RequestKind::StaffCloseSessions, 200, none.dump()});
  CHECK(state.staff.console.person->account.open_sessions == 0);
  CHECK_FALSE(staff::can_act(*state.staff.console.person, StaffAction::CloseSessions));
  // An action the person no longer allows is not sent.
  CHECK(https_of(update(state, StaffActionPressed{StaffAction::CloseSessions, {}})).empty());
  CHECK(state.staff.console.confirming == StaffAction::None);
}

TEST_CASE("staff person: a guardian's activation letter, and an account already active explained", "[staff]") {
  CHECK(staff::can_act(*on_person(guardian_json("none")).staff.console.person, StaffAction::Letter));
  CHECK_FALSE(staff::can_act(*on_person(guardian_json("active")).staff.console.person, StaffAction::Letter));
  AppState state = on_person(guardian_json("not_activated"));
  update(state, StaffActionPressed{StaffAction::Letter, {}});
  const auto sent = http_of(update(state, StaffActionConfirmed{}));
  REQUIRE(sent);
  CHECK(sent->path == "/api/v1/staff/people/guardian/41/letter");
  const auto out = update(state, HttpAnswered{RequestKind::StaffLetter, 200, pdf_bytes()});
  REQUIRE(saved_in(out));
  CHECK(saved_in(out)->name == "lettre-activation-MARTIN-Paul.pdf");

  update(state, StaffActionPressed{StaffAction::Letter, {}});
  update(state, StaffActionConfirmed{});
  update(state, HttpAnswered{RequestKind::StaffLetter, 409,
                             error_json("account_already_active", "Ce compte est déjà activé.")});
  CHECK(state.form_error == "Ce compte est déjà activé.");
  CHECK(state.staff.console.acting == StaffAction::None);
}

TEST_CASE("staff console: the progress, who is missing in a class, and the class's letters", "[staff]") {
  AppState state = on_console();
  const auto asked = http_of(update(state, StaffTabPicked{StaffTab::Progress}));
  REQUIRE(asked);
  CHECK(asked->path == "/api/v1/staff/schools/0500048F/progress");
  const json progress = {{"school", kSchool},
                         {"classes", json::array({{{"class_name", "4e B"},
                                                   {"pupils", 25},
                                                   {"pupils_active", 18},
                                                   {"parents", 47},
                                                   {"parents_active", 30}},
                                                  {{"class_name", ""},
                                                   {"pupils", 1},
                                                   {"pupils_active", 1},
                                                   {"parents", 1},
                                                   {"parents_active", 0}}})}};
  update(state, HttpAnswered{RequestKind::StaffProgress, 200, progress.dump()});
  REQUIRE(state.staff.console.progress);
  CHECK(staff::progress_sentence(state.staff.console.progress->classes[0]) ==
        "4e B : 18 élèves sur 25 ont activé leur compte, 30 parents sur 47.");
  CHECK(staff::progress_sentence(state.staff.console.progress->classes[1]) ==
        "Sans classe : 1 élève sur 1 a activé son compte, 0 parent sur 1.");

  const auto missing = http_of(update(state, StaffMissingPressed{"4e B"}));
  REQUIRE(missing);
  CHECK(missing->path == "/api/v1/staff/schools/0500048F/missing?class=4e%20B");
  update(state, HttpAnswered{RequestKind::StaffMissing, 200, R"({"people":[],"truncated":false})"});
  REQUIRE(state.staff.console.missing);
  CHECK(state.staff.console.missing_class == std::optional<std::string>("4e B"));

  CHECK(https_of(update(state, StaffActionPressed{StaffAction::ClassLetters, "4e B"})).empty());
  const auto letters = http_of(update(state, StaffActionConfirmed{}));
  REQUIRE(letters);
  CHECK(letters->path == "/api/v1/staff/schools/0500048F/letters");
  CHECK(json::parse(letters->body) == json{{"class_name", "4e B"}});
  const auto out = update(state, HttpAnswered{RequestKind::StaffClassLetters, 200, pdf_bytes()});
  REQUIRE(saved_in(out));
  CHECK(saved_in(out)->name == "lettres-4e-B.pdf");
  CHECK(state.staff.console.success.starts_with("Les lettres de la classe 4e B ont été téléchargées"));

  update(state, StaffActionPressed{StaffAction::ClassLetters, "5e A"});
  update(state, StaffActionConfirmed{});
  update(state, HttpAnswered{RequestKind::StaffClassLetters, 404,
                             error_json("class_not_found", "Aucun élève de cette classe n'a de compte.")});
  CHECK(state.form_error == "Aucun élève de cette classe n'a de compte.");

  // Another school's progress arriving late is not shown as this one's.
  json other = progress;
  other["school"] = kOtherSchool;
  state.staff.console.progress.reset();
  update(state, HttpAnswered{RequestKind::StaffProgress, 200, other.dump()});
  CHECK_FALSE(state.staff.console.progress);
}

TEST_CASE("staff console: the journal, and signing out", "[staff]") {
  AppState state = on_console();
  const auto asked = http_of(update(state, StaffTabPicked{StaffTab::Audit}));
  REQUIRE(asked);
  CHECK(asked->path == "/api/v1/staff/schools/0500048F/audit");
  update(state, HttpAnswered{RequestKind::StaffAudit, 200,
                             R"J({"entries":[{"at":"2026-12-07T13:05:00Z","staff":"Marie CURIE",
                                 "action":"letter_issued","target":"DUPONT Albert (a.dupont07)"}]})J"});
  REQUIRE(state.staff.console.audit);
  CHECK(state.staff.console.audit->entries.size() == 1);

  const auto out = update(state, StaffSignOutPressed{});
  const auto sent = http_of(out);
  REQUIRE(sent);
  CHECK(sent->method == "DELETE");
  CHECK(sent->path == "/api/v1/staff/session");
  CHECK(state.screen == Screen::StaffSignIn);
  CHECK(state.notice == Notice::StaffSignedOut);
  CHECK_FALSE(state.staff.console.profile);
}

TEST_CASE("staff words: states, local times, file names, query values", "[staff]") {
  ParisWinter zone;
  CHECK(staff::local_date_time("2026-12-07T13:05:00Z") == "le 07/12/2026 à 14:05");
  CHECK(staff::local_date_time("2026-12-07T13:05:00.123Z") == "le 07/12/2026 à 14:05");
  CHECK(staff::local_date_time("2026-12-07T14:05:00+01:00") == "le 07/12/2026 à 14:05");
  CHECK(staff::local_date_time("2026-12-31T23:30:00Z") == "le 01/01/2027 à 00:30");
  CHECK(staff::local_date_time("hier") == "hier");
  CHECK_FALSE(staff::parse_iso_time("2026-12-07T13:05:00"));  // no zone: cannot be placed
  CHECK(staff::parse_iso_time("1970-01-01T00:00:00Z") == 0LL);
  CHECK(staff::account_state_words("none") == "Pas de compte");
  CHECK(staff::account_state_words("not_activated") == "Non activé");
  CHECK(staff::account_state_words("active") == "Activé");
  CHECK(staff::account_state_words("locked", std::string("2026-12-07T13:20:00Z")) == "Bloqué jusqu'à 14:20");
  CHECK(staff::account_state_words("disabled") == "Désactivé");
  CHECK(staff::account_state_words("closed") == "Fermé");
  CHECK(staff::file_name("lettre D'ANGELO Zoé") == "lettre-D-ANGELO-Zoé.pdf");
  CHECK(staff::file_name("lettres ../../etc/passwd") == "lettres-..-..-etc-passwd.pdf");
  CHECK(staff::url_encode("4e B") == "4e%20B");
  CHECK(staff::url_encode("a&b=c") == "a%26b%3Dc");
  CHECK(staff::audit_action_words("unlocked") == "Compte débloqué");
}
