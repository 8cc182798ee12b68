// The CSRF rules every state-changing API request meets before any route
// (Origin, JSON bodies), and read_json_body's 400s, over real HTTP.
#include "server/http/client_address.h"
#include "server/http/request_guard.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/http/errors.h"
#include "shared/messages.h"
#include "json_error_check.h"
#include "support.h"

using namespace sesame::testing;
using nlohmann::json;

namespace {

// A route of the test's own, behind the same guards as the real ones: it
// echoes the decoded {code} body.
TestServerOptions with_echo_route(TestServerOptions options = {}) {
  options.extra_routes = [](sesame::http::Router& router, sesame::Services&) {
    router
        .post("/api/v1/test/echo",
              [](const httplib::Request& req, httplib::Response& res) {
                const auto body = sesame::http::read_json_body<sesame::api::CodeVerify>(req, res);
                if (!body) return;
                sesame::http::send_json(res, 200, json{{"code", body->code}});
              })
        .del("/api/v1/test/echo", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
  };
  return options;
}

}  // namespace

TEST_CASE("A state-changing API request without the public Origin is refused with 403", "[guard]") {
  TestServer server(with_echo_route());
  auto bare = server.client_without_origin();
  const std::string body = R"({"code":"123456"})";

  require_json_error(bare.Post("/api/v1/test/echo", body, "application/json"), 403, "forbidden_origin");
  require_json_error(
      bare.Post("/api/v1/test/echo", {{"Origin", "https://evil.example"}}, body, "application/json"), 403,
      "forbidden_origin");
  require_json_error(bare.Post("/api/v1/test/echo", {{"Origin", "null"}}, body, "application/json"), 403,
                     "forbidden_origin");
  // Another port of the same host is another origin.
  require_json_error(
      bare.Post("/api/v1/test/echo", {{"Origin", "http://127.0.0.1:1"}}, body, "application/json"), 403,
      "forbidden_origin");
  require_json_error(bare.Delete("/api/v1/test/echo"), 403, "forbidden_origin");
  require_json_error(bare.Put("/api/v1/config", body, "application/json"), 403, "forbidden_origin");
  require_json_error(bare.Patch("/api/v1/me", body, "application/json"), 403, "forbidden_origin");
  // Even an unknown API path: the rule comes before routing, so no future route escapes it.
  require_json_error(bare.Post("/api/v1/not-yet-written", body, "application/json"), 403, "forbidden_origin");

  // Reading is not changing: GET needs no Origin.
  const auto health = bare.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("The right Origin and a JSON body reach the route", "[guard]") {
  TestServer server(with_echo_route());
  CHECK(server.origin() == "http://127.0.0.1:" + std::to_string(server.port()));
  auto client = server.client();

  for (const char* type :
       {"application/json", "application/json; charset=utf-8", "Application/JSON;Charset=UTF-8"}) {
    INFO(type);
    const auto result = client.Post("/api/v1/test/echo", R"({"code":"123456","extra":true})", type);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(json::parse(result->body) == json{{"code", "123456"}});
  }
  // A DELETE without a body needs no Content-Type.
  const auto deleted = client.Delete("/api/v1/test/echo");
  REQUIRE(deleted);
  CHECK(deleted->status == 204);
  // The Origin header is compared without regard to case, as hosts are.
  auto bare = server.client_without_origin();
  const auto upper =
      bare.Post("/api/v1/test/echo", {{"Origin", "HTTP://127.0.0.1:" + std::to_string(server.port())}},
                R"({"code":"1"})", "application/json");
  REQUIRE(upper);
  CHECK(upper->status == 200);
}

TEST_CASE("A configured public origin replaces the listen address", "[guard]") {
  TestServerOptions options = with_echo_route();
  options.public_origin = "https://ent.exemple.fr/";
  TestServer server(options);
  CHECK(server.origin() == "https://ent.exemple.fr");
  auto bare = server.client_without_origin();
  const std::string body = R"({"code":"1"})";
  require_json_error(
      bare.Post("/api/v1/test/echo", {{"Origin", "http://127.0.0.1:" + std::to_string(server.port())}}, body,
                "application/json"),
      403, "forbidden_origin");
  const auto accepted =
      bare.Post("/api/v1/test/echo", {{"Origin", "https://ent.exemple.fr"}}, body, "application/json");
  REQUIRE(accepted);
  CHECK(accepted->status == 200);
}

TEST_CASE("A body that is not JSON is refused with 415 before the route", "[guard]") {
  TestServer server(with_echo_route());
  auto client = server.client();
  for (const char* type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/jsonp", "application/json; charset=iso-8859-1"}) {
    INFO(type);
    require_json_error(client.Post("/api/v1/test/echo", R"({"code":"1"})", type), 415,
                       "unsupported_media_type");
  }
  // No Content-Type at all, with a body.
  const auto untyped = raw_http_first_answer(
      server.port(), "POST /api/v1/test/echo HTTP/1.1\r\nHost: x\r\nOrigin: " + server.origin() +
                         "\r\nContent-Length: 2\r\n\r\n{}");
  CHECK(untyped.status == 415);
  // The refused body was left unread: the connection must not carry another request.
  CHECK(untyped.head.find("Connection: close") != std::string::npos);
  CHECK(json::parse(untyped.body)["error"]["code"] == "unsupported_media_type");
}

TEST_CASE("read_json_body answers 400 for invalid UTF-8, bad JSON and a wrong shape", "[guard]") {
  TestServer server(with_echo_route());
  auto client = server.client();

  require_json_error(client.Post("/api/v1/test/echo", "{\"code\":\"\xff\xfe\"}", "application/json"), 400,
                     "invalid_utf8");
  require_json_error(client.Post("/api/v1/test/echo", "{\"code\":\"\xc3\x28\"}", "application/json"), 400,
                     "invalid_utf8");
  require_json_error(client.Post("/api/v1/test/echo", "{\"code\":", "application/json"), 400, "invalid_json");
  require_json_error(client.Post("/api/v1/test/echo", "", "application/json"), 400, "invalid_json");
  require_json_error(client.Post("/api/v1/test/echo", "[1, 2]", "application/json"), 400, "invalid_body");

  const auto missing = client.Post("/api/v1/test/echo", "{}", "application/json");
  REQUIRE(missing);
  CHECK(missing->status == 400);
  const json error = json::parse(missing->body)["error"];
  CHECK(error["code"] == "missing_field");
  CHECK(error["field"] == "code");
  CHECK(error["message"].get<std::string>().size() > 0);

  const auto wrong_type = client.Post("/api/v1/test/echo", R"({"code": 123456})", "application/json");
  REQUIRE(wrong_type);
  CHECK(wrong_type->status == 400);
  CHECK(json::parse(wrong_type->body)["error"]["code"] == "invalid_field_type");
  CHECK(json::parse(wrong_type->body)["error"]["field"] == "code");

  // Accents are fine.
  const auto accented = client.Post("/api/v1/test/echo", R"({"code":"Élodie"})", "application/json");
  REQUIRE(accented);
  CHECK(accented->status == 200);
  CHECK(json::parse(accented->body)["code"] == "Élodie");
}

TEST_CASE("Media types and origins are recognised as browsers write them", "[guard]") {
  using sesame::http::is_json_media_type;
  using sesame::http::normalize_origin;
  CHECK(is_json_media_type("application/json"));
  CHECK(is_json_media_type(" application/json ; charset=\"UTF-8\""));
  CHECK_FALSE(is_json_media_type(""));
  CHECK_FALSE(is_json_media_type("text/json"));
  CHECK_FALSE(is_json_media_type("application/json;charset=utf-16"));
  CHECK(normalize_origin("HTTPS://Ent.Exemple.fr/") == "https://ent.exemple.fr");
  CHECK(sesame::http::is_state_changing("PATCH"));
  CHECK_FALSE(sesame::http::is_state_changing("GET"));
  CHECK_FALSE(sesame::http::is_state_changing("OPTIONS"));
}

TEST_CASE("the client's address is the proxy's last X-Forwarded-For entry, only behind a proxy", "[guard]") {
  httplib::Request req;
  req.remote_addr = "127.0.0.1";
  req.headers.emplace("X-Forwarded-For", "203.0.113.9, 198.51.100.7");
  // Directly exposed, a client could write anything in the header.
  CHECK(sesame::http::client_address(req, false) == "127.0.0.1");
  // The proxy appended the address it saw last; what came before is the client's word.
  CHECK(sesame::http::client_address(req, true) == "198.51.100.7");
  req.headers.emplace("X-Forwarded-For", " 192.0.2.1 ");
  CHECK(sesame::http::client_address(req, true) == "192.0.2.1");

  httplib::Request direct;
  direct.remote_addr = "192.0.2.44";
  CHECK(sesame::http::client_address(direct, true) == "192.0.2.44");
}
