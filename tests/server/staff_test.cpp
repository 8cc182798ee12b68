// School staff over HTTP (docs/api.md, "School staff: the console"): the
// invitation, the TOTP enrolment and every sign-in (codes computed by Debian's
// oathtool, an implementation independent of the server's liboath), the
// console's search, people, letters, unlock and sessions, and every attempt
// on a person or school outside the member's schools, refused with nothing changed.
#include <catch2/catch.hpp>
#include <regex>

#include "journeys.h"
#include "server/app.h"
#include "server/maintenance/purge.h"
#include "server/staff/access.h"
#include "server/staff/members.h"
#include "server/staff/totp.h"

using namespace sesame;
using namespace sesame::testing;
using nlohmann::json;

namespace {

constexpr const char* kCourtils = "0500048F";  // CLG LES COURTILS: Albert DUPONT, Lucas MARTIN
constexpr const char* kSablons = "0500065Z";   // LYC LES SABLONS: Hugo MARTIN, Chloé LEFÈVRE
constexpr const char* kStaffEmail = "nadia.benali@ac-normandie.fr";
constexpr const char* kStaffPassword = "Console!Courtils2026";

// The code oathtool computes for `secret` (base32, spaces allowed) at `unix_seconds`.
std::string oathtool_code(std::string secret, std::int64_t unix_seconds) {
  secret.erase(std::remove(secret.begin(), secret.end(), ' '), secret.end());
  const CommandResult result =
      run_command("oathtool --totp -b " + secret + " -N @" + std::to_string(unix_seconds) + " 2>&1");
  INFO(result.output);
  REQUIRE(result.status == 0);  // oathtool is installed by scripts/deps.sh
  return result.output.substr(0, 6);
}

// What a letter (PDF) says, read back with poppler's pdftotext: the identifier and temporary password.
struct LetterText {
  std::string text;
  std::string identifier;
  std::string password;
};
LetterText read_letter(const std::filesystem::path& dir, const std::string& pdf_bytes) {
  const std::filesystem::path pdf = dir / "lettre.pdf";
  write_file(pdf, pdf_bytes);
  const CommandResult text = run_command("pdftotext -layout -enc UTF-8 '" + pdf.string() + "' - 2>&1");
  INFO(text.output);
  REQUIRE(text.status == 0);
  std::smatch identifier;
  std::smatch password;
  REQUIRE(std::regex_search(text.output, identifier, std::regex("Identifiant[^a-z]*([a-z]\\.[a-z]+[0-9]{2,3})")));
  REQUIRE(std::regex_search(text.output, password,
                            std::regex("provisoire[^a-z0-9]*([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})")));
  return LetterText{text.output, identifier[1], password[1]};
}

std::string cookie_named(const httplib::Result& res, const std::string& name) {
  for (const auto& [key, value] : res->headers)
    if (key == "Set-Cookie" && value.starts_with(name + "=")) return value.substr(0, value.find(';'));
  FAIL("no cookie " << name);
  return {};
}

json body_of(const httplib::Result& res) {
  REQUIRE(res);
  INFO(res->body);
  return json::parse(res->body);
}

std::string error_code(const httplib::Result& res) { return body_of(res)["error"]["code"].get<std::string>(); }

// A staff member of the console and their way in, over HTTP.
struct StaffJourney : Journey {
  // `sesame-admin staff add`: the member and the link's token.
  std::string invite(const std::string& email, const std::vector<std::string>& uais) {
    auto connection = server.database().connection();
    store::Transaction transaction(*connection);
    const staff::InvitationIssued issued =
        staff::invite(*connection, server.app().services().keyed_hasher, fast_security().staff, email,
                      "Nadia BENALI", uais, server.origin(), clock->unix_seconds());
    transaction.commit();
    return issued.link.substr(issued.link.rfind('/') + 1);
  }

  std::string invitation(const std::string& token, const std::string& step = "") {
    return "/api/v1/staff/invitations/" + token + step;
  }

  // Password, then the code of the secret answered: the member is enrolled.
  struct Enrolled {
    std::string secret;
    std::string cookie;
    std::vector<std::string> recovery_codes;
  };
  Enrolled enrol(const std::string& token) {
    const auto chosen = post(invitation(token, "/password"), {{"password", kStaffPassword}, {"confirmation", kStaffPassword}});
    const json enrolment = body_of(chosen);
    REQUIRE(chosen->status == 200);
    const std::string secret = enrolment["secret"];
    const auto confirmed =
        post(invitation(token, "/totp"), {{"code", oathtool_code(secret, clock->unix_seconds())}});
    const json answer = body_of(confirmed);
    REQUIRE(confirmed->status == 201);
    return Enrolled{secret, cookie_named(confirmed, "sesame_staff"), answer["recovery_codes"]};
  }

