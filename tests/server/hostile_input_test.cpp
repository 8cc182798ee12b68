// Bad input on every route of the account service: invalid UTF-8, a body that
// is not an object, wrong JSON types, SQL-looking strings. Each answer is a 4xx
// JSON error in French, never a 500, and the database is left as it was.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "journeys.h"

using nlohmann::json;
using sesame::testing::every_member;
using sesame::testing::kEmiliePassword;

namespace {

const std::vector<std::string> kRoutes = {
    "/api/v1/activation",
    "/api/v1/activation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/sms/resend",
    "/api/v1/activation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/sms",
    "/api/v1/activation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/children",
    "/api/v1/activation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/password",
    "/api/v1/session",
    "/api/v1/me/email",
    "/api/v1/me/email/verify",
    "/api/v1/me/phone",
    "/api/v1/me/phone/verify",
    "/api/v1/me/password",
    "/api/v1/me/children",
    "/api/v1/me/children/from-account",
    "/api/v1/recovery/identifier",
    "/api/v1/recovery/password",
    "/api/v1/recovery/password/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/code",
    "/api/v1/recovery/password/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/password",
};

constexpr const char* kSql = "'; DROP TABLE accounts; --";

}  // namespace

TEST_CASE("bad input gets a French 4xx on every route and changes nothing", "[hostile]") {
  sesame::testing::SignedInDupont a;
  const std::int64_t accounts = a.count("SELECT count(*) FROM accounts");
  const std::int64_t links = a.count("SELECT count(*) FROM guardian_pupils");

  const std::vector<std::string> bodies = {
      std::string("{\"phone\": \"06\xff\xfe\"}"),  // invalid UTF-8
      "[]",
      "\"texte\"",
      "{\"phone\": ",
      every_member(12).dump(),
      every_member(nullptr).dump(),
      every_member(json::array({1, 2})).dump(),
      every_member(json::object({{"$ne", 1}})).dump(),
      every_member(kSql).dump(),
      json{{"children", {{{"id", kSql}, {"is_guardian", true}, {"birth_date", "2012-03-14"}}}}}.dump(),
      json{{"children", {{{"id", "1"}, {"is_guardian", "oui"}}}}}.dump(),
      json{{"children", {{{"id", "1"}, {"is_guardian", true}, {"birth_date", "14/03/2012"}}}}}.dump(),
      std::string(200, '['),  // deep nesting, cut short
  };
  for (const std::string& route : kRoutes) {
    for (const std::string& body : bodies) {
      INFO(route << " <- " << body);
      const auto res = a.client.Post(route.c_str(), {{"Cookie", a.cookie}}, body, "application/json");
      REQUIRE(res);
      CHECK(res->status >= 400);
      CHECK(res->status < 500);
      const json answer = json::parse(res->body, nullptr, false);
      REQUIRE(answer.is_object());
      CHECK(answer["error"]["code"].is_string());
      const std::string message = answer["error"]["message"];
      CHECK(message.size() > 10);
    }
  }
  CHECK(a.count("SELECT count(*) FROM accounts") == accounts);
  CHECK(a.count("SELECT count(*) FROM guardian_pupils") == links);
  CHECK(a.server.database().connection()->query_integer("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'") == 1);
  // The account still works.
  CHECK(a.get_as(a.cookie, "/api/v1/me")->status == 200);
}

TEST_CASE("a family sees only its own children", "[hostile]") {
  sesame::testing::Journey a;
  const std::string emilie = a.create_dupont_account();
  const std::string paul = a.create_martin_account();
  const std::string emilie_cookie = a.sign_in_cookie(emilie, kEmiliePassword);
  const std::string paul_cookie = a.sign_in_cookie(paul, sesame::testing::kPaulPassword);
  const json emilie_page = json::parse(a.get_as(emilie_cookie, "/api/v1/me")->body);
  const json paul_page = json::parse(a.get_as(paul_cookie, "/api/v1/me")->body);
  REQUIRE(emilie_page["children"].size() == 2);
  REQUIRE(paul_page["children"].size() == 1);
  CHECK(paul_page["children"][0]["first_name"] == "Lucas");

  // Emilie cannot claim Lucas by his id, even with his right birth date.
  const std::string lucas = paul_page["children"][0]["id"];
  const auto claim = a.post_as(emilie_cookie, "/api/v1/me/children",
                               {{"children", {{{"id", lucas}, {"is_guardian", true}, {"birth_date", "2013-06-21"}}}}});
  REQUIRE(claim);
  CHECK(claim->status == 400);
  CHECK(json::parse(claim->body)["error"]["code"] == "invalid_field_value");
  CHECK(json::parse(a.get_as(emilie_cookie, "/api/v1/me")->body)["children"].size() == 2);
}
