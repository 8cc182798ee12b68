// The public API over real HTTP: health, config, JSON errors, limits.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <vector>
#include <nlohmann/json.hpp>

#include "server/http/listen_address.h"
#include "shared/api.h"
#include "shared/messages.h"
#include "json_error_check.h"
#include "support.h"

using namespace sesame::testing;
using nlohmann::json;

namespace {

// This process's connected sockets whose local port is `port`: the connections
// the in-process server accepted (its listening socket is left out).
std::vector<int> accepted_sockets_on_port(int port) {
  std::vector<int> found;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    int fd = 0;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0 || address.ss_family != AF_INET)
      continue;
    int listening = 0;
    socklen_t flag_size = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &flag_size) != 0 || listening) continue;
    if (ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port) == port) found.push_back(fd);
  }
  return found;
}

}  // namespace

TEST_CASE("GET /api/v1/health answers ok", "[http]") {
  TestServer server;
  const auto result = server.client().Get("/api/v1/health");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->get_header_value("Content-Type") == "application/json; charset=utf-8");
  CHECK(result->get_header_value("Cache-Control") == "no-store");
  CHECK(json::parse(result->body) == json{{"status", "ok"}});
}

TEST_CASE("GET /api/v1/config gives the guide's profiles and levels in French", "[http]") {
  TestServer server;
  const auto result = server.client().Get("/api/v1/config");
  REQUIRE(result);
  REQUIRE(result->status == 200);
  const json body = json::parse(result->body);

  const json expected_profiles = json::array({
      {{"code", "eleve"}, {"label", "Élève"}},
      {{"code", "parent"}, {"label", "Représentant légal (parents)"}},
      {{"code", "personnel"}, {"label", "Personnel Éducation nationale"}},
      {{"code", "agricole"}, {"label", "Enseignement agricole (Élève, parent ou personnel)"}},
      {{"code", "collectivite"}, {"label", "Personnel collectivité et invité"}},
  });
  CHECK(body["profiles"] == expected_profiles);
  CHECK(body["levels"] == json::array({{{"code", "ecole"}, {"label", "École"}},
                                       {{"code", "college_lycee"}, {"label", "Collège / Lycée"}}}));
  CHECK(body["franceconnect"] == false);
  CHECK(body["sms_code_validity_minutes"] == 30);
  CHECK(body["sms_resend_interval_seconds"] == 60);  // SecurityConfig's, as the flow applies it

  // The clients decode it with the shared API types.
  const auto decoded = sesame::api::decode<sesame::api::ConfigAnswer>(body);
  REQUIRE(decoded.ok());
  CHECK(decoded->profiles.size() == 5);
  CHECK(decoded->levels.size() == 2);
}