  Enrolled enrolled_member(const std::vector<std::string>& uais = {kCourtils}) {
    return enrol(invite(kStaffEmail, uais));
  }

  std::string password_step(const std::string& password = kStaffPassword) {
    const auto res = post("/api/v1/staff/session", {{"email", kStaffEmail}, {"password", password}});
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 202);
    return body_of(res)["flow"];
  }

  httplib::Result code_step(const std::string& flow, const json& body) {
    return post("/api/v1/staff/session/" + flow + "/code", body);
  }

  // A full sign-in with the code of the next 30-second step: answers the staff cookie.
  std::string sign_in(const std::string& secret) {
    clock->advance(std::chrono::seconds(30));
    const auto res = code_step(password_step(), {{"code", oathtool_code(secret, clock->unix_seconds())}});
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    return cookie_named(res, "sesame_staff");
  }

  std::int64_t id_of_pupil(const std::string& external_id) {
    return count("SELECT id FROM pupils WHERE external_id = '" + external_id + "'");
  }
  std::int64_t id_of_guardian(const std::string& external_id) {
    return count("SELECT id FROM guardians WHERE external_id = '" + external_id + "'");
  }
  std::string person(const std::string& kind, std::int64_t id, const std::string& action = "") {
    return "/api/v1/staff/people/" + kind + "/" + std::to_string(id) + action;
  }
  // What a refused attempt must leave as it was.
  std::int64_t footprint() {
    return count("SELECT count(*) FROM audit_log WHERE staff_id IS NOT NULL AND kind NOT LIKE 'staff_%'") * 1000 +
           count("SELECT count(*) FROM temporary_passwords") * 100 + count("SELECT count(*) FROM sessions") * 10 +
           count("SELECT count(*) FROM rate_limits");
  }
};

}  // namespace

TEST_CASE("TOTP: liboath's codes are oathtool's, one step either side is accepted", "[staff]") {
  const std::string secret = staff::new_totp_secret();
  const std::string base32 = staff::base32(secret);
  CHECK(base32.size() == 32);
  CHECK(staff::grouped(base32).size() == 39);
  const std::int64_t now = 1'790'000'000;
  const std::string code = oathtool_code(base32, now);
  CHECK(staff::code_at(secret, now) == code);
  REQUIRE(staff::matching_step(secret, code, now));
  CHECK(*staff::matching_step(secret, code, now) == now / 30);
  CHECK(staff::matching_step(secret, code, now + 30) == now / 30);   // the clock ran ahead
  CHECK(staff::matching_step(secret, code, now - 30) == now / 30);   // or behind
  CHECK_FALSE(staff::matching_step(secret, code, now + 90));
  CHECK_FALSE(staff::matching_step(secret, "12345", now));
  CHECK_FALSE(staff::matching_step(secret, "abcdef", now));
  const std::string uri = staff::otpauth_uri(secret, "nadia.benali@ac-normandie.fr");
  CHECK(uri.starts_with("otpauth://totp/S%C3%A9same:nadia.benali%40ac-normandie.fr?secret=" + base32));
  const std::vector<std::string> rows = staff::qr_rows(uri);
  REQUIRE(rows.size() >= 21);
  for (const std::string& row : rows) CHECK(row.size() == rows.size());
  CHECK(rows[0].substr(0, 7) == "1111111");  // a finder pattern
}

