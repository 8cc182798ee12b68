#pragma once
// What one client may cost the server: body size, time, threads. See DESIGN.md:
// with cpp-httplib each open keep-alive connection holds a worker thread, so the
// timeouts stay short and the pool is sized, and Nagle's delay is turned off.
#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace sesame::http {

struct HttpLimits {
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t worker_threads = 0;  // 0: 8 + the number of cores
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  std::chrono::seconds keep_alive_timeout{2};
  std::size_t keep_alive_max_requests = 100;
};

std::size_t effective_worker_threads(const HttpLimits& limits);

// Timeouts, pool, TCP_NODELAY and the body limit on the server.
void apply_limits(httplib::Server& server, const HttpLimits& limits);

// Runs before cpp-httplib 0.11 reads a body, to make up for two of its ways:
// - its size limit only applies to a Content-Length, so a chunked or
//   compressed body could grow without bound: both are refused (411, 415);
// - it reads a POST, PUT, PATCH or DELETE that announces no body until the
//   connection closes, i.e. until the read timeout on a keep-alive connection,
//   where HTTP says that such a body is empty: the request is marked so.
// - a Content-Length over max_body_bytes is refused (413) at once, without
//   waiting for a body that may never come.
httplib::Server::HandlerResponse guard_request_body(const httplib::Request& req, httplib::Response& res,
                                                   std::size_t max_body_bytes);

}  // namespace sesame::http
