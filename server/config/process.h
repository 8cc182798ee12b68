#pragma once
// What the programs (sesame-server, sesame-fc-demo) share around their main
// loop: a secret read from a file, and a calm stop on SIGINT or SIGTERM.
#include <signal.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace sesame {

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

}  // namespace sesame