TEST_CASE("An invitation enrols a password and a second factor once, within 72 hours", "[staff]") {
  StaffJourney journey;
  const std::string token = journey.invite(kStaffEmail, {kCourtils});

  SECTION("the e-mail carries the link") {
    const json mail = journey.outbox(kStaffEmail);
    REQUIRE(mail.size() == 1);
    CHECK(mail[0]["body"].get<std::string>().find("/#/personnel/invitation/" + token) != std::string::npos);
  }
  SECTION("read, then each step in order") {
    const json invitation = body_of(journey.client.Get(journey.invitation(token)));
    CHECK(invitation["name"] == "Nadia BENALI");
    CHECK(invitation["schools"][0]["name"] == "CLG LES COURTILS");

    const auto early = journey.post(journey.invitation(token, "/totp"), {{"code", "123456"}});
    CHECK(early->status == 409);
    const auto weak = journey.post(journey.invitation(token, "/password"), {{"password", "court"}, {"confirmation", "court"}});
    CHECK(weak->status == 400);
    CHECK(error_code(weak) == "password_policy");

    const auto chosen = journey.post(journey.invitation(token, "/password"),
                                     {{"password", kStaffPassword}, {"confirmation", kStaffPassword}});
    const json enrolment = body_of(chosen);
    CHECK(enrolment["otpauth_uri"].get<std::string>().find("secret=") != std::string::npos);
    CHECK(enrolment["qr_rows"].size() >= 21);
    const auto wrong = journey.post(journey.invitation(token, "/totp"), {{"code", "000000"}});
    CHECK(wrong->status == 401);
    CHECK(error_code(wrong) == "invalid_totp_code");

    const auto done = journey.post(journey.invitation(token, "/totp"),
                                   {{"code", oathtool_code(enrolment["secret"], journey.clock->unix_seconds())}});
    const json answer = body_of(done);
    REQUIRE(done->status == 201);
    CHECK(answer["recovery_codes"].size() == 10);
    CHECK(answer["staff"]["recovery_codes_left"] == 10);
    const std::string cookie = cookie_named(done, "sesame_staff");
    CHECK(done->get_header_value("Set-Cookie").find("Path=/api/v1/staff") != std::string::npos);
    CHECK(journey.get_as(cookie, "/api/v1/staff/me")->status == 200);
    CHECK(journey.count("SELECT count(*) FROM staff_members WHERE totp_secret LIKE '%" +
                        enrolment["secret"].get<std::string>().substr(0, 4) + "%'") == 0);  // sealed

    // Used: never again.
    CHECK(journey.client.Get(journey.invitation(token))->status == 410);
    CHECK(error_code(journey.client.Get(journey.invitation(token))) == "invitation_used");
    const auto again = journey.post(journey.invitation(token, "/password"),
                                    {{"password", kStaffPassword}, {"confirmation", kStaffPassword}});
    CHECK(error_code(again) == "invitation_used");
  }
  SECTION("expired after 72 hours") {
    journey.clock->advance(std::chrono::hours(72));
    const auto res = journey.client.Get(journey.invitation(token));
    CHECK(res->status == 410);
    CHECK(error_code(res) == "invitation_expired");
  }
  SECTION("a new invitation ends the previous one; a made-up token is unknown") {
    const std::string second = journey.invite(kStaffEmail, {kCourtils});
    CHECK(error_code(journey.client.Get(journey.invitation(token))) == "invitation_unknown");
    CHECK(journey.client.Get(journey.invitation(second))->status == 200);
    CHECK(journey.client.Get(journey.invitation("AAAAAAAAAAAAAAAAAAAAAA"))->status == 404);
  }
}

