// Hostile HTTP, table-driven: every state-changing route of the API receives
// the requests a browser never sends (wrong method, wrong media type, another
// site's Origin, a 10 MB body, nesting, wrong types, SQL and script
// fragments), and the static files receive path traversals, raw and
// percent-encoded. Each answer must be the documented 4xx with a French JSON
// error, the server must keep serving, and the database must not change by a
// single byte.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "journeys.h"

using nlohmann::json;
using sesame::testing::every_member;
using sesame::testing::raw_http;

namespace {

constexpr const char* kFlow = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
constexpr const char* kSecret = "CONTENU SECRET HORS DU DOSSIER WEB";

struct Route {
  std::string method;
  std::string path;
};

// Every route that changes something, with the method it answers.
std::vector<Route> state_changing_routes() {
  const std::string activation = std::string("/api/v1/activation/") + kFlow;
  const std::string recovery = std::string("/api/v1/recovery/password/") + kFlow;
  return {
      {"POST", "/api/v1/activation"},           {"POST", activation + "/sms"},
      {"POST", activation + "/sms/resend"},     {"POST", activation + "/children"},
      {"POST", activation + "/password"},       {"POST", "/api/v1/session"},
      {"DELETE", "/api/v1/session"},            {"PATCH", "/api/v1/me"},
      {"POST", "/api/v1/me/email"},             {"POST", "/api/v1/me/email/verify"},
      {"POST", "/api/v1/me/phone"},             {"POST", "/api/v1/me/phone/verify"},
      {"POST", "/api/v1/me/password"},          {"POST", "/api/v1/me/children"},
      {"POST", "/api/v1/me/children/from-account"},  // /me/franceconnect: only with FranceConnect
      {"POST", "/api/v1/recovery/identifier"},  {"POST", "/api/v1/recovery/password"},
      {"POST", recovery + "/code"},             {"POST", recovery + "/password"},
  };
}

// Every row of every table, as text: two snapshots differ if anything was written.
std::string snapshot(sesame::store::Connection& connection) {
  std::vector<std::string> tables;
  {
    auto names = connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (names.step()) tables.push_back(names.text(0));
  }
  std::string text;
  for (const std::string& table : tables) {
    sqlite3_stmt* rows = nullptr;
    REQUIRE(sqlite3_prepare_v2(connection.handle(), ("SELECT * FROM \"" + table + "\"").c_str(), -1, &rows,
                               nullptr) == SQLITE_OK);
    text += "[" + table + "]\n";
    while (sqlite3_step(rows) == SQLITE_ROW) {
      for (int column = 0; column < sqlite3_column_count(rows); ++column) {
        const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(rows, column));
        text += value ? value : "NULL";
        text += '|';
      }
      text += '\n';
    }
    sqlite3_finalize(rows);
  }
  return text;
}

// The documented error shape: {"error": {"code": "...", "message": "<French>"}}.
void check_error_answer(int status, const std::string& body, int expected_status, const std::string& expected_code) {
  if (expected_status != 0) {
    CHECK(status == expected_status);
  } else {
    CHECK(status >= 400);
    CHECK(status < 500);
  }
  const json answer = json::parse(body, nullptr, false);
  REQUIRE(answer.is_object());
  REQUIRE(answer.contains("error"));
  CHECK(answer["error"]["code"].is_string());
  if (!expected_code.empty()) CHECK(answer["error"]["code"] == expected_code);
  REQUIRE(answer["error"]["message"].is_string());
  CHECK(answer["error"]["message"].get<std::string>().size() > 10);
}

std::string deep(char open, char close, std::size_t depth) {
  return std::string(depth, open) + std::string(depth, close);
}

std::string deep_objects(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += "{\"a\":";
  text += "1";
  text += std::string(depth, '}');
  return text;
}

struct BadBody {
  std::string what;
  std::string content_type;
  std::string body;
  int status;        // 0: any 4xx (the route decides: 400, 401, 404…)
  std::string code;  // empty: any code
};

std::vector<BadBody> bad_bodies() {
  return {
      {"plain text", "text/plain", "{}", 415, "unsupported_media_type"},
      {"a form", "application/x-www-form-urlencoded", "identifier=a&password=b", 415, "unsupported_media_type"},
      {"multipart", "multipart/form-data; boundary=x", "--x--", 415, "unsupported_media_type"},
      {"JSON in Latin-1", "application/json; charset=iso-8859-1", "{}", 415, "unsupported_media_type"},
      {"invalid UTF-8", "application/json", "{\"last_name\": \"DUPONT\xff\xfe\"}", 400, "invalid_utf8"},
      {"arrays 20 000 deep", "application/json", deep('[', ']', 20000), 0, ""},
      {"objects 5 000 deep", "application/json", deep_objects(5000), 0, ""},
      {"numbers for strings", "application/json", every_member(12).dump(), 0, ""},
      {"booleans for strings", "application/json", every_member(true).dump(), 0, ""},
      {"objects for strings", "application/json", every_member(json::object({{"$ne", nullptr}})).dump(), 0, ""},
      {"SQL", "application/json", every_member("'; DROP TABLE accounts; --").dump(), 0, ""},
      {"script", "application/json", every_member("<script>alert(1)</script>").dump(), 0, ""},
      {"a huge number", "application/json", "{\"code\": 1e999999}", 0, ""},
      {"a NUL byte", "application/json", std::string("{\"identifier\": \"e.dupont\\u0000x\"}"), 0, ""},
  };
}

}  // namespace

