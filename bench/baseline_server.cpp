// sesame-bench-baseline: the yardstick of api_efficiency. A bare cpp-httplib
// server that answers every GET with a constant small JSON, with exactly the
// transport of sesame-server (http::BoundedServer with http::apply_limits:
// bounded pool, request deadlines, TCP_NODELAY, timeouts, keep-alive cap), so that the comparison with
// GET /api/v1/me measures Sésame's own work and nothing else.
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "server/http/bounded_server.h"
#include "server/http/limits.h"

namespace {
sesame::http::BoundedServer* running_server = nullptr;
void stop_on_signal(int) {
  if (running_server) running_server->stop();
}
}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  CLI::App cli("A bare cpp-httplib server with sesame-server's transport settings (listens on 127.0.0.1)",
               "sesame-bench-baseline");
  cli.add_option("--port", port, "Port on 127.0.0.1; 0 picks a free one (printed)")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  sesame::http::BoundedServer server;
  sesame::http::apply_limits(server, sesame::http::HttpLimits{});
  server.Get(".*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1") : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  running_server = &server;
  std::signal(SIGTERM, stop_on_signal);
  std::signal(SIGINT, stop_on_signal);
  std::printf("listening on http://127.0.0.1:%d\n", bound);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}