TEST_CASE("Staff sign in with a password then a code, each code once", "[staff]") {
  StaffJourney journey;
  const StaffJourney::Enrolled member = journey.enrolled_member();

  SECTION("a wrong password, an unknown address: the same refusal") {
    const auto wrong = journey.post("/api/v1/staff/session", {{"email", kStaffEmail}, {"password", "Faux!Mot2passe"}});
    CHECK(wrong->status == 401);
    CHECK(error_code(wrong) == "invalid_credentials");
    const auto unknown =
        journey.post("/api/v1/staff/session", {{"email", "personne@ac-normandie.fr"}, {"password", kStaffPassword}});
    CHECK(error_code(unknown) == "invalid_credentials");
  }
  SECTION("the enrolment's code cannot be replayed within its window; the next step's can be used once") {
    const std::string code = oathtool_code(member.secret, journey.clock->unix_seconds());
    const auto replayed = journey.code_step(journey.password_step(), {{"code", code}});
    CHECK(replayed->status == 401);
    CHECK(error_code(replayed) == "totp_code_reused");

    journey.clock->advance(std::chrono::seconds(30));
    const std::string next = oathtool_code(member.secret, journey.clock->unix_seconds());
    const auto ok = journey.code_step(journey.password_step(), {{"code", next}});
    REQUIRE(ok->status == 200);
    CHECK(body_of(ok)["email"] == kStaffEmail);
    const auto twice = journey.code_step(journey.password_step(), {{"code", next}});
    CHECK(error_code(twice) == "totp_code_reused");
  }
  SECTION("a recovery code is spent by its use") {
    const auto used = journey.code_step(journey.password_step(), {{"recovery_code", member.recovery_codes[3]}});
    REQUIRE(used->status == 200);
    CHECK(body_of(used)["recovery_codes_left"] == 9);
    const auto again = journey.code_step(journey.password_step(), {{"recovery_code", member.recovery_codes[3]}});
    CHECK(again->status == 401);
    CHECK(error_code(again) == "invalid_recovery_code");
    // Typed in capitals without its hyphen: the same code.
    std::string typed = member.recovery_codes[4];
    typed.erase(typed.find('-'), 1);
    std::transform(typed.begin(), typed.end(), typed.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
    CHECK(journey.code_step(journey.password_step(), {{"recovery_code", typed}})->status == 200);
  }
  SECTION("five wrong codes lock the flow; wrong codes count in the address's throttle") {
    const std::string flow = journey.password_step();
    for (int i = 0; i < 4; ++i) {
      const auto wrong = journey.code_step(flow, {{"code", "000000"}});
      CHECK(wrong->status == 401);
      CHECK(body_of(wrong)["error"]["remaining_attempts"] == 4 - i);
    }
    const auto locked = journey.code_step(flow, {{"code", "000000"}});
    CHECK(locked->status == 410);
    CHECK(error_code(locked) == "flow_locked");
    journey.clock->advance(std::chrono::seconds(30));
    const auto late = journey.code_step(flow, {{"code", oathtool_code(member.secret, journey.clock->unix_seconds())}});
    CHECK(late->status == 410);
    // The address now waits before its next password.
    const auto throttled = journey.post("/api/v1/staff/session", {{"email", kStaffEmail}, {"password", kStaffPassword}});
    CHECK(throttled->status == 429);
    CHECK(error_code(throttled) == "too_many_attempts");
  }
  SECTION("wrong passwords are throttled like a parent's") {
    for (int i = 0; i < 5; ++i)
      journey.post("/api/v1/staff/session", {{"email", kStaffEmail}, {"password", "Faux!Mot2passe"}});
    const auto throttled = journey.post("/api/v1/staff/session", {{"email", kStaffEmail}, {"password", kStaffPassword}});
    CHECK(throttled->status == 429);
    CHECK(throttled->get_header_value("Retry-After") != "");
  }
  SECTION("neither a missing nor a double factor") {
    const std::string flow = journey.password_step();
    CHECK(error_code(journey.code_step(flow, json::object())) == "second_factor_required");
    CHECK(error_code(journey.code_step(flow, {{"code", "123456"}, {"recovery_code", "abcd-efgh"}})) ==
          "second_factor_required");
  }
  SECTION("a session ends after 15 idle minutes, and after 8 hours whatever") {
    const std::string idle = journey.sign_in(member.secret);
    journey.clock->advance(std::chrono::minutes(15));
    CHECK(journey.get_as(idle, "/api/v1/staff/me")->status == 401);

    const std::string busy = journey.sign_in(member.secret);
    for (int i = 0; i < 48; ++i) {
      journey.clock->advance(std::chrono::minutes(10));
      if (journey.get_as(busy, "/api/v1/staff/me")->status != 200) {
        CHECK(i >= 47);  // 8 hours after it was opened
        break;
      }
    }
    CHECK(journey.get_as(busy, "/api/v1/staff/me")->status == 401);
  }
  SECTION("sign-out ends the session; a removed member's sessions end at once") {
    const std::string cookie = journey.sign_in(member.secret);
    httplib::Headers headers{{"Cookie", cookie}};
    CHECK(journey.client.Delete("/api/v1/staff/session", headers)->status == 204);
    CHECK(journey.get_as(cookie, "/api/v1/staff/me")->status == 401);

    const std::string other = journey.sign_in(member.secret);
    {
      auto connection = journey.server.database().connection();
      store::Transaction transaction(*connection);
      staff::remove_member(*connection, journey.count("SELECT id FROM staff_members"), journey.clock->unix_seconds());
      transaction.commit();
    }
    CHECK(journey.get_as(other, "/api/v1/staff/me")->status == 401);
    const auto after = journey.post("/api/v1/staff/session", {{"email", kStaffEmail}, {"password", kStaffPassword}});
    CHECK(error_code(after) == "invalid_credentials");
  }
}

TEST_CASE("Staff routes and parents' routes never open for the other's session", "[staff]") {
  StaffJourney journey;
  const StaffJourney::Enrolled member = journey.enrolled_member();
  const std::string parent = journey.sign_in_cookie(journey.create_dupont_account(), kEmiliePassword);
  const auto refused = journey.get_as(parent, "/api/v1/staff/me");
  CHECK(refused->status == 403);
  CHECK(error_code(refused) == "staff_only");
  CHECK(journey.get_as(parent, "/api/v1/staff/people?q=dupont")->status == 403);
  CHECK(journey.get_as(member.cookie, "/api/v1/me")->status == 401);
  CHECK(journey.get_as("", "/api/v1/staff/people?q=dupont")->status == 401);
}

TEST_CASE("The console finds the families of the member's schools, accents and case ignored", "[staff]") {
  StaffJourney journey;
  const std::string cookie = journey.enrolled_member({kCourtils, kSablons}).cookie;
  auto names = [&](const std::string& query) {
    const auto res = journey.get_as(cookie, "/api/v1/staff/people?" + query);
    const json answer = body_of(res);
    std::vector<std::string> found;
    for (const json& person : answer["people"])
      found.push_back(person["kind"].get<std::string>() + ":" + person["first_name"].get<std::string>());
    return found;
  };
  CHECK(names("q=lefe") == std::vector<std::string>{"guardian:Bernard", "pupil:Chloé"});
  CHECK(names("q=chlo%C3%A9") == std::vector<std::string>{"pupil:Chloé"});
  CHECK(names("q=EMI") == std::vector<std::string>{"guardian:Emilie"});
  CHECK(names("q=martin&kind=pupil") == std::vector<std::string>{"pupil:Hugo", "pupil:Lucas"});
  CHECK(names("q=martin%20luc") == std::vector<std::string>{"pupil:Lucas"});
  CHECK(names("class=4e%20B&kind=pupil") == std::vector<std::string>{"pupil:Albert"});
  CHECK(names("q=martin&uai=0500065Z") == std::vector<std::string>{"pupil:Hugo", "guardian:Sophie"});
  // Monique DUPONT is not Albert's legal representative: not in the console.
  CHECK(names("q=monique").empty());
  const auto short_query = journey.get_as(cookie, "/api/v1/staff/people?q=d");
  CHECK(short_query->status == 400);
  CHECK(error_code(short_query) == "invalid_search");
}

TEST_CASE("Nothing outside the member's schools: each attempt refused, nothing changed", "[staff]") {
  StaffJourney journey;
  const std::string cookie = journey.enrolled_member({kCourtils}).cookie;
  const std::int64_t hugo = journey.id_of_pupil("DEMO-E05");      // LYC LES SABLONS
  const std::int64_t sophie = journey.id_of_guardian("DEMO-R06");  // Hugo's mother only
  const std::int64_t monique = journey.id_of_guardian("DEMO-R02"); // Albert's, not legal representative
  const std::int64_t before = journey.footprint();

  auto refused = [&](const httplib::Result& res, int status, const std::string& code) {
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->status == status);
    CHECK(error_code(res) == code);
  };
  SECTION("search") {
    refused(journey.get_as(cookie, "/api/v1/staff/people?q=martin&uai=0500065Z"), 403, "school_not_yours");
    const json found = body_of(journey.get_as(cookie, "/api/v1/staff/people?q=hugo"));
    CHECK(found["people"].empty());
  }
  SECTION("read") {
    refused(journey.get_as(cookie, journey.person("pupil", hugo)), 404, "person_not_found");
    refused(journey.get_as(cookie, journey.person("guardian", sophie)), 404, "person_not_found");
    refused(journey.get_as(cookie, journey.person("guardian", monique)), 404, "person_not_found");
  }
  SECTION("guessed ids") {
    refused(journey.get_as(cookie, journey.person("pupil", 999999)), 404, "person_not_found");
    refused(journey.get_as(cookie, journey.person("guardian", 999999)), 404, "person_not_found");
    CHECK(journey.get_as(cookie, "/api/v1/staff/people/pupil/0")->status == 404);
    CHECK(journey.get_as(cookie, "/api/v1/staff/people/account/1")->status == 404);
  }
  SECTION("a pupil's letter") {
    refused(journey.post_as(cookie, journey.person("pupil", hugo, "/letter"), json::object()), 404,
            "person_not_found");
  }
  SECTION("unlock") {
    refused(journey.post_as(cookie, journey.person("pupil", hugo, "/unlock"), json::object()), 404,
            "person_not_found");
    refused(journey.post_as(cookie, journey.person("guardian", sophie, "/unlock"), json::object()), 404,
            "person_not_found");
  }
  SECTION("close sessions") {
    refused(journey.post_as(cookie, journey.person("pupil", hugo, "/close-sessions"), json::object()), 404,
            "person_not_found");
    refused(journey.post_as(cookie, journey.person("guardian", sophie, "/close-sessions"), json::object()), 404,
            "person_not_found");
  }
  SECTION("a class's letters, progress, missing, audit of another school") {
    refused(journey.post_as(cookie, "/api/v1/staff/schools/0500065Z/letters", {{"class_name", "Terminale 2"}}), 403,
            "school_not_yours");
    refused(journey.get_as(cookie, "/api/v1/staff/schools/0500065Z/progress"), 403, "school_not_yours");
    refused(journey.get_as(cookie, "/api/v1/staff/schools/0500065Z/missing?class=Terminale%202"), 403,
            "school_not_yours");
    refused(journey.get_as(cookie, "/api/v1/staff/schools/0500065Z/audit"), 403, "school_not_yours");
  }
  CHECK(journey.footprint() == before);
}

