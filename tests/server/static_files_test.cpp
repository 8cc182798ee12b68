// The web client's files at "/": content types, index.html, and nothing outside the folder.
#include "server/http/static_files.h"

#include <sys/stat.h>

#include <cstdint>

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
    // The same through the compressed path: no other way in.
    const auto compressed = raw_http(server.port(), "GET " + std::string(target) +
                                                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br, gzip\r\n"
                                                        "Range: bytes=0-\r\nConnection: close\r\n\r\n");
    CHECK(compressed.status >= 400);
    CHECK(compressed.status < 500);
    CHECK(compressed.body.find("TOP-SECRET") == std::string::npos);
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

namespace {

// A file that compresses well, as the client's do.
std::string sample_script() {
  std::string text;
  for (int i = 0; i < 400; ++i) text += "function sesame" + std::to_string(i) + "() { return 'Sésame'; }\n";
  return text;
}

httplib::Client raw_client(const TestServer& server) {
  httplib::Client client("127.0.0.1", server.port());
  client.set_decompress(false);  // the bytes as they crossed the wire
  return client;
}

}  // namespace

TEST_CASE("Files are sent brotli-compressed, else gzip-compressed, as the client accepts", "[static]") {
  TestServer server;
  const std::string script = sample_script();
  write_file(server.web_root() / "app.js", script);
  write_file(server.web_root() / "app.wasm", script);  // a type cpp-httplib would never compress itself

  for (const char* name : {"/app.js", "/app.wasm"}) {
    INFO(name);
    const std::pair<const char*, const char*> cases[] = {
        {"gzip, deflate, br", "br"},
        {"br;q=1.0, gzip;q=0.8", "br"},
        {"gzip, deflate", "gzip"},
        {"br;q=0, gzip", "gzip"},
        {"*", "br"},
        {"br;q=0, *", "gzip"},
        {"identity", ""},
        {"gzip;q=0, br;q=0.000", ""},
        {"", ""},
    };
    for (const auto& [accept, expected] : cases) {
      INFO("Accept-Encoding: " << accept);
      auto raw = raw_client(server);
      const auto wire = raw.Get(name, {{"Accept-Encoding", accept}});
      REQUIRE(wire);
      CHECK(wire->status == 200);
      CHECK(wire->get_header_value("Content-Encoding") == expected);
      CHECK(wire->get_header_value("Vary") == "Accept-Encoding");
      CHECK(wire->get_header_value_count("Content-Encoding") == (std::string(expected).empty() ? 0u : 1u));
      CHECK(wire->get_header_value("Content-Length") == std::to_string(wire->body.size()));
      if (std::string(expected).empty()) {
        CHECK(wire->body == script);
      } else {
        CHECK(wire->body.size() < script.size() / 4);
        // Decoded once by the client library, the body is the file: compressed once, not twice.
        httplib::Client decoding("127.0.0.1", server.port());
        const auto decoded = decoding.Get(name, {{"Accept-Encoding", accept}});
        REQUIRE(decoded);
        CHECK(decoded->get_header_value("Content-Encoding") == expected);
        CHECK(decoded->body == script);
      }
    }
  }
  // Without Accept-Encoding at all: the file as it is.
  const auto plain = raw_http(server.port(), get_request("/app.js"));
  CHECK(plain.status == 200);
  CHECK(plain.head.find("Content-Encoding") == std::string::npos);
  CHECK(plain.body == script);
}

TEST_CASE("A file that does not shrink is sent as it is", "[static]") {
  TestServer server;
  // Bytes no compressor can shorten (a PNG, already compressed, behaves the same).
  std::string noise;
  std::uint32_t x = 2463534242u;
  for (int i = 0; i < 4096; ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    noise.push_back(static_cast<char>(x & 0xff));
  }
  write_file(server.web_root() / "logo.png", noise);
  auto raw = raw_client(server);
  const auto result = raw.Get("/logo.png", {{"Accept-Encoding", "gzip, deflate, br"}});
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK_FALSE(result->has_header("Content-Encoding"));
  CHECK(result->body == noise);
}