TEST_CASE("An unknown API path answers 404 in JSON, never a file", "[http]") {
  TestServer server;
  write_file(server.web_root() / "api" / "v1" / "secret.txt", "file content");
  auto client = server.client();

  require_json_error(client.Get("/api/v1/nothing-here"), 404, "not_found");
  require_json_error(client.Get("/api/v1/secret.txt"), 404, "not_found");
  require_json_error(client.Get("/api"), 404, "not_found");
  require_json_error(client.Post("/api/v1/nothing-here", "{}", "application/json"), 404, "not_found");
  require_json_error(client.Delete("/api/v2/health"), 404, "not_found");
  // Percent-encoded, it is still the API.
  const auto encoded =
      raw_http(server.port(), "GET /%61pi/v1/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(encoded.status == 404);
  CHECK(encoded.body.find("file content") == std::string::npos);
}

TEST_CASE("A known API path with another method answers 405 with Allow", "[http]") {
  TestServer server;
  auto client = server.client();
  const auto result = client.Post("/api/v1/health", "{}", "application/json");
  require_json_error(result, 405, "method_not_allowed");
  CHECK(result->get_header_value("Allow") == "GET, HEAD");
  require_json_error(client.Delete("/api/v1/config"), 405, "method_not_allowed");
  require_json_error(client.Put("/api/v1/config", "{}", "application/json"), 405, "method_not_allowed");
}

TEST_CASE("A body over 64 KiB is refused with 413 in JSON", "[http]") {
  TestServer server;
  auto client = server.client();
  const std::string big(64 * 1024 + 1, 'a');
  require_json_error(client.Post("/api/v1/nothing-here", big, "application/json"), 413, "body_too_large");
  // At the limit, the body is read and the route answers.
  const std::string at_limit(64 * 1024, 'a');
  require_json_error(client.Post("/api/v1/nothing-here", at_limit, "application/json"), 404, "not_found");
  // The server is still well after refusing.
  const auto health = client.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("Bodies whose size is not announced are refused before being read", "[http]") {
  TestServer server;
  // Kept-alive requests: the answer itself must say that the connection ends,
  // since the body was left unread.
  const auto chunked =
      raw_http_first_answer(server.port(),
                            "POST /api/v1/health HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "2\r\n{}\r\n0\r\n\r\n");
  CHECK(chunked.status == 411);
  CHECK(chunked.head.find("Connection: close") != std::string::npos);
  CHECK(json::parse(chunked.body)["error"]["code"] == "length_required");

  const auto compressed = raw_http_first_answer(server.port(),
                                                "POST /api/v1/health HTTP/1.1\r\nHost: x\r\n"
                                                "Content-Type: application/json\r\nContent-Encoding: gzip\r\n"
                                                "Content-Length: 2\r\n\r\n{}");
  CHECK(compressed.status == 415);
  CHECK(compressed.head.find("Connection: close") != std::string::npos);
  CHECK(json::parse(compressed.body)["error"]["code"] == "unsupported_media_type");
}

TEST_CASE("A request that announces no body is answered at once on a kept-alive connection", "[http]") {
  TestServer server;
  // cpp-httplib 0.11 alone would wait for a body until its read timeout (5 s).
  for (const char* method : {"DELETE", "POST"}) {
    INFO(method);
    const auto started = std::chrono::steady_clock::now();
    const auto answer = raw_http_first_answer(
        server.port(),
        std::string(method) + " /api/v1/health HTTP/1.1\r\nHost: x\r\nOrigin: " + server.origin() + "\r\n\r\n");
    CHECK(answer.status == 405);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  }
}

TEST_CASE("Connections the server accepts have Nagle's algorithm off", "[http]") {
  // Without TCP_NODELAY each small answer on a kept-alive connection waits for
  // a delayed ACK (~40 ms). The server runs in this process, so the test reads
  // the option straight from the sockets it accepted.
  TestServer server;
  auto client = server.client();
  client.set_keep_alive(true);
  const auto result = client.Get("/api/v1/health");
  REQUIRE(result);
  REQUIRE(result->status == 200);

  const std::vector<int> accepted = accepted_sockets_on_port(server.port());
  REQUIRE_FALSE(accepted.empty());
  for (int fd : accepted) {
    int nodelay = 0;
    socklen_t size = sizeof nodelay;
    REQUIRE(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &size) == 0);
    CHECK(nodelay != 0);
  }
}

TEST_CASE("Malformed requests get a JSON 400, not a crash", "[http]") {
  TestServer server;
  const auto garbage = raw_http_first_answer(server.port(), "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(garbage.status == 400);
  CHECK(json::parse(garbage.body)["error"]["message"].get<std::string>().size() > 0);
  const auto health = server.client().Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("Security headers are on every answer", "[http]") {
  TestServer server;
  const auto result = server.client().Get("/api/v1/health");
  REQUIRE(result);
  CHECK(result->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(result->get_header_value("X-Frame-Options") == "DENY");
  CHECK(result->get_header_value("Referrer-Policy") == "no-referrer");
}

TEST_CASE("--listen HOST:PORT is parsed strictly", "[http]") {
  using sesame::http::parse_listen_address;
  const auto v4 = parse_listen_address("127.0.0.1:8080");
  REQUIRE(v4);
  CHECK(v4->host == "127.0.0.1");
  CHECK(v4->port == 8080);
  CHECK(v4->url(8080) == "http://127.0.0.1:8080");
  const auto v6 = parse_listen_address("[::1]:0");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 0);
  CHECK(v6->url(4242) == "http://[::1]:4242");
  CHECK_FALSE(parse_listen_address("127.0.0.1"));
  CHECK_FALSE(parse_listen_address(":8080"));
  CHECK_FALSE(parse_listen_address("127.0.0.1:65536"));
  CHECK_FALSE(parse_listen_address("127.0.0.1:80x"));
  CHECK_FALSE(parse_listen_address("::1:8080"));
}

TEST_CASE("the configuration tells where the profiles Sésame does not serve sign in", "[http]") {
  TestServer plain;
  const auto none = plain.client().Get("/api/v1/config");
  REQUIRE(none);
  CHECK_FALSE(nlohmann::json::parse(none->body).contains("sign_in_urls"));

  TestServerOptions options;
  options.sign_in_urls = {{"personnel", "https://ent.exemple.fr/agents"}};
  TestServer configured(options);
  const auto some = configured.client().Get("/api/v1/config");
  REQUIRE(some);
  CHECK(nlohmann::json::parse(some->body)["sign_in_urls"] ==
        nlohmann::json::parse(R"([{"profile": "personnel", "url": "https://ent.exemple.fr/agents"}])"));
}

TEST_CASE("Every answer under /api says no-store, once, whatever its kind", "[http]") {
  TestServer server;
  const std::string origin = "Origin: " + server.origin() + "\r\n";
  const std::vector<std::pair<std::string, int>> exchanges = {
      {"GET /api/v1/health HTTP/1.1\r\n", 200},                                // JSON
      {"DELETE /api/v1/session HTTP/1.1\r\n" + origin, 204},                   // no body
      {"PUT /api/v1/health HTTP/1.1\r\nContent-Length: 0\r\n" + origin, 405},  // router
      {"GET /api/v1/nowhere HTTP/1.1\r\n", 404},                               // router
      {"POST /api/v1/session HTTP/1.1\r\nContent-Length: 0\r\n", 403},         // no Origin
      {"GET /api/v1/me HTTP/1.1\r\n", 401},                                    // no session
  };
  for (const auto& [request_line, status] : exchanges) {
    INFO(request_line);
    const auto answer = raw_http(server.port(), request_line + "Host: x\r\nConnection: close\r\n\r\n");
    CHECK(answer.status == status);
    std::size_t count = 0;
    for (auto at = answer.head.find("Cache-Control: no-store"); at != std::string::npos;
         at = answer.head.find("Cache-Control", at + 1))
      ++count;
    CHECK(count == 1);
  }
}