TEST_CASE("A lost letter: the console prints a new one, and Albert signs in with it", "[staff]") {
  StaffJourney journey;
  const std::string cookie = journey.enrolled_member().cookie;
  const std::int64_t albert = journey.id_of_pupil("DEMO-E01");
  const auto letter = journey.post_as(cookie, journey.person("pupil", albert, "/letter"), json::object());
  REQUIRE(letter);
  REQUIRE(letter->status == 200);
  CHECK(letter->get_header_value("Content-Type") == "application/pdf");
  CHECK(letter->body.starts_with("%PDF-"));
  CHECK(letter->get_header_value("Content-Disposition").find("lettre-a.dupont") != std::string::npos);

  // The password only the PDF knows.
  const LetterText read = read_letter(journey.server.dir().path(), letter->body);
  const std::string& identifier = read.identifier;
  const std::string& password = read.password;

  const auto opened = journey.post("/api/v1/session", {{"identifier", identifier}, {"password", password}});
  REQUIRE(opened->status == 202);
  const std::string flow = body_of(opened)["flow"];
  CHECK(journey.post("/api/v1/first-sign-in/" + flow + "/birth-date", {{"birth_date", "2012-03-14"}})->status == 200);
  const auto done = journey.post("/api/v1/first-sign-in/" + flow + "/password",
                                 {{"password", "Cartable!Rouge2026"}, {"confirmation", "Cartable!Rouge2026"}});
  CHECK(done->status == 200);

  const json albert_now = body_of(journey.get_as(cookie, journey.person("pupil", albert)));
  CHECK(albert_now["account"]["state"] == "active");
  CHECK(albert_now["account"]["last_sign_in_at"].is_string());
  REQUIRE(albert_now["letters"].size() == 1);
  CHECK(albert_now["letters"][0]["by"] == "Nadia BENALI");
  CHECK(albert_now["related"][0]["first_name"] == "Emilie");

  const json audit = body_of(journey.get_as(cookie, "/api/v1/staff/schools/0500048F/audit"));
  REQUIRE(audit["entries"].size() == 1);
  CHECK(audit["entries"][0]["action"] == "letter_issued");
  CHECK(audit["entries"][0]["staff"] == "Nadia BENALI");
  CHECK(audit["entries"][0]["target"].get<std::string>().starts_with("DUPONT Albert (a.dupont"));
}

