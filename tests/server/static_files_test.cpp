// The web client's files at "/": content types, index.html, and nothing outside the folder.
#include "server/http/static_files.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support.h"

using sesame::testing::raw_http;
using sesame::testing::TestServer;
using sesame::testing::write_file;

namespace {

std::string get_request(std::string_view target) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

}  // namespace

TEST_CASE("index.html is served at /", "[static]") {
  TestServer server;
  write_file(server.web_root() / "index.html", "<!doctype html><title>Sésame</title>");
  const auto result = server.client().Get("/");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(result->body == "<!doctype html><title>Sésame</title>");

  const auto by_name = server.client().Get("/index.html");
  REQUIRE(by_name);
  CHECK(by_name->body == result->body);
}

TEST_CASE("Each kind of file gets its Content-Type", "[static]") {
  TestServer server;
  const std::pair<const char*, const char*> files[] = {
      {"app.js", "text/javascript; charset=utf-8"},
      {"app.wasm", "application/wasm"},
      {"style.css", "text/css; charset=utf-8"},
      {"fonts/marianne.woff2", "font/woff2"},
      {"fonts/dejavu.ttf", "font/ttf"},
      {"img/logo.png", "image/png"},
      {"img/logo.svg", "image/svg+xml"},
      {"manifest.json", "application/json; charset=utf-8"},
      {"unknown.xyz", "application/octet-stream"},
  };
  for (const auto& [name, type] : files)
    write_file(server.web_root() / name, std::string("content of ") + name);

  auto client = server.client();
  for (const auto& [name, type] : files) {
    INFO(name);
    const auto result = client.Get("/" + std::string(name));
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->get_header_value("Content-Type") == type);
    CHECK(result->body == std::string("content of ") + name);
  }
}

TEST_CASE("HEAD gives the headers of a file without its content", "[static]") {
  TestServer server;
  write_file(server.web_root() / "app.wasm", std::string(1000, '\0'));
  const auto result = server.client().Head("/app.wasm");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->get_header_value("Content-Type") == "application/wasm");
  CHECK(result->body.empty());
}

TEST_CASE("A missing file answers 404 in JSON", "[static]") {
  TestServer server;
  const auto result = server.client().Get("/nothing.js");
  REQUIRE(result);
  CHECK(result->status == 404);
  CHECK(nlohmann::json::parse(result->body)["error"]["code"] == "not_found");
  // A folder is not a file, and hidden files are not part of the client.
  write_file(server.web_root() / "fonts" / "a.ttf", "x");
  write_file(server.web_root() / ".env", "SECRET=1");
  CHECK(server.client().Get("/fonts")->status == 404);
  CHECK(server.client().Get("/.env")->status == 404);
}

TEST_CASE("Paths that climb out of the web folder are refused, encoded or not", "[static]") {
  TestServer server;
  write_file(server.web_root() / "index.html", "index");
  // A file beside the web folder, which a traversal would reach.
  write_file(server.dir() / "secret.txt", "TOP-SECRET");

  const char* targets[] = {
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/fonts/../../secret.txt",
      "/./../secret.txt",
      "/..\\secret.txt",
      "/../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/..%2f..%2fetc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "//etc/passwd",
      "/%2Fetc%2Fpasswd",
      "/index.html%00.png",
  };
  for (const char* target : targets) {
    INFO(target);
    const auto response = raw_http(server.port(), get_request(target));
    CHECK(response.status >= 400);
    CHECK(response.status < 500);
    CHECK(response.body.find("TOP-SECRET") == std::string::npos);
    CHECK(response.body.find("root:") == std::string::npos);
  }
}

TEST_CASE("A symbolic link cannot lead out of the web folder", "[static]") {
  TestServer server;
  write_file(server.dir() / "secret.txt", "TOP-SECRET");
  std::filesystem::create_symlink(server.dir() / "secret.txt", server.web_root() / "link.txt");
  const auto result = server.client().Get("/link.txt");
  REQUIRE(result);
  CHECK(result->status == 404);
  CHECK(result->body.find("TOP-SECRET") == std::string::npos);
}

TEST_CASE("content_type_for knows the client's kinds of files", "[static]") {
  using sesame::http::content_type_for;
  CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("APP.WASM") == "application/wasm");
  CHECK(content_type_for("sesame.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("README") == "application/octet-stream");
}
