#pragma once
// What one client may cost the server: body size, time, threads. cpp-httplib
// carries each open connection on a thread of its own from accept to close
// (kept-alive ones too), so the pool is the number of clients served at once:
// it is sized for a crowd and for clients that hold connections on purpose
// (idle, or sending a request byte by byte), and bounded, with a bounded queue
// in front (BoundedServer, bounded_server.h). Nagle's delay is turned off.
// docs/security.md ("Limits") gives the figures these numbers were checked with.
#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace sesame::http {

struct HttpLimits {
  // Every request body of the API is a small form (App takes it from SecurityConfig).
  std::size_t max_body_bytes = 64 * 1024;
  // The request line and headers: a browser sends 1 to 4 KiB (cookies
  // included); nginx's default allows 4 lines of 8 KiB. A request as a whole
  // may read max_header_bytes + max_body_bytes (cpp-httplib keeps any number
  // of header lines): beyond, 400 and the connection is closed.
  std::size_t max_header_bytes = 32 * 1024;

  // Threads, started as connections need them, never more. One per open
  // connection: 100 connections held by one hostile client (the requirement of
  // issue 7) leave more than 150 for everyone else, and nginx in front holds
  // one per request in flight. A thread costs about 20 KiB of resident memory
  // (its 8 MiB stack is reserved, barely touched): 250 of them measured +4 MiB,
  // and 250 clients served at once 30 MiB for the whole process. 0 means
  // 8 + the number of cores, cpp-httplib's own sizing.
  std::size_t worker_threads = 256;
  // Accepted connections waiting for a thread once all are busy: a burst (a
  // whole class opening the page at once) waits instead of failing. Beyond it,
  // a new connection is answered 503 at once and closed rather than queued
  // without limit. Threads + queue (512 sockets) stay far under the 2048 files
  // the systemd unit allows.
  std::size_t max_waiting_connections = 256;
  // cpp-httplib listens with a backlog of 5: a burst of new connections
  // overflows it and each dropped one costs its client a 1 s retransmission.
  // 511 is nginx's default; the kernel caps it at net.core.somaxconn.
  int listen_backlog = 511;

  // Per recv() and per send(): a client that stops sending or reading.
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  // In total, from the first byte of a request to its last (headers and
  // body), whatever the pace: a client sending a byte every few seconds never
  // trips read_timeout, so this is what frees its thread (answered 408). A
  // real request (under 4 KiB, 64 KiB at most) takes well under a second even
  // on a poor mobile link; 10 s is also nginx's client_header_timeout and
  // client_body_timeout in deploy/nginx/sesame.conf.
  std::chrono::seconds request_read_budget{10};
  // In total, for writing one answer: a client that reads slowly on purpose.
  // The largest answer is the client's .wasm (about 450 KiB, less once
  // compressed): 30 s is 120 kbit/s, slower than any mobile link still in use.
  std::chrono::seconds response_write_budget{30};
  // Waiting for the next request on an open connection (and for the first
  // one): an idle connection holds its thread this long. nginx closes its
  // upstream connections after 1 s of idleness, before this.
  std::chrono::seconds keep_alive_timeout{2};
  std::size_t keep_alive_max_requests = 100;
};

std::size_t effective_worker_threads(const HttpLimits& limits);

// Timeouts, pool, TCP_NODELAY and the body limit on the server. On a
// BoundedServer (what App runs) also the request deadlines, the byte cap, the
// backlog and the refusal of connections beyond the queue; a plain
// httplib::Server gets the pool and the timeouts, but its queue cannot refuse.
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
