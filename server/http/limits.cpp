#include "server/http/limits.h"

#include <charconv>
#include <thread>

#include "server/http/bounded_server.h"
#include "server/http/errors.h"

namespace sesame::http {

namespace {

// cpp-httplib hands its own, non-const, request object to the pre-routing
// handler as const; the guard below has to adjust two headers before it goes on.
httplib::Request& mutable_request(const httplib::Request& req) { return const_cast<httplib::Request&>(req); }

void replace_header(const httplib::Request& req, const char* name, const char* value) {
  auto& headers = mutable_request(req).headers;
  headers.erase(name);
  headers.emplace(name, value);
}

}  // namespace

std::size_t effective_worker_threads(const HttpLimits& limits) {
  if (limits.worker_threads > 0) return limits.worker_threads;
  return 8 + std::max(1u, std::thread::hardware_concurrency());
}

void apply_limits(httplib::Server& server, const HttpLimits& limits) {
  const std::size_t threads = effective_worker_threads(limits);
  const std::size_t waiting = limits.max_waiting_connections;
  auto* bounded = dynamic_cast<BoundedServer*>(&server);
  if (bounded) {
    ConnectionLimits connection;
    connection.request_read_budget = limits.request_read_budget;
    connection.response_write_budget = limits.response_write_budget;
    connection.max_request_bytes = limits.max_header_bytes + limits.max_body_bytes;
    connection.listen_backlog = limits.listen_backlog;
    bounded->set_connection_limits(connection);
  }
  const bool refuse = bounded != nullptr;
  server.new_task_queue = [threads, waiting, refuse] {
    return new BoundedThreadPool(threads, waiting, refuse);
  };
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(limits.max_body_bytes);
  server.set_read_timeout(limits.read_timeout);
  server.set_write_timeout(limits.write_timeout);
  server.set_keep_alive_timeout(limits.keep_alive_timeout.count());
  server.set_keep_alive_max_count(limits.keep_alive_max_requests);
}

httplib::Server::HandlerResponse guard_request_body(const httplib::Request& req, httplib::Response& res,
                                                   std::size_t max_body_bytes) {
  const std::string encoding = req.get_header_value("Content-Encoding");
  const bool chunked = req.has_header("Transfer-Encoding");
  if (chunked || (!encoding.empty() && encoding != "identity")) {
    // The body stays unread: the client is told not to reuse the connection.
    replace_header(req, "Connection", "close");
    send_error(res, chunked ? 411 : 415, chunked ? "length_required" : "unsupported_media_type");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (!req.has_header("Content-Length")) replace_header(req, "Content-Length", "0");
  // Refused from the header alone: cpp-httplib would first wait for the whole
  // announced body (holding a worker thread until the read timeout) to skip it.
  const std::string length = req.get_header_value("Content-Length");
  std::size_t announced = 0;
  const auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), announced);
  const bool readable = error == std::errc() && end == length.data() + length.size();
  if (!readable || announced > max_body_bytes) {
    replace_header(req, "Connection", "close");
    send_error(res, readable ? 413 : 400, readable ? "body_too_large" : "bad_request");
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

}  // namespace sesame::http
