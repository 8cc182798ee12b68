#pragma once
// Sésame's HTTP application: one cpp-httplib server with the limits of
// DESIGN.md, every feature's routes, then the web client's files at "/".
// main.cpp runs it; the tests start the same thing in-process on port 0.
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "server/http/limits.h"
#include "server/http/listen_address.h"
#include "server/http/static_files.h"
#include "server/public/routes.h"
#include "server/store/database.h"

namespace sesame {

struct AppConfig {
  http::ListenAddress listen{"127.0.0.1", 8080};
  std::filesystem::path web_root;  // an existing folder
  http::HttpLimits limits;
  public_api::PublicSettings public_settings;
};

class App {
 public:
  App(AppConfig config, store::Database& database);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds exactly the configured host and answers the port (the chosen one for
  // port 0). Throws std::runtime_error when the address cannot be bound.
  int bind();
  // Serves until stop(), then returns once the requests in progress are answered.
  void run();
  // Safe from any thread, before or during run(): a stop is never lost.
  void stop();
  bool is_running() const { return server_.is_running(); }

  std::string url() const { return config_.listen.url(port_); }
  int port() const { return port_; }

 private:
  void install_handlers();

  AppConfig config_;
  store::Database& database_;
  http::StaticFiles static_files_;
  httplib::Server server_;
  int port_ = -1;
  std::atomic<bool> run_active_{false};
  std::atomic<bool> stop_requested_{false};
};

}  // namespace sesame
