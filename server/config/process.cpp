#include "server/config/process.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <exception>
#include <fstream>
#include <sstream>

#include "server/store/database.h"

namespace sesame {

std::optional<http::ListenAddress> parse_listen_option(const std::string& value, std::string_view example) {
  auto listen = http::parse_listen_address(value);
  if (!listen) spdlog::error("--listen: expected HOST:PORT, e.g. {} (got \"{}\")", example, value);
  return listen;
}

std::optional<std::string> read_secret_file(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::nullopt;
  std::string secret = content.str();
  if (secret.ends_with("\r\n")) {
    secret.resize(secret.size() - 2);
  } else if (secret.ends_with('\n')) {
    secret.pop_back();
  }
  return secret;
}

ShutdownSignals::ShutdownSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

void ShutdownSignals::watch(std::function<void()> stop, std::string what) {
  watcher_ = std::thread([this, stop = std::move(stop), what = std::move(what)] {
    int received = 0;
    sigwait(&signals_, &received);
    if (std::atomic_ref<bool>(serving_).load()) spdlog::info("signal {} received: {}", received, what);
    stop();
  });
}

ShutdownSignals::~ShutdownSignals() {
  if (!watcher_.joinable()) return;
  std::atomic_ref<bool>(serving_).store(false);
  pthread_kill(watcher_.native_handle(), SIGTERM);  // wakes the watcher if no signal came
  watcher_.join();
  spdlog::info("stopped");
}

int run_program(const std::function<int()>& serve) {
  spdlog::flush_on(spdlog::level::info);
  try {
    return serve();
  } catch (const store::StoreError& error) {
    // A database that cannot be opened or written (missing folder, read-only or full disk, damage).
    spdlog::critical("cannot start: {}: {}", store::sqlite_code_name(error.sqlite_code()), error.what());
    return 1;
  } catch (const std::exception& error) {
    spdlog::critical("cannot start: {}", error.what());
    return 1;
  }
}

}  // namespace sesame
