#pragma once
// What the programs (sesame-server, sesame-fc-demo) share around their main
// loop: their --listen address, a secret read from a file, a calm stop on
// SIGINT or SIGTERM, and what they say when they cannot start.
#include <signal.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "server/http/listen_address.h"

namespace sesame {

// The address the --listen option names, or nothing after explaining on the
// console what it expects; `example` is the program's default, "127.0.0.1:8080".
std::optional<http::ListenAddress> parse_listen_option(const std::string& value, std::string_view example);

// The file's content without one trailing newline (a password or client secret
// kept out of `ps`), or nothing when it is not a readable regular file.
std::optional<std::string> read_secret_file(const std::filesystem::path& file);

// SIGINT and SIGTERM are blocked in every thread and awaited by one, which
// calls `stop`: no work is done inside a signal handler. Construct it before any
// thread starts (they inherit the mask), watch() once the program can stop,
// and let it go out of scope after the main loop returned (it logs "stopped").
class ShutdownSignals {
 public:
  ShutdownSignals();
  ~ShutdownSignals();
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

  // `what` says in the log what a signal does ("stopping", "finishing the requests in progress").
  void watch(std::function<void()> stop, std::string what);

 private:
  sigset_t signals_;
  std::thread watcher_;
  bool serving_ = true;  // written before the watcher is woken at the end
};

// A program's main() once its options are parsed: answers what `serve` answers
// (0 after a calm stop, 2 when it refused the options), or 1 after logging
// "cannot start: …" when an exception escapes it, SQLite's error name first
// for a database that cannot be opened or written. Every info line is flushed
// at once: tests and supervisors wait for the start line.
int run_program(const std::function<int()>& serve);

}  // namespace sesame
