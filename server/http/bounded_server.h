#pragma once
// cpp-httplib 0.11 serves each connection on a pool thread for as long as the
// connection lives, reads a request with a timeout per recv() only (a client
// sending one byte every few seconds keeps its thread for ever), queues
// accepted connections without limit and listens with a backlog of 5. This
// server keeps its routing and request parsing and changes how a connection is
// carried:
// - a bounded pool: threads started on demand up to a maximum, a bounded queue
//   of connections waiting for one, and beyond that a connection is answered
//   503 at once and closed, instead of waiting without limit;
// - a total deadline to read one request (request line, headers and body),
//   answered 408, and a cap on its bytes; a total deadline to write an answer;
// - the keep-alive wait in one poll() (cpp-httplib wakes every 10 ms), cut
//   short when the server stops;
// - bytes read ahead are kept for the next request (pipelining), and a
//   connection whose request was not read to its end is closed after the
//   answer rather than have its leftovers parsed as a request: a request
//   refused while parsing, a body left unread (a GET that announces one, or a
//   guard that answered "Connection: close");
// - the listen backlog raised after binding.
// http::apply_limits() gives it its numbers (limits.h).
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sesame::http {

// BoundedServer overrides cpp-httplib's private virtual process_and_close_socket
// and reads its protected members: both are details of one version. Another
// version must be reviewed (and tests/server/slow_clients_test.cpp run) first.
static_assert(std::string_view(CPPHTTPLIB_VERSION).substr(0, 5) == "0.11.",
              "BoundedServer was written against cpp-httplib 0.11");

// What one connection may cost, besides cpp-httplib's own timeouts.
struct ConnectionLimits {
  std::chrono::milliseconds request_read_budget{10'000};
  std::chrono::milliseconds response_write_budget{30'000};
  std::size_t max_request_bytes = 96 * 1024;  // request line, headers and body
  int listen_backlog = 511;
};

// A TaskQueue for httplib::Server::new_task_queue: up to `max_threads` threads,
// started when a connection finds none idle (and kept), and up to
// `max_waiting` accepted connections waiting for one. When both are full and
// `refuse_when_full` is set, the job is run at once on the accept thread with a
// mark that makes BoundedServer answer 503 and close the connection; without
// it (a plain httplib::Server, which would serve the connection right there)
// the connection waits like any other. cpp-httplib 0.11's enqueue() cannot say
// no, and only the server knows the socket inside the job.
class BoundedThreadPool : public httplib::TaskQueue {
 public:
  BoundedThreadPool(std::size_t max_threads, std::size_t max_waiting, bool refuse_when_full);
  ~BoundedThreadPool() override;
  BoundedThreadPool(const BoundedThreadPool&) = delete;
  BoundedThreadPool& operator=(const BoundedThreadPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void work();

  const std::size_t max_threads_;
  const std::size_t max_waiting_;
  const bool refuse_when_full_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::size_t idle_ = 0;  // threads waiting for a job, or started for one and not there yet
  bool shutdown_ = false;
  std::vector<std::thread> threads_;  // started and joined on the accept thread only
};

class BoundedServer : public httplib::Server {
 public:
  BoundedServer();
  BoundedServer(const BoundedServer&) = delete;
  BoundedServer& operator=(const BoundedServer&) = delete;

  // cpp-httplib's, wrapped so that the server learns which requests reached
  // routing and which leave their body unread. Call it on this class: set
  // through an httplib::Server&, it would drop the wrapper, and every
  // connection would then be closed after its first answer.
  BoundedServer& set_pre_routing_handler(HandlerWithResponse handler);

  // Set before listening (apply_limits does it).
  void set_connection_limits(const ConnectionLimits& limits) { limits_ = limits; }
  const ConnectionLimits& connection_limits() const { return limits_; }

  // cpp-httplib's, then listen() again with the configured backlog: its own 5
  // drops a burst of connections, and each dropped one costs its client a
  // 1 s SYN retransmission.
  bool bind_to_port(const std::string& host, int port, int socket_flags = 0);
  int bind_to_any_port(const std::string& host, int socket_flags = 0);

  // Connections on a thread right now (kept-alive ones included).
  std::size_t open_connections() const { return open_connections_.load(); }
  // Since the start: connections answered 503 because the pool and its queue were full,
  // and requests answered 408 because they did not arrive in time.
  std::uint64_t refused_connections() const { return refused_connections_.load(); }
  std::uint64_t timed_out_requests() const { return timed_out_requests_.load(); }

 private:
  bool process_and_close_socket(socket_t sock) override;
  void refuse(socket_t sock);
  void raise_backlog();
  void install_pre_routing_handler(HandlerWithResponse handler);

  ConnectionLimits limits_;
  std::atomic<std::size_t> open_connections_{0};
  std::atomic<std::uint64_t> refused_connections_{0};
  std::atomic<std::uint64_t> timed_out_requests_{0};
  std::atomic<std::int64_t> last_refusal_logged_{0};
};

}  // namespace sesame::http