TEST_CASE("Each form of a file has a strong ETag, and a copy still good gets 304", "[static]") {
  TestServer server;
  write_file(server.web_root() / "index.html", "<!doctype html><title>Sésame</title>" + sample_script());
  auto raw = raw_client(server);
  const auto br = raw.Get("/", {{"Accept-Encoding", "br"}});
  const auto gzip = raw.Get("/", {{"Accept-Encoding", "gzip"}});
  const auto plain = raw.Get("/", {{"Accept-Encoding", "identity"}});
  REQUIRE((br && gzip && plain));
  const std::string tags[] = {br->get_header_value("ETag"), gzip->get_header_value("ETag"),
                              plain->get_header_value("ETag")};
  for (const auto& tag : tags) {
    INFO(tag);
    CHECK(tag.size() > 10);
    CHECK(tag.front() == '"');  // strong: no W/
    CHECK(tag.back() == '"');
  }
  CHECK(tags[0] != tags[1]);
  CHECK(tags[1] != tags[2]);
  CHECK(tags[0] != tags[2]);
  // Unhashed names: the browser may keep a copy but must ask first.
  CHECK(br->get_header_value("Cache-Control") == "no-cache");
  CHECK(br->get_header_value_count("Cache-Control") == 1);

  const auto again = raw.Get("/", {{"Accept-Encoding", "br"}, {"If-None-Match", tags[0]}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());
  CHECK(again->get_header_value("ETag") == tags[0]);
  CHECK(again->get_header_value("Vary") == "Accept-Encoding");
  CHECK(raw.Get("/", {{"Accept-Encoding", "br"}, {"If-None-Match", "\"other\", W/" + tags[0]}})->status == 304);
  CHECK(raw.Get("/", {{"Accept-Encoding", "br"}, {"If-None-Match", "*"}})->status == 304);
  // Another form's tag, or an unknown one: the whole answer.
  const auto other = raw.Get("/", {{"Accept-Encoding", "br"}, {"If-None-Match", tags[1]}});
  CHECK(other->status == 200);
  CHECK(other->get_header_value("Content-Encoding") == "br");
  CHECK(raw.Get("/", {{"Accept-Encoding", "br"}, {"If-None-Match", "\"nope\""}})->status == 200);

  // A new version of the file: new tags, and the old one no longer matches.
  write_file(server.web_root() / "index.html", "<!doctype html><title>Sésame 2</title>");
  const auto changed = raw.Get("/", {{"Accept-Encoding", "br"}, {"If-None-Match", tags[0]}});
  REQUIRE(changed);
  CHECK(changed->status == 200);
  CHECK(changed->get_header_value("ETag") != tags[0]);
  httplib::Client decoding("127.0.0.1", server.port());
  CHECK(decoding.Get("/", {{"Accept-Encoding", "br"}})->body == "<!doctype html><title>Sésame 2</title>");
}

TEST_CASE("Names that carry their content's hash are cached for good", "[static]") {
  using sesame::http::is_content_hashed_name;
  CHECK(is_content_hashed_name("sesame.3f9a1c0b.wasm"));
  CHECK(is_content_hashed_name("DejaVuSans-subset.0123456789abcdef.ttf"));
  CHECK_FALSE(is_content_hashed_name("sesame.wasm"));
  CHECK_FALSE(is_content_hashed_name("index.html"));
  CHECK_FALSE(is_content_hashed_name("sesame.3f9a1c.wasm"));      // too short to be a hash
  CHECK_FALSE(is_content_hashed_name("sesame.decafbadXYZ.wasm"));  // not hexadecimal
  CHECK_FALSE(is_content_hashed_name(".3f9a1c0b7.js"));

  TestServer server;
  write_file(server.web_root() / "sesame.3f9a1c0b7d2e4f60.wasm", "wasm bytes");
  const auto result = server.client().Get("/sesame.3f9a1c0b7d2e4f60.wasm");
  REQUIRE(result);
  CHECK(result->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
}

TEST_CASE("HEAD gives the length of the form it would send", "[static]") {
  TestServer server;
  const std::string script = sample_script();
  write_file(server.web_root() / "app.js", script);
  auto raw = raw_client(server);
  const auto get = raw.Get("/app.js", {{"Accept-Encoding", "br"}});
  const auto head = raw.Head("/app.js", {{"Accept-Encoding", "br"}});
  REQUIRE((get && head));
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  CHECK(head->get_header_value("Content-Encoding") == "br");
  CHECK(head->get_header_value("Content-Length") == std::to_string(get->body.size()));
  CHECK(head->get_header_value("ETag") == get->get_header_value("ETag"));
}

TEST_CASE("A Range is served from the file itself, clamped to its end", "[static]") {
  TestServer server;
  const std::string script = sample_script();
  write_file(server.web_root() / "app.js", script);
  auto raw = raw_client(server);
  const httplib::Headers compressed = {{"Accept-Encoding", "gzip, br"}};

  auto range = [&](const std::string& spec, httplib::Headers extra = {}) {
    httplib::Headers headers = compressed;
    headers.emplace("Range", spec);
    for (auto& header : extra) headers.insert(header);
    return raw.Get("/app.js", headers);
  };
  const std::string size = std::to_string(script.size());

  const auto first = range("bytes=0-99");
  REQUIRE(first);
  CHECK(first->status == 206);
  CHECK_FALSE(first->has_header("Content-Encoding"));
  CHECK(first->get_header_value("Content-Range") == "bytes 0-99/" + size);
  CHECK(first->body == script.substr(0, 100));

  const auto tail = range("bytes=-10");
  REQUIRE(tail);
  CHECK(tail->status == 206);
  CHECK(tail->body == script.substr(script.size() - 10));

  const auto beyond = range("bytes=100-99999999");
  REQUIRE(beyond);
  CHECK(beyond->status == 206);
  CHECK(beyond->get_header_value("Content-Range") == "bytes 100-" + std::to_string(script.size() - 1) + "/" + size);
  CHECK(beyond->body == script.substr(100));

  const auto outside = range("bytes=99999999-");
  REQUIRE(outside);
  CHECK(outside->status == 416);
  CHECK(outside->get_header_value("Content-Range") == "bytes */" + size);

  // Several ranges, or a range of another version (If-Range): the whole file, compressed.
  const auto several = range("bytes=0-1,5-6");
  REQUIRE(several);
  CHECK(several->status == 200);
  CHECK(several->get_header_value("Content-Encoding") == "br");
  const std::string identity_tag = raw.Get("/app.js")->get_header_value("ETag");
  CHECK(range("bytes=0-9", {{"If-Range", "\"old\""}})->status == 200);
  const auto same = range("bytes=0-9", {{"If-Range", identity_tag}});
  CHECK(same->status == 206);
  CHECK(same->body == script.substr(0, 10));
}

TEST_CASE("accepted_codings reads Accept-Encoding", "[static]") {
  using sesame::http::accepted_codings;
  const auto both = accepted_codings("gzip, deflate, br, zstd");
  CHECK((both.brotli && both.gzip));
  CHECK_FALSE(accepted_codings("").brotli);
  CHECK_FALSE(accepted_codings("identity").gzip);
  CHECK_FALSE(accepted_codings("BR;Q=0").brotli);
  CHECK(accepted_codings("BR ; q=0.5").brotli);
  CHECK(accepted_codings("x-gzip").gzip);
  CHECK_FALSE(accepted_codings("gzip;q=0, *").gzip);
  CHECK(accepted_codings("gzip;q=0, *").brotli);
  CHECK_FALSE(accepted_codings("brotli").brotli);  // not a coding's name
}

TEST_CASE("content_type_for knows the client's kinds of files", "[static]") {
  using sesame::http::content_type_for;
  CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("APP.WASM") == "application/wasm");
  CHECK(content_type_for("sesame.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("README") == "application/octet-stream");
}