TEST_CASE("A class's letters in one PDF; the progress counts who is missing", "[staff]") {
  StaffJourney journey;
  const std::string cookie = journey.enrolled_member().cookie;
  const json progress = body_of(journey.get_as(cookie, "/api/v1/staff/schools/0500048F/progress"));
  REQUIRE(progress["classes"].size() == 2);
  CHECK(progress["classes"][0] == json{{"class_name", "4e B"}, {"pupils", 1}, {"pupils_active", 0},
                                       {"parents", 1}, {"parents_active", 0}});
  journey.create_dupont_account();  // Emilie, legal representative of Albert (4e B)
  const json after = body_of(journey.get_as(cookie, "/api/v1/staff/schools/0500048F/progress"));
  CHECK(after["classes"][0]["parents_active"] == 1);
  const json missing = body_of(journey.get_as(cookie, "/api/v1/staff/schools/0500048F/missing?class=4e%20B"));
  REQUIRE(missing["people"].size() == 1);
  CHECK(missing["people"][0]["first_name"] == "Albert");

  const auto letters = journey.post_as(cookie, "/api/v1/staff/schools/0500048F/letters", {{"class_name", "4e B"}});
  REQUIRE(letters->status == 200);
  CHECK(letters->body.starts_with("%PDF-"));
  CHECK(journey.count("SELECT count(*) FROM temporary_passwords") == 1);
  const auto none = journey.post_as(cookie, "/api/v1/staff/schools/0500048F/letters", {{"class_name", "3e Z"}});
  CHECK(none->status == 404);
  CHECK(error_code(none) == "class_not_found");
  // Lucas (5e A) has chosen his password: his class gets no letter that could reset it.
  {
    auto connection = journey.server.database().connection();
    connection->run("UPDATE accounts SET password_hash = 'x' WHERE pupil_id = ?1", journey.id_of_pupil("DEMO-E03"));
  }
  CHECK(error_code(journey.post_as(cookie, "/api/v1/staff/schools/0500048F/letters", {{"class_name", "5e A"}})) ==
        "class_not_found");
  const json audit = body_of(journey.get_as(cookie, "/api/v1/staff/schools/0500048F/audit"));
  CHECK(audit["entries"][0]["action"] == "class_letters_issued");
  CHECK(audit["entries"][0]["target"] == "classe 4e B");
}

