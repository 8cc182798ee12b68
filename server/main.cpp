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
#include "server/store/database.h"

namespace {

struct Options {
  std::string listen = "127.0.0.1:8080";
  std::filesystem::path db;
  std::filesystem::path web;
  bool dev = false;
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
               "Development mode: verbose request log and development aids. Never in production.");
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

int serve(const Options& options) {
  const auto listen = sesame::http::parse_listen_address(options.listen);
  if (!listen) {
    spdlog::error("--listen: expected HOST:PORT, e.g. 127.0.0.1:8080 (got \"{}\")", options.listen);
    return 2;
  }

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
  config.listen = *listen;
  config.web_root = options.web;
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
  spdlog::info("Sésame listening on {}", app.url());
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
