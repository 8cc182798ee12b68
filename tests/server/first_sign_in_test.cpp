// A pupil's way in over HTTP: the letter's temporary password, the birth date,
// the new password, the pupil's "Mon compte"; what a pupil's session cannot
// reach; a parent who gives their child a new temporary password.
#include <catch2/catch.hpp>

#include "json_error_check.h"
#include "journeys.h"
#include "server/accounts/temporary_passwords.h"
#include "server/security/password_hasher.h"

using namespace sesame;
using namespace sesame::testing;
using nlohmann::json;

namespace {

constexpr const char* kAlbertBirthDate = "2012-03-14";
constexpr const char* kAlbertPassword = "Cartable!Rouge2026";

// What a school's letter does (sesame-admin letters): a temporary password for
// the pupil `external_id`'s account, stored as the server would. Answers it.
struct Letter {
  std::string identifier;
  std::string password;
};
Letter issue_letter(Journey& journey, const std::string& external_id = "DEMO-E01") {
  auto connection = journey.server.database().connection();
  const std::int64_t account_id = connection->query_integer(
      "SELECT a.id FROM accounts a JOIN pupils p ON p.id = a.pupil_id WHERE p.external_id = '" + external_id + "'");
  store::Statement identifier = connection->query("SELECT identifier FROM accounts WHERE id = ?1", account_id);
  REQUIRE(identifier.step());
  security::PasswordHasher hasher({8 * 1024 * 1024, 1}, 1);
  const accounts::PreparedTemporaryPassword prepared =
      accounts::prepare_temporary_password(hasher, journey.clock->unix_seconds());
  store::Transaction transaction(*connection);
  accounts::store_temporary_password(*connection, account_id, prepared, accounts::Issuer::school, std::nullopt,
                                     journey.clock->unix_seconds());
  transaction.commit();
  return Letter{identifier.text(0), prepared.issued.password};
}

httplib::Result sign_in(Journey& journey, const std::string& identifier, const std::string& password) {
  return journey.post("/api/v1/session", {{"identifier", identifier}, {"password", password}});
}

// The first sign-in opened by the letter: answers its flow.
std::string open_first_sign_in(Journey& journey, const Letter& letter) {
  const auto res = sign_in(journey, letter.identifier, letter.password);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 202);
  CHECK(res->get_header_value("Set-Cookie").empty());  // no session yet
  const json answer = json::parse(res->body);
  CHECK(answer["first_name"] == "Albert");
  return answer["flow"].get<std::string>();
}

std::string path(const std::string& flow, const std::string& step) { return "/api/v1/first-sign-in/" + flow + step; }

httplib::Result birth_date(Journey& journey, const std::string& flow, const std::string& date) {
  return journey.post(path(flow, "/birth-date"), {{"birth_date", date}});
}

httplib::Result choose(Journey& journey, const std::string& flow, const std::string& password) {
  return journey.post(path(flow, "/password"), {{"password", password}, {"confirmation", password}});
}

// The child `id` of GET /me's children; fails the test when it is not there.
json child_row(const json& children, const std::string& id) {
  for (const json& child : children)
    if (child["id"] == id) return child;
  FAIL("no child " << id << " in " << children.dump());
  return {};
}

std::string cookie_of(const httplib::Result& res) {
  const std::string set_cookie = res->get_header_value("Set-Cookie");
  REQUIRE(set_cookie.starts_with("sesame_session="));
  return set_cookie.substr(0, set_cookie.find(';'));
}

// Albert through his whole first sign-in: answers his session cookie.
std::string activate_albert(Journey& journey, const Letter& letter) {
  const std::string flow = open_first_sign_in(journey, letter);
  REQUIRE(birth_date(journey, flow, kAlbertBirthDate)->status == 200);
  const auto res = choose(journey, flow, kAlbertPassword);
  REQUIRE(res->status == 200);
  return cookie_of(res);
}

}  // namespace

