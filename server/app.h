#pragma once
// Sésame's HTTP application: one cpp-httplib server with the limits of
// docs/security.md ("Limits"), every feature's routes, then the web client's
// files at "/".
// main.cpp runs it; the tests start the same thing in-process on port 0.
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/config/clock.h"
#include "server/config/security_config.h"
#include "server/delivery/gateways.h"
#include "server/delivery/sender.h"
#include "server/ent_services/catalog.h"
#include "server/franceconnect/config.h"
#include "server/http/bounded_server.h"
#include "server/http/limits.h"
#include "server/http/listen_address.h"
#include "server/http/router.h"
#include "server/http/static_files.h"
#include "server/maintenance/janitor.h"
#include "server/maintenance/retention.h"
#include "server/public/routes.h"
#include "server/security/password_hasher.h"
#include "server/security/secrets.h"
#include "server/services.h"
#include "server/store/database.h"

namespace sesame {

struct AppConfig {
  http::ListenAddress listen{"127.0.0.1", 8080};
  std::filesystem::path web_root;  // an existing folder
  http::HttpLimits limits;         // max_body_bytes is taken from security.max_body_bytes
  public_api::PublicSettings public_settings;
  SecurityConfig security;
  std::shared_ptr<Clock> clock = std::make_shared<SystemClock>();
  // The scheme, host and port browsers reach the API by, as they write the
  // Origin header ("https://ent.exemple.fr"). Empty: the listen address's URL
  // with the bound port, right when nothing is in front of the server.
  std::string public_origin;
  bool dev = false;  // development aids: GET /api/v1/dev/outbox
  // Behind a reverse proxy (nginx): the client's address is the last entry of
  // X-Forwarded-For, for the per-client limits. Never when exposed directly.
  bool behind_proxy = false;
  // A channel without a gateway keeps its messages queued (see delivery::Sender).
  std::shared_ptr<delivery::Gateway> sms_gateway;
  std::shared_ptr<delivery::Gateway> email_gateway;
  delivery::SenderSettings delivery;
  // How long rows are kept; a thread purges the rest (see maintenance::Janitor).
  maintenance::RetentionConfig retention;
  // The key of the keyed hashes (SMS codes, session tokens). main.cpp loads it
  // from a file next to the database; empty: a random key for this process
  // only (tests), so stored codes and sessions die with it.
  std::optional<security::ServerKey> server_key;
  // "Accéder à mes services": the ENT's links per school (--services FILE); none by default.
  std::shared_ptr<const ent_services::Catalog> ent_services = std::make_shared<ent_services::Catalog>();
  // FranceConnect's relying party (--fc-issuer…); off when its issuer is empty.
  franceconnect::Config franceconnect;
  // More routes, added after the features' and before the catch-all of /api:
  // how a test puts a route of its own behind the same guards.
  std::function<void(http::Router&, Services&)> extra_routes;
};

class App {
 public:
  App(AppConfig config, store::Database& database);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds exactly the configured host and answers the port (the chosen one for
  // port 0). Throws std::runtime_error when the address cannot be bound.
  int bind();
  // Starts the outbox's sender and the janitor, serves until stop(), then
  // returns once the requests in progress are answered and both have stopped.
  void run();
  // Safe from any thread, before or during run(): a stop is never lost.
  void stop();
  bool is_running() const { return server_.is_running(); }

  std::string url() const { return config_.listen.url(port_); }
  int port() const { return port_; }
  // The Origin that state-changing requests must carry; known after bind().
  const std::string& public_origin() const { return public_origin_; }
  Services& services() { return services_; }
  // Connections being served right now, and how many the full pool refused (503).
  std::size_t open_connections() const { return server_.open_connections(); }
  std::uint64_t refused_connections() const { return server_.refused_connections(); }

 private:
  void install_handlers();

  AppConfig config_;
  store::Database& database_;
  delivery::Sender sender_;
  maintenance::Janitor janitor_;
  security::PasswordHasher password_hasher_;
  security::KeyedHasher keyed_hasher_;
  std::string public_origin_;
  Services services_;
  http::StaticFiles static_files_;
  http::BoundedServer server_;  // cpp-httplib with a bounded pool and request deadlines
  int port_ = -1;
  std::atomic<bool> run_active_{false};
  std::atomic<bool> stop_requested_{false};
};

}  // namespace sesame