TEST_CASE("A locked parent: the console unlocks, the parent signs in; sessions closed", "[staff]") {
  StaffJourney journey;
  const std::string cookie = journey.enrolled_member().cookie;
  const std::string identifier = journey.create_dupont_account();
  const std::int64_t emilie = journey.id_of_guardian("DEMO-R01");
  for (int i = 0; i < 5; ++i) journey.post("/api/v1/session", {{"identifier", identifier}, {"password", "Faux!Mot2passe"}});
  CHECK(journey.post("/api/v1/session", {{"identifier", identifier}, {"password", kEmiliePassword}})->status == 429);

  const json locked = body_of(journey.get_as(cookie, journey.person("guardian", emilie)));
  CHECK(locked["account"]["state"] == "locked");
  CHECK(locked["account"]["locked_until"].is_string());
  CHECK(locked["mobile_known"] == true);
  CHECK(locked["account"]["identifier"] == identifier);

  const auto unlocked = journey.post_as(cookie, journey.person("guardian", emilie, "/unlock"), json::object());
  REQUIRE(unlocked->status == 200);
  CHECK(body_of(unlocked)["account"]["state"] == "active");
  const std::string parent = journey.sign_in_cookie(identifier, kEmiliePassword);
  CHECK(journey.get_as(parent, "/api/v1/me")->status == 200);

  const json signed_in = body_of(journey.get_as(cookie, journey.person("guardian", emilie)));
  CHECK(signed_in["account"]["open_sessions"] == 2);  // account creation signed her in too
  const auto closed = journey.post_as(cookie, journey.person("guardian", emilie, "/close-sessions"), json::object());
  CHECK(body_of(closed)["account"]["open_sessions"] == 0);
  CHECK(journey.get_as(parent, "/api/v1/me")->status == 401);

  const json audit = body_of(journey.get_as(cookie, "/api/v1/staff/schools/0500048F/audit"));
  REQUIRE(audit["entries"].size() == 2);
  CHECK(audit["entries"][0]["action"] == "sessions_closed");
  CHECK(audit["entries"][1]["action"] == "unlocked");
  CHECK(audit["entries"][1]["target"] == "DUPONT Emilie (" + identifier + ")");

  // A guardian without account: nothing to unlock.
  const std::int64_t paul = journey.id_of_guardian("DEMO-R03");
  const auto none = journey.post_as(cookie, journey.person("guardian", paul, "/unlock"), json::object());
  CHECK(none->status == 409);
  CHECK(error_code(none) == "no_account");
}

TEST_CASE("The janitor purges staff sessions past their lifetimes and old invitations", "[staff]") {
  StaffJourney journey;
  journey.enrolled_member();
  journey.invite("paul.durand@ac-normandie.fr", {kCourtils});
  CHECK(journey.count("SELECT count(*) FROM staff_sessions") == 1);
  auto purge = [&] {
    auto connection = journey.server.database().connection();
    return maintenance::purge_expired(*connection, fast_security(), maintenance::RetentionConfig{},
                                      journey.clock->unix_seconds());
  };
  journey.clock->advance(std::chrono::minutes(14));
  purge();
  CHECK(journey.count("SELECT count(*) FROM staff_sessions") == 1);
  journey.clock->advance(std::chrono::minutes(1));
  purge();
  CHECK(journey.count("SELECT count(*) FROM staff_sessions") == 0);
  CHECK(journey.count("SELECT count(*) FROM staff_invitations") == 2);  // the used one and the pending one
  journey.clock->advance(std::chrono::hours(72) + std::chrono::days(30));
  purge();
  CHECK(journey.count("SELECT count(*) FROM staff_invitations") == 0);
}