TEST_CASE("A pupil's first sign-in over HTTP: letter, birth date, new password, his own account page",
          "[first_sign_in]") {
  Journey journey;
  const Letter letter = issue_letter(journey);
  // Typed as a pupil copies it from paper: capitals and spaces do not matter.
  std::string typed = letter.password;
  for (char& c : typed) c = c == '-' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string flow = open_first_sign_in(journey, Letter{letter.identifier, typed});

  // The password step waits for the birth date.
  require_json_error(choose(journey, flow, kAlbertPassword), 409, "flow_step_out_of_order");
  CHECK(birth_date(journey, flow, kAlbertBirthDate)->status == 200);

  // The guide's five rules, as for parents.
  const auto weak = choose(journey, flow, "albert");
  REQUIRE(weak->status == 400);
  CHECK(json::parse(weak->body)["error"]["code"] == "password_policy");
  const auto res = choose(journey, flow, kAlbertPassword);
  REQUIRE(res->status == 200);
  const json account = json::parse(res->body)["account"];
  CHECK(account["profile"] == "eleve");
  CHECK(account["identifier"] == letter.identifier);
  CHECK(account["first_name"] == "Albert");
  CHECK(account["last_name"] == "DUPONT");
  CHECK(account["pupil"]["school"]["name"] == "CLG LES COURTILS");
  CHECK(account["pupil"]["class_name"] == "4e B");
  // A pupil never sees parents' data.
  CHECK(account["children"].empty());
  CHECK_FALSE(account.contains("phone"));
  CHECK_FALSE(account.contains("email"));

  const std::string cookie = cookie_of(res);
  const auto me = journey.get_as(cookie, "/api/v1/me");
  REQUIRE(me->status == 200);
  CHECK(json::parse(me->body)["pupil"]["class_name"] == "4e B");
  const auto services = journey.get_as(cookie, "/api/v1/me/services");
  REQUIRE(services->status == 200);
  CHECK(json::parse(services->body)["schools"][0]["uai"] == "0500048F");

  // Later: identifier and his own password; the temporary one is spent.
  CHECK(sign_in(journey, letter.identifier, kAlbertPassword)->status == 200);
  require_json_error(sign_in(journey, letter.identifier, letter.password), 401, "invalid_credentials");
  CHECK(journey.count("SELECT count(*) FROM temporary_passwords") == 0);
  CHECK(journey.count("SELECT count(*) FROM audit_log WHERE kind = 'first_sign_in_completed'") == 1);
  // The flow is done: it cannot set a password twice.
  require_json_error(choose(journey, flow, "Autre!Mot2Passe"), 410, "flow_completed");
}

TEST_CASE("A temporary password three months old opens nothing", "[first_sign_in]") {
  Journey journey;
  const Letter letter = issue_letter(journey);
  journey.clock->advance(std::chrono::hours(24) * 92);
  require_json_error(sign_in(journey, letter.identifier, letter.password), 401, "temporary_password_expired");
}

TEST_CASE("A newer letter revokes the previous temporary password and its first sign-in", "[first_sign_in]") {
  Journey journey;
  const Letter old_letter = issue_letter(journey);
  const std::string old_flow = open_first_sign_in(journey, old_letter);
  const Letter new_letter = issue_letter(journey);
  require_json_error(sign_in(journey, old_letter.identifier, old_letter.password), 401, "invalid_credentials");
  require_json_error(birth_date(journey, old_flow, kAlbertBirthDate), 410, "flow_expired");
  open_first_sign_in(journey, new_letter);
}

TEST_CASE("Three wrong birth dates spend the temporary password: the pupil waits for a new letter",
          "[first_sign_in]") {
  Journey journey;
  const Letter letter = issue_letter(journey);
  const std::string flow = open_first_sign_in(journey, letter);
  const auto first = birth_date(journey, flow, "2012-03-15");
  require_json_error(first, 400, "birth_date_mismatch");
  CHECK(json::parse(first->body)["error"]["remaining_attempts"] == 2);
  // Signing in again does not give the tries back.
  const std::string again = open_first_sign_in(journey, letter);
  CHECK(json::parse(birth_date(journey, again, "2011-03-14")->body)["error"]["remaining_attempts"] == 1);
  require_json_error(birth_date(journey, again, "2012-04-14"), 410, "first_sign_in_locked");
  require_json_error(birth_date(journey, again, kAlbertBirthDate), 410, "flow_locked");
  require_json_error(sign_in(journey, letter.identifier, letter.password), 401, "invalid_credentials");
  // A new letter starts afresh.
  const Letter renewed = issue_letter(journey);
  CHECK(birth_date(journey, open_first_sign_in(journey, renewed), kAlbertBirthDate)->status == 200);
}

