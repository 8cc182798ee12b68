// Sign-in, sign-out, the session cookie's life and the account page over real
// HTTP: the Dupont account signs in, sees its children, and every refusal of
// the security table (same answer for unknown identifiers, throttling at its
// exact edge, idle and absolute expiry) is checked.
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "journeys.h"
#include "json_error_check.h"
#include "shared/messages.h"

using namespace std::chrono_literals;
using nlohmann::json;
using sesame::testing::kEmiliePassword;
using sesame::testing::require_json_error;

namespace {

// The Dupont account, created over HTTP, ready to sign in.
struct Session : sesame::testing::Journey {
  std::string identifier = create_dupont_account();

  httplib::Result sign_in(const std::string& typed, const std::string& password) {
    return post("/api/v1/session", {{"identifier", typed}, {"password", password}});
  }

  // Signs in with the right password and answers "sesame_session=<token>", ready for a Cookie header.
  std::string signed_in_cookie() {
    const auto res = sign_in(identifier, kEmiliePassword);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return cookie_of(*res);
  }

  static std::string cookie_of(const httplib::Response& res) {
    const std::string set_cookie = res.get_header_value("Set-Cookie");
    REQUIRE(set_cookie.starts_with("sesame_session="));
    return set_cookie.substr(0, set_cookie.find(';'));
  }

  httplib::Result me(const std::string& cookie) { return client.Get("/api/v1/me", {{"Cookie", cookie}}); }
  httplib::Result patch_me(const std::string& cookie, const std::string& body) {
    return client.Patch("/api/v1/me", {{"Cookie", cookie}}, body, "application/json");
  }
  httplib::Result sign_out(const std::string& cookie) {
    return client.Delete("/api/v1/session", {{"Cookie", cookie}});
  }

  void require_wait(const httplib::Result& res, int seconds) {
    require_json_error(res, 429, "too_many_attempts");
    CHECK(json::parse(res->body)["error"]["retry_after_seconds"] == seconds);
    CHECK(res->get_header_value("Retry-After") == std::to_string(seconds));
  }
};

constexpr const char* kWrong = "Mauvais2026!";

}  // namespace

