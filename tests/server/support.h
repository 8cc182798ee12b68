#pragma once
// What the server tests share: temporary folders, the real server started
// in-process on 127.0.0.1 with a free port, and raw HTTP for requests that a
// well-behaved client library would not send.
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "server/app.h"
#include "server/store/database.h"

namespace sesame::testing {

// A fresh folder under the system's temporary folder, removed with its content.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& file, std::string_view content);

// Runs a shell command and collects what it prints on stdout, with its exit
// status (-1 when it did not exit normally): the tests' independent tools
// (pdfinfo, pdftotext, oathtool).
struct CommandResult {
  int status = 0;
  std::string output;
};
CommandResult run_command(const std::string& command);

// Waits up to `within` for `done`, checking often: for what threads do.
bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds within = std::chrono::milliseconds(5000));

// What a test may change in the server it starts; the defaults are production's.
struct TestServerOptions {
  bool dev = false;
  std::string public_origin;     // empty: the server's own URL
  std::shared_ptr<Clock> clock;  // empty: the system's
  std::shared_ptr<delivery::Gateway> sms_gateway;
  std::shared_ptr<delivery::Gateway> email_gateway;
  std::shared_ptr<const ent_services::Catalog> ent_services;  // empty: none
  std::vector<api::ProfileSignIn> sign_in_urls;               // --profile-url
  std::function<void(http::Router&, Services&)> extra_routes;
  std::optional<SecurityConfig> security;  // empty: production's parameters
  franceconnect::Config franceconnect;     // off unless its issuer is set
  std::optional<http::HttpLimits> limits;  // empty: production's (threads, queue, deadlines)
};

// A server with its own database and web folder (web/ inside the temp folder).
class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  ~TestServer();

  // Sends the server's own Origin, as a browser on its pages does.
  httplib::Client client() const;
  // Sends no Origin: a non-browser client, or a test of the Origin rule.
  httplib::Client client_without_origin() const;
  int port() const { return app_->port(); }
  const std::filesystem::path& web_root() const { return web_root_; }
  const TempDir& dir() const { return dir_; }
  // "http://127.0.0.1:PORT": what a browser on this server sends as Origin.
  const std::string& origin() const { return app_->public_origin(); }
  store::Database& database() { return *database_; }
  App& app() { return *app_; }

 private:
  TempDir dir_;
  std::filesystem::path web_root_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<App> app_;
  std::thread thread_;
};

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
};

// Sends `request` byte for byte and reads the answer until the server closes
// the connection (send "Connection: close").
RawResponse raw_http(int port, std::string_view request);

// The same, but stops reading at the end of the first answer (by its
// Content-Length), so that a kept-alive connection does not have to close.
RawResponse raw_http_first_answer(int port, std::string_view request);

}  // namespace sesame::testing