TEST_CASE("A pupil's session cannot reach the parents' routes", "[first_sign_in]") {
  Journey journey;
  const std::string cookie = activate_albert(journey, issue_letter(journey));
  const auto parents_only = [&](const httplib::Result& res) { require_json_error(res, 403, "parents_only"); };
  parents_only(journey.post_as(cookie, "/api/v1/me/email", {{"email", "albert@example.fr"}}));
  parents_only(journey.post_as(cookie, "/api/v1/me/phone", {{"phone", "06 12 34 56 78"}}));
  parents_only(journey.post_as(cookie, "/api/v1/me/password",
                               {{"current_password", kAlbertPassword}, {"password", "Autre!Mot2Passe"},
                                {"confirmation", "Autre!Mot2Passe"}}));
  parents_only(journey.post_as(cookie, "/api/v1/me/children", {{"children", json::array()}}));
  parents_only(journey.post_as(cookie, "/api/v1/me/children/from-account",
                               {{"identifier", "e.dupont07"}, {"password", kEmiliePassword}}));
  parents_only(journey.post_as(cookie, "/api/v1/me/children/1/temporary-password", json::object()));
  parents_only(journey.client.Patch("/api/v1/me", {{"Cookie", cookie}}, R"({"alerts_at_login":false})",
                                    "application/json"));
  // His own page and services stay open; signing out works for him too.
  CHECK(journey.get_as(cookie, "/api/v1/me")->status == 200);
  CHECK(journey.client.Delete("/api/v1/session", {{"Cookie", cookie}})->status == 204);
  require_json_error(journey.get_as(cookie, "/api/v1/me"), 401, "not_authenticated");
}

TEST_CASE("A pupil's account is not a parent's: no taking its children, no FranceConnect on it", "[first_sign_in]") {
  SignedInDupont parent;
  const Letter letter = issue_letter(parent);
  activate_albert(parent, letter);
  // The pupil's identifier and password are unknown to the parents' checks.
  require_json_error(parent.post_as(parent.cookie, "/api/v1/me/children/from-account",
                                  {{"identifier", letter.identifier}, {"password", kAlbertPassword}}),
                   401, "invalid_credentials");
}

TEST_CASE("A parent gives her child a new temporary password from her account page", "[first_sign_in]") {
  SignedInDupont parent;
  const auto me = parent.get_as(parent.cookie, "/api/v1/me");
  REQUIRE(me->status == 200);
  const json children = json::parse(me->body)["children"];
  const std::string albert = id_of(children, "Albert");
  const json albert_row = child_row(children, albert);
  CHECK(albert_row["account"]["state"] == "not_activated");
  const std::string identifier = albert_row["account"]["identifier"];

  const auto given =
      parent.post_as(parent.cookie, "/api/v1/me/children/" + albert + "/temporary-password", json::object());
  REQUIRE(given->status == 201);
  const json answer = json::parse(given->body);
  CHECK(answer["identifier"] == identifier);
  CHECK(answer["expires_on"] == "2026-12-01");  // the clock's 1 September, three months on
  CHECK(parent.count("SELECT count(*) FROM audit_log WHERE kind = 'temporary_password_issued'") == 1);

  // Albert signs in with it, and his mother sees his account active.
  activate_albert(parent, Letter{identifier, answer["temporary_password"]});
  const json after = json::parse(parent.get_as(parent.cookie, "/api/v1/me")->body)["children"];
  CHECK(child_row(after, albert)["account"]["state"] == "active");

  // Forgotten later: a new temporary password opens a new first sign-in; his
  // password still works until he chooses another.
  const json again = json::parse(
      parent.post_as(parent.cookie, "/api/v1/me/children/" + albert + "/temporary-password", json::object())->body);
  CHECK(sign_in(parent, identifier, kAlbertPassword)->status == 200);
  CHECK(sign_in(parent, identifier, again["temporary_password"])->status == 202);
}