TEST_CASE("Emilie signs in with her identifier, typed any way, and sees her account", "[session]") {
  Session s;
  // Phones capitalise the first letter; a trailing space slips in.
  std::string typed = s.identifier + " ";
  typed[0] = static_cast<char>(std::toupper(typed[0]));
  typed[2] = static_cast<char>(std::toupper(typed[2]));
  const auto res = s.sign_in(typed, kEmiliePassword);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string set_cookie = res->get_header_value("Set-Cookie");
  CHECK(set_cookie.find("HttpOnly") != std::string::npos);
  CHECK(set_cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(set_cookie.find("Path=/") != std::string::npos);
  const json account = json::parse(res->body)["account"];
  CHECK(account["identifier"] == s.identifier);

  const std::string cookie = Session::cookie_of(*res);
  const auto page = s.me(cookie);
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(page->get_header_value("Cache-Control") == "no-store");
  const json me = json::parse(page->body);
  CHECK(me == account);  // sign-in answers what the account page shows
  CHECK(me["identifier"] == s.identifier);
  CHECK(me["first_name"] == "Emilie");
  CHECK(me["last_name"] == "DUPONT");
  CHECK(me["phone"] == "+33612345678");
  CHECK_FALSE(me.contains("email"));
  CHECK(me["email_verified"] == false);
  CHECK(me["alerts_at_login"] == true);
  REQUIRE(me["children"].size() == 2);
  CHECK(me["children"][0]["first_name"] == "Albert");
  CHECK(me["children"][0]["last_name"] == "DUPONT");
  CHECK(me["children"][0]["school"] ==
        json{{"name", "CLG LES COURTILS"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0500048F"}});
  CHECK(me["children"][1]["first_name"] == "Jeanne");
  CHECK(me["children"][1]["school"] ==
        json{{"name", "E.P.U JOSEPHINE BAKER"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0501271K"}});
  REQUIRE(me["alerts"].size() == 1);
  CHECK(me["alerts"][0]["code"] == "email_not_verified");
  CHECK(me["alerts"][0]["message"] == sesame::french_message("email_not_verified"));

  // Only the keyed hash of the token is stored.
  const std::string token = cookie.substr(std::string("sesame_session=").size());
  CHECK(token.size() == 22);
  CHECK(s.count("SELECT count(*) FROM sessions") == 2);  // activation's and this one
  CHECK(s.count("SELECT count(*) FROM sessions WHERE instr(token_hash, '" + token + "') > 0") == 0);
}

TEST_CASE("The session opened by the activation is a session like any other", "[session]") {
  sesame::testing::Journey j;
  const std::string flow = j.start("DUPONT", "Emilie", "06 12 34 56 78");
  const json offered = j.to_children(flow);
  REQUIRE(j.post(j.step(flow, "/children"), sesame::testing::both_children(offered))->status == 200);
  const auto created =
      j.post(j.step(flow, "/password"), {{"password", kEmiliePassword}, {"confirmation", kEmiliePassword}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const auto page = j.client.Get("/api/v1/me", {{"Cookie", Session::cookie_of(*created)}});
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(json::parse(page->body)["children"].size() == 2);
}

TEST_CASE("A wrong password and an unknown identifier get the same answer", "[session]") {
  Session s;
  const auto wrong = s.sign_in(s.identifier, kWrong);
  const auto unknown = s.sign_in("x.inconnu42", kEmiliePassword);
  require_json_error(wrong, 401, "invalid_credentials");
  require_json_error(unknown, 401, "invalid_credentials");
  CHECK(wrong->body == unknown->body);
  // Both cost one argon2 verification, so timing does not tell them apart either.
  const int before = *s.hashes;
  s.sign_in(s.identifier, kWrong);
  CHECK(*s.hashes == before + 1);
  s.sign_in("y.inconnu42", kWrong);
  CHECK(*s.hashes == before + 2);
  CHECK_FALSE(wrong->has_header("Set-Cookie"));
  CHECK_FALSE(unknown->has_header("Set-Cookie"));
  // The existing account's failure is kept for its alerts; the unknown one has no account to note it on.
  CHECK(s.count("SELECT count(*) FROM audit_log WHERE kind = 'sign_in_failed' AND account_id IS NOT NULL") ==
        2);
  CHECK(s.count("SELECT count(*) FROM audit_log WHERE kind = 'sign_in_failed'") == 2);
}

TEST_CASE("A closed account answers like a wrong password", "[session]") {
  Session s;
  s.server.database().connection()->execute("UPDATE accounts SET closed_at = 1");
  const auto closed = s.sign_in(s.identifier, kEmiliePassword);
  const auto unknown = s.sign_in("x.inconnu42", kEmiliePassword);
  require_json_error(closed, 401, "invalid_credentials");
  CHECK(closed->body == unknown->body);
}

TEST_CASE("Sign-in throttling: the 5th failure starts a 60 s wait, doubling after", "[session]") {
  Session s;
  const bool unknown = GENERATE(false, true);
  const std::string identifier = unknown ? std::string("x.inconnu42") : s.identifier;
  INFO((unknown ? "unknown identifier" : "existing identifier"));

  // Failures 1 to 5 are all checked: login_wait_seconds(4) is 0.
  for (int i = 1; i <= 5; ++i) require_json_error(s.sign_in(identifier, kWrong), 401, "invalid_credentials");
  // login_wait_seconds(5) is 60: refused, even with the right password, and without a hash.
  const int hashes_before = *s.hashes;
  s.require_wait(s.sign_in(identifier, kEmiliePassword), 60);
  s.clock->advance(59s);
  s.require_wait(s.sign_in(identifier, kEmiliePassword), 1);
  CHECK(*s.hashes == hashes_before);
  // Refusals are not failures: the wait did not grow.
  s.clock->advance(1s);
  require_json_error(s.sign_in(identifier, kWrong), 401, "invalid_credentials");  // 6th failure
  s.require_wait(s.sign_in(identifier, kWrong), 120);
  // Another identifier is not held up.
  if (unknown) {
    REQUIRE(s.sign_in(s.identifier, kEmiliePassword)->status == 200);
  } else {
    require_json_error(s.sign_in("x.inconnu42", kWrong), 401, "invalid_credentials");
  }
  s.clock->advance(120s);
  if (unknown) {
    require_json_error(s.sign_in(identifier, kEmiliePassword), 401, "invalid_credentials");
    return;
  }
  // A success clears the count: four more failures are checked again.
  REQUIRE(s.sign_in(identifier, kEmiliePassword)->status == 200);
  for (int i = 1; i <= 4; ++i) require_json_error(s.sign_in(identifier, kWrong), 401, "invalid_credentials");
  // The 5th attempt is still checked: the right password gets in.
  REQUIRE(s.sign_in(identifier, kEmiliePassword)->status == 200);
  CHECK(s.count("SELECT count(*) FROM rate_limits WHERE key = 'login:" + identifier + "'") == 0);
}

TEST_CASE("The account page needs a live session", "[session]") {
  Session s;
  require_json_error(s.client.Get("/api/v1/me"), 401, "not_authenticated");
  require_json_error(s.me("sesame_session=AAAAAAAAAAAAAAAAAAAAAA"), 401, "not_authenticated");
  require_json_error(s.me("sesame_session=%00<script>"), 401, "not_authenticated");
  require_json_error(s.me("sesame_session="), 401, "not_authenticated");
  require_json_error(s.patch_me("sesame_session=AAAAAAAAAAAAAAAAAAAAAA", R"({"alerts_at_login": false})"),
                     401, "not_authenticated");
  // Among other cookies, in any order.
  const std::string cookie = s.signed_in_cookie();
  const auto res = s.me("theme=dark; " + cookie + "; lang=fr");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("A session dies after 30 idle minutes", "[session]") {
  Session s;
  const std::string cookie = s.signed_in_cookie();
  s.clock->advance(29min);
  REQUIRE(s.me(cookie)->status == 200);  // activity: the 30 minutes start again
  s.clock->advance(29min);
  REQUIRE(s.me(cookie)->status == 200);
  s.clock->advance(31min);
  require_json_error(s.me(cookie), 401, "not_authenticated");
  // Deleted, not only refused: the activation's session (never used again) is the only one left.
  CHECK(s.count("SELECT count(*) FROM sessions") == 1);
}

TEST_CASE("A session dies after 12 hours even with activity every 20 minutes", "[session]") {
  Session s;
  const std::string cookie = s.signed_in_cookie();
  for (int i = 1; i < 36; ++i) {  // up to 11 h 40
    s.clock->advance(20min);
    INFO("after " << i * 20 << " minutes");
    REQUIRE(s.me(cookie)->status == 200);
  }
  s.clock->advance(20min);  // 12 h exactly
  require_json_error(s.me(cookie), 401, "not_authenticated");
}

TEST_CASE("Signing out clears the cookie and ends the session server-side", "[session]") {
  Session s;
  const std::string cookie = s.signed_in_cookie();
  const std::string other = s.signed_in_cookie();
  const auto res = s.sign_out(cookie);
  REQUIRE(res);
  CHECK(res->status == 204);
  const std::string cleared = res->get_header_value("Set-Cookie");
  CHECK(cleared.starts_with("sesame_session=;"));
  CHECK(cleared.find("Max-Age=0") != std::string::npos);
  require_json_error(s.me(cookie), 401, "not_authenticated");
  // Another session of the same account (another device) lives on.
  CHECK(s.me(other)->status == 200);
  // Signing out without a session, or twice, is not an error.
  CHECK(s.client.Delete("/api/v1/session")->status == 204);
  CHECK(s.sign_out(cookie)->status == 204);
}

TEST_CASE("The alerts-at-login setting toggles", "[session]") {
  Session s;
  const std::string cookie = s.signed_in_cookie();
  auto res = s.patch_me(cookie, R"({"alerts_at_login": false})");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(json::parse(res->body)["alerts_at_login"] == false);
  CHECK(json::parse(s.me(cookie)->body)["alerts_at_login"] == false);
  res = s.patch_me(cookie, R"({"alerts_at_login": true})");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(json::parse(res->body)["alerts_at_login"] == true);
  CHECK(json::parse(s.me(cookie)->body)["alerts_at_login"] == true);
}

TEST_CASE("A child whose link the school removed leaves the account page", "[session]") {
  Session s;
  const std::string cookie = s.signed_in_cookie();
  s.server.database().connection()->execute(
      "DELETE FROM guardian_pupils WHERE pupil_id = (SELECT id FROM pupils WHERE first_name = 'Jeanne') "
      "AND guardian_id = (SELECT guardian_id FROM accounts WHERE profile = 'parent')");
  const json me = json::parse(s.me(cookie)->body);
  REQUIRE(me["children"].size() == 1);
  CHECK(me["children"][0]["first_name"] == "Albert");
}

TEST_CASE("Odd sign-in and settings bodies get a 4xx, never a 500", "[session]") {
  Session s;
  const std::string cookie = s.signed_in_cookie();
  const std::vector<json> sign_ins = {
      json::array(),
      {{"identifier", 7}, {"password", "x"}},
      {{"identifier", s.identifier}},
      {{"password", kEmiliePassword}},
      {{"identifier", ""}, {"password", kEmiliePassword}},
      {{"identifier", std::string(5000, 'e')}, {"password", kEmiliePassword}},
      {{"identifier", "e.dupont\u0000"}, {"password", kEmiliePassword}},
      {{"identifier", s.identifier}, {"password", std::string(10000, 'A')}},
      {{"identifier", s.identifier}, {"password", ""}},
      {{"identifier", s.identifier}, {"password", nullptr}},
  };
  for (const json& body : sign_ins) {
    const auto res = s.post("/api/v1/session", body);
    REQUIRE(res);
    INFO(body.dump().substr(0, 200) << " -> " << res->status << " " << res->body.substr(0, 200));
    CHECK(res->status >= 400);
    CHECK(res->status < 500);
  }
  require_json_error(s.post("/api/v1/session", {{"identifier", "dupont"}, {"password", "x"}}), 400,
                     "identifier_invalid_format");
  for (const std::string body :
       {"[]", R"({"alerts_at_login": "no"})", "{}", R"({"alerts_at_login": null})", "not json"}) {
    const auto res = s.patch_me(cookie, body);
    REQUIRE(res);
    INFO(body << " -> " << res->status << " " << res->body.substr(0, 200));
    CHECK(res->status >= 400);
    CHECK(res->status < 500);
  }
}