TEST_CASE("every state-changing route refuses what a browser never sends, and nothing changes", "[hostile]") {
  sesame::testing::SignedInDupont a;
  const std::string before = snapshot(*a.server.database().connection());
  httplib::Client foreign = a.server.client_without_origin();
  foreign.set_default_headers({{"Origin", "https://ent.pirate.example"}, {"Cookie", a.cookie}});
  httplib::Client no_origin = a.server.client_without_origin();
  no_origin.set_default_headers({{"Cookie", a.cookie}});
  const httplib::Headers with_cookie = {{"Cookie", a.cookie}};

  for (const Route& route : state_changing_routes()) {
    INFO(route.method << " " << route.path);
    const auto send = [&](httplib::Client& client, const std::string& method, const std::string& body,
                          const std::string& content_type, const httplib::Headers& headers = {}) {
      httplib::Request request;
      request.method = method;
      request.path = route.path;
      request.headers = headers;
      request.body = body;
      if (!content_type.empty()) request.set_header("Content-Type", content_type);
      return client.send(request);
    };

    // Another site's page, and a client that does not say where it comes from.
    for (httplib::Client* client : {&foreign, &no_origin}) {
      const auto res = send(*client, route.method, "{}", "application/json");
      REQUIRE(res);
      check_error_answer(res->status, res->body, 403, "forbidden_origin");
    }
    // A method the route does not have.
    {
      const auto res = send(a.client, "PUT", "{}", "application/json", with_cookie);
      REQUIRE(res);
      check_error_answer(res->status, res->body, 405, "method_not_allowed");
      CHECK_FALSE(res->get_header_value("Allow").empty());
    }
    // Bodies, each on a fresh connection: a refused body is left unread and closes it.
    // DELETE /session reads no body: only the media type is checked there.
    for (const BadBody& bad : bad_bodies()) {
      if (route.method == "DELETE" && bad.status != 415) continue;
      INFO(bad.what);
      httplib::Client client = a.server.client();
      const auto res = send(client, route.method, bad.body, bad.content_type, with_cookie);
      REQUIRE(res);
      check_error_answer(res->status, res->body, bad.status, bad.code);
    }
    // 10 MB announced: refused from the headers, before a byte of the body is read.
    {
      const auto answer =
          raw_http(a.server.port(), route.method + " " + route.path +
                                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + a.server.origin() +
                                        "\r\nCookie: " + a.cookie +
                                        "\r\nContent-Type: application/json\r\n"
                                        "Content-Length: 10485760\r\nConnection: close\r\n\r\n{");
      check_error_answer(answer.status, answer.body, 413, "body_too_large");
    }
    // The same body sent chunked, where no length can be checked first.
    {
      const auto answer =
          raw_http(a.server.port(), route.method + " " + route.path +
                                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + a.server.origin() +
                                        "\r\nCookie: " + a.cookie +
                                        "\r\nContent-Type: application/json\r\n"
                                        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                        "a00000\r\n{");
      check_error_answer(answer.status, answer.body, 411, "length_required");
    }
  }

  CHECK(snapshot(*a.server.database().connection()) == before);
  CHECK(a.server.database().connection()->query_integer(
            "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'") == 1);
  // Still serving, the account intact.
  const auto me = a.get_as(a.cookie, "/api/v1/me");
  REQUIRE(me);
  CHECK(me->status == 200);
  CHECK(json::parse(me->body)["identifier"] == a.identifier);
}

TEST_CASE("the static files cannot be left by any spelling of '..'", "[hostile]") {
  sesame::testing::Journey a;
  std::ofstream(a.server.dir() / "secret.txt") << kSecret;  // beside web/, as the database is
  const std::string before = snapshot(*a.server.database().connection());

  const std::vector<std::string> targets = {
      "/../secret.txt",
      "/../../../../../../etc/passwd",
      "/%2e%2e/secret.txt",
      "/%2E%2E/secret.txt",
      "/..%2fsecret.txt",
      "/..%2Fsecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/.%2e/secret.txt",
      "/%252e%252e/secret.txt",  // encoded twice
      "/..%5csecret.txt",        // a backslash
      "/..\\secret.txt",
      "/./../secret.txt",
      "/index.html/../../secret.txt",
      "//etc/passwd",
      "/%2fetc%2fpasswd",
      "/secret.txt%00.html",
      "/../sesame.db",
      "/%2e%2e/sesame.db",
      "/..%c0%afsecret.txt",  // overlong UTF-8 for '/'
  };
  for (const std::string& target : targets) {
    INFO(target);
    const auto answer =
        raw_http(a.server.port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(answer.body.find(kSecret) == std::string::npos);
    CHECK(answer.body.find("root:") == std::string::npos);
    CHECK(answer.body.find("SQLite format") == std::string::npos);
    check_error_answer(answer.status, answer.body, 0, "");
  }
  // The same through the API's prefix.
  for (const std::string target : {"/api/../secret.txt", "/api/v1/%2e%2e/%2e%2e/secret.txt"}) {
    INFO(target);
    const auto answer =
        raw_http(a.server.port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(answer.body.find(kSecret) == std::string::npos);
    check_error_answer(answer.status, answer.body, 0, "");
  }
  const auto health =
      raw_http(a.server.port(), "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK(health.status == 200);
  CHECK(snapshot(*a.server.database().connection()) == before);
}