TEST_CASE("A parent cannot give a temporary password to a child that is not hers", "[first_sign_in]") {
  SignedInDupont emilie;
  const auto refused = [&](const std::string& pupil_id) {
    require_json_error(emilie.post_as(emilie.cookie, "/api/v1/me/children/" + pupil_id + "/temporary-password",
                                    json::object()),
                     403, "child_not_confirmed");
  };
  const auto pupil_id = [&](const char* external_id) {
    return std::to_string(
        emilie.count(std::string("SELECT id FROM pupils WHERE external_id = '") + external_id + "'"));
  };
  SECTION("another family's child") { refused(pupil_id("DEMO-E03")); }
  SECTION("a pupil that does not exist") { refused("999999"); }
  SECTION("her child, once the school says she is no longer his legal representative") {
    auto connection = emilie.server.database().connection();
    connection->run(
        "UPDATE guardian_pupils SET legal_representative = 0 WHERE pupil_id = (SELECT id FROM pupils WHERE "
        "external_id = 'DEMO-E01')");
    refused(pupil_id("DEMO-E01"));
  }
  // No temporary password was made for anyone.
  CHECK(emilie.count("SELECT count(*) FROM temporary_passwords") == 0);
}

TEST_CASE("A parent cannot give a temporary password to a child she declined at the account creation",
          "[first_sign_in]") {
  Journey journey;
  const std::string identifier = journey.create_account(
      "DUPONT", "Emilie", "06 12 34 56 78", kEmilieMobile,
      [](const json& offered) {
        return json{{"children",
                     {{{"id", id_of(offered, "Albert")}, {"is_guardian", true}, {"birth_date", kAlbertBirthDate}},
                      {{"id", id_of(offered, "Jeanne")}, {"is_guardian", false}}}}};
      },
      kEmiliePassword);
  const std::string cookie = journey.sign_in_cookie(identifier, kEmiliePassword);
  const std::string jeanne = std::to_string(journey.count("SELECT id FROM pupils WHERE external_id = 'DEMO-E02'"));
  require_json_error(journey.post_as(cookie, "/api/v1/me/children/" + jeanne + "/temporary-password", json::object()),
                     403, "child_not_confirmed");
  CHECK(journey.count("SELECT count(*) FROM temporary_passwords") == 0);
}

TEST_CASE("A parent's temporary passwords are throttled, and a disabled child's account gets none",
          "[first_sign_in]") {
  SignedInDupont parent;
  const std::string albert =
      std::to_string(parent.count("SELECT id FROM pupils WHERE external_id = 'DEMO-E01'"));
  const std::string route = "/api/v1/me/children/" + albert + "/temporary-password";
  SECTION("five a day") {
    for (int i = 0; i < 5; ++i) REQUIRE(parent.post_as(parent.cookie, route, json::object())->status == 201);
    require_json_error(parent.post_as(parent.cookie, route, json::object()), 429, "too_many_requests");
    parent.clock->advance(std::chrono::hours(25));
    const std::string cookie = parent.sign_in_cookie(parent.identifier, kEmiliePassword);  // the old one expired
    CHECK(parent.post_as(cookie, route, json::object())->status == 201);
  }
  SECTION("disabled: the pupil left every school") {
    auto connection = parent.server.database().connection();
    connection->run("UPDATE accounts SET disabled_at = 1 WHERE pupil_id = ?1", static_cast<std::int64_t>(std::stoll(albert)));
    require_json_error(parent.post_as(parent.cookie, route, json::object()), 409, "child_account_disabled");
    const json children = json::parse(parent.get_as(parent.cookie, "/api/v1/me")->body)["children"];
    CHECK(child_row(children, albert)["account"]["state"] == "disabled");
  }
}