TEST_CASE("A parent without a mobile: the activation letter, then the first sign-in with it", "[staff]") {
  StaffJourney journey;
  const std::string cookie = journey.enrolled_member({kSablons}).cookie;
  const std::int64_t bernard = journey.id_of_guardian("DEMO-R07");  // no mobile; Chloé's father
  CHECK(body_of(journey.get_as(cookie, journey.person("guardian", bernard)))["mobile_known"] == false);

  const auto letter = journey.post_as(cookie, journey.person("guardian", bernard, "/letter"), json::object());
  REQUIRE(letter);
  INFO(letter->body.substr(0, 300));
  REQUIRE(letter->status == 200);
  const LetterText read = read_letter(journey.server.dir().path(), letter->body);
  CHECK(read.identifier.starts_with("b.lefevre"));
  CHECK(read.text.find("Responsable légal") != std::string::npos);
  CHECK(read.text.find("LEFÈVRE Chloé (1re 3)") != std::string::npos);
  CHECK(read.text.find("Représentant légal (parents)") != std::string::npos);

  const json before = body_of(journey.get_as(cookie, journey.person("guardian", bernard)));
  CHECK(before["account"]["state"] == "not_activated");
  CHECK(before["account"]["identifier"] == read.identifier);
  CHECK(before["account"]["temporary_password_expires_on"].is_string());
  // Not activated yet: a new letter replaces the first one.
  CHECK(journey.post_as(cookie, journey.person("guardian", bernard, "/letter"), json::object())->status == 200);
  const auto old = journey.post("/api/v1/session", {{"identifier", read.identifier}, {"password", read.password}});
  CHECK(old->status == 401);
  const auto again = journey.post_as(cookie, journey.person("guardian", bernard, "/letter"), json::object());
  const LetterText current = read_letter(journey.server.dir().path(), again->body);
  CHECK(current.identifier == read.identifier);

  // Bernard's first sign-in: his letter, Chloé's birth date, a password.
  const auto opened = journey.post("/api/v1/session", {{"identifier", current.identifier}, {"password", current.password}});
  REQUIRE(opened->status == 202);
  const json first = body_of(opened);
  CHECK(first["profile"] == "parent");
  CHECK(first["first_name"] == "Bernard");
  REQUIRE(first["children"].size() == 1);
  CHECK(first["children"][0]["first_name"] == "Chloé");
  const std::string chloe = first["children"][0]["id"];
  const std::string flow = "/api/v1/first-sign-in/" + first["flow"].get<std::string>();
  CHECK(journey.post(flow + "/birth-date", {{"birth_date", "2009-04-17"}})->status == 409);
  CHECK(journey.post(flow + "/password", {{"password", "Cartable!Vert2026"}, {"confirmation", "Cartable!Vert2026"}})
            ->status == 409);
  const auto wrong = journey.post(
      flow + "/children", {{"children", json::array({{{"id", chloe}, {"is_guardian", true}, {"birth_date", "2009-04-18"}}})}});
  CHECK(wrong->status == 400);
  CHECK(error_code(wrong) == "birth_date_mismatch");
  CHECK(body_of(wrong)["error"]["children"][0]["remaining_attempts"] == 2);
  const auto right = journey.post(
      flow + "/children", {{"children", json::array({{{"id", chloe}, {"is_guardian", true}, {"birth_date", "2009-04-17"}}})}});
  REQUIRE(right->status == 200);
  CHECK(body_of(right)["children"][0]["first_name"] == "Chloé");
  const auto done =
      journey.post(flow + "/password", {{"password", "Cartable!Vert2026"}, {"confirmation", "Cartable!Vert2026"}});
  REQUIRE(done->status == 200);
  const json account = body_of(done)["account"];
  CHECK(account["profile"] == "parent");
  CHECK(account["identifier"] == read.identifier);
  REQUIRE(account["children"].size() == 1);
  CHECK(account["children"][0]["first_name"] == "Chloé");
  // The letter is spent; his own password signs him in.
  CHECK(journey.post("/api/v1/session", {{"identifier", current.identifier}, {"password", current.password}})->status ==
        401);
  CHECK(journey.post("/api/v1/session", {{"identifier", read.identifier}, {"password", "Cartable!Vert2026"}})->status ==
        200);

  const json after = body_of(journey.get_as(cookie, journey.person("guardian", bernard)));
  CHECK(after["account"]["state"] == "active");
  const auto active = journey.post_as(cookie, journey.person("guardian", bernard, "/letter"), json::object());
  CHECK(active->status == 409);
  CHECK(error_code(active) == "account_already_active");
  const json audit = body_of(journey.get_as(cookie, "/api/v1/staff/schools/0500065Z/audit"));
  REQUIRE(audit["entries"].size() == 3);
  CHECK(audit["entries"][0]["action"] == "activation_letter_issued");
  CHECK(audit["entries"][0]["target"] == "LEFÈVRE Bernard (" + read.identifier + ")");
  const json progress = body_of(journey.get_as(cookie, "/api/v1/staff/schools/0500065Z/progress"));
  CHECK(progress["classes"][0]["class_name"] == "1re 3");
  CHECK(progress["classes"][0]["parents_active"] == 1);
}

TEST_CASE("An activation letter: three wrong dates spend it; another school's guardian is refused", "[staff]") {
  StaffJourney journey;
  const std::string cookie = journey.enrolled_member({kSablons}).cookie;
  const std::int64_t bernard = journey.id_of_guardian("DEMO-R07");
  const auto letter = journey.post_as(cookie, journey.person("guardian", bernard, "/letter"), json::object());
  REQUIRE(letter->status == 200);
  const LetterText read = read_letter(journey.server.dir().path(), letter->body);
  const json first = body_of(journey.post("/api/v1/session", {{"identifier", read.identifier}, {"password", read.password}}));
  const std::string flow = "/api/v1/first-sign-in/" + first["flow"].get<std::string>();
  const json wrong = {{"children", json::array({{{"id", first["children"][0]["id"]}, {"is_guardian", true},
                                                  {"birth_date", "2010-01-01"}}})}};
  CHECK(journey.post(flow + "/children", wrong)->status == 400);
  CHECK(journey.post(flow + "/children", wrong)->status == 400);
  const auto locked = journey.post(flow + "/children", wrong);
  CHECK(locked->status == 410);
  CHECK(error_code(locked) == "first_sign_in_locked");
  CHECK(journey.count("SELECT count(*) FROM temporary_passwords") == 0);

  // Staff of LYC LES SABLONS cannot give Emilie DUPONT (CLG LES COURTILS) a letter.
  const std::int64_t emilie = journey.id_of_guardian("DEMO-R01");
  const std::int64_t accounts_before = journey.count("SELECT count(*) FROM accounts");
  const auto other = journey.post_as(cookie, journey.person("guardian", emilie, "/letter"), json::object());
  CHECK(other->status == 404);
  CHECK(error_code(other) == "person_not_found");
  CHECK(journey.count("SELECT count(*) FROM accounts") == accounts_before);
}
