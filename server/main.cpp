// sesame-server: the HTTP API and the web client's files.
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <exception>
#include <filesystem>
#include <thread>

#include "server/app.h"
#include "server/delivery/gateways.h"
#include "server/http/request_guard.h"
#include "server/security/secrets.h"
#include "server/store/database.h"

namespace {

struct Options {
  std::string listen = "127.0.0.1:8080";
  std::filesystem::path db;
  std::filesystem::path web;
  bool dev = false;
  std::string public_origin;
  std::string sms_gateway;  // "dev" or "http"; chosen from the other options when empty
  std::string sms_gateway_url;
};

void describe_options(CLI::App& cli, Options& options) {
  cli.description(
      "Sésame: first connection and parent accounts for the ENT.\n"
      "Serves the HTTP API under /api/v1 and the web client's files at /.");
  cli.add_option("--listen", options.listen,
                 "Address to listen on ([::1]:PORT for IPv6); only that host is bound.\n"
                 "Port 0 picks a free port; the start line prints the URL.")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  cli.add_option("--db", options.db, "SQLite database file; created and migrated if needed")
      ->type_name("FILE")
      ->required();
  cli.add_option("--web", options.web, "Folder of the built web client (index.html, .js, .wasm…)")
      ->type_name("DIR")
      ->required()
      ->check(CLI::Validator(CLI::ExistingDirectory).description(""));  // keeps the help's DIR
  cli.add_flag("--dev", options.dev,
               "Development mode: verbose request log, SMS shown on the console and\n"
               "GET /api/v1/dev/outbox. Never in production.");
  cli.add_option("--public-origin", options.public_origin,
                 "The origin browsers reach Sésame by (https://ent.exemple.fr); state-changing\n"
                 "requests must carry it in their Origin header. Default: http://HOST:PORT of --listen.")
      ->type_name("URL");
  cli.add_option("--sms-gateway", options.sms_gateway,
                 "How SMS leave: dev (printed on the console) or http (POSTed as JSON\n"
                 "{\"to\", \"text\"} to --sms-gateway-url). Default: dev with --dev, http otherwise.")
      ->type_name("dev|http")
      ->check(CLI::IsMember({"dev", "http"}).description(""));  // keeps the help's dev|http
  cli.add_option("--sms-gateway-url", options.sms_gateway_url,
                 "The SMS provider's endpoint for --sms-gateway http; required without --dev.")
      ->type_name("URL");
  cli.footer(
      "Example:\n"
      "  sesame-admin demo --db data/sesame.db\n"
      "  sesame-server --listen 127.0.0.1:8080 --db data/sesame.db --web build/web --dev");
}

// SIGINT and SIGTERM are blocked in every thread and awaited by one, which
// stops the server calmly: no work is done inside a signal handler.
sigset_t shutdown_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

// The SMS gateway the options ask for, or nullptr after explaining on the console
// why the server cannot start with them.
std::shared_ptr<sesame::delivery::Gateway> make_sms_gateway(const Options& options) {
  std::string kind = options.sms_gateway;
  if (kind.empty()) kind = options.dev && options.sms_gateway_url.empty() ? "dev" : "http";
  if (kind == "dev") {
    if (!options.dev) spdlog::warn("--sms-gateway dev: SMS are not sent, only logged (masked)");
    return std::make_shared<sesame::delivery::DevGateway>(options.dev);
  }
  if (options.sms_gateway_url.empty()) {
    spdlog::error(
        "no SMS gateway: give --sms-gateway-url URL (the provider's endpoint), "
        "or --dev to print SMS on the console");
    return nullptr;
  }
  try {
    return std::make_shared<sesame::delivery::HttpGateway>(options.sms_gateway_url);
  } catch (const std::invalid_argument& error) {
    spdlog::error("--sms-gateway-url: {}", error.what());
    return nullptr;
  }
}

int serve(const Options& options) {
  const auto listen = sesame::http::parse_listen_address(options.listen);
  if (!listen) {
    spdlog::error("--listen: expected HOST:PORT, e.g. 127.0.0.1:8080 (got \"{}\")", options.listen);
    return 2;
  }

  const auto sms_gateway = make_sms_gateway(options);
  if (!sms_gateway) return 2;

  const sigset_t signals = shutdown_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts: they inherit the mask

  sesame::store::Database database(options.db);
  if (database.migrated_from() != database.schema_version()) {
    spdlog::info("database {}: schema migrated from version {} to {}", options.db.string(),
                 database.migrated_from(), database.schema_version());
  } else {
    spdlog::info("database {}: schema version {}", options.db.string(), database.schema_version());
  }

  sesame::AppConfig config;
  // Next to the database, so that a backup of the folder keeps codes and
  // sessions valid, while a copy of the database file alone does not.
  std::filesystem::path key_file = options.db;
  key_file += ".key";
  config.server_key = sesame::security::load_or_create_server_key(key_file);
  config.listen = *listen;
  config.web_root = options.web;
  config.dev = options.dev;
  config.public_origin = options.public_origin;
  config.sms_gateway = sms_gateway;
  // E-mail over SMTP is not there yet: with --dev e-mails go to the console,
  // otherwise they wait in the outbox for a gateway.
  if (options.dev) config.email_gateway = std::make_shared<sesame::delivery::DevGateway>(true);
  sesame::App app(config, database);
  app.bind();

  std::atomic<bool> serving{true};
  std::thread signal_watcher([&app, &serving, signals] {
    int received = 0;
    sigwait(&signals, &received);
    if (serving) spdlog::info("signal {} received: finishing the requests in progress", received);
    app.stop();
  });

  if (options.dev)
    spdlog::warn("development mode (--dev): development aids are on; never use it in production");
  spdlog::info("serving the web client from {}", std::filesystem::canonical(options.web).string());
  spdlog::info("Sésame listening on {} (public origin {})", app.url(), app.public_origin());
  app.run();

  serving = false;
  pthread_kill(signal_watcher.native_handle(), SIGTERM);  // wakes the watcher if no signal came
  signal_watcher.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App cli("", "sesame-server");
  describe_options(cli, options);
  CLI11_PARSE(cli, argc, argv);

  spdlog::set_level(options.dev ? spdlog::level::debug : spdlog::level::info);
  spdlog::flush_on(spdlog::level::info);  // tests and supervisors read the start line at once
  try {
    return serve(options);
  } catch (const std::exception& error) {
    spdlog::critical("cannot start: {}", error.what());
    return 1;
  }
}
