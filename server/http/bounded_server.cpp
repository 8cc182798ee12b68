#include "server/http/bounded_server.h"

#include <netdb.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "server/http/errors.h"

namespace sesame::http {

namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Set on the accept thread while the pool hands it back a connection it has no
// room for: BoundedServer::process_and_close_socket then refuses it at once.
thread_local bool refusing_connection = false;

// What the request being served on this thread turned out to be; set by the
// pre-routing wrapper, read by the connection loop after the answer.
struct RequestProgress {
  bool routed = false;       // its request line and headers were read and valid
  bool close_after = false;  // its body (or part of it) stays unread
};
thread_local RequestProgress* current_request = nullptr;

// cpp-httplib reads a body for these methods only (detail::expect_content);
// for any other, announced body bytes would be left on the connection.
bool body_is_read(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

bool announces_body(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length.find_first_not_of('0') != std::string::npos;
}

// The poll() slice: how soon a wait notices that the server stops.
constexpr milliseconds kStopCheck{100};

milliseconds timeval_ms(time_t sec, time_t usec) { return milliseconds(sec * 1000 + usec / 1000); }

// A complete answer with the API's French error body, closing the connection:
// written by the transport itself, where no handler runs.
std::string canned_answer(int status, std::string_view reason, std::string_view code) {
  httplib::Response res;
  send_error(res, status, code);
  std::string text = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  for (const auto& [name, value] : res.headers) text += name + ": " + value + "\r\n";
  text += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
  text += "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
  return text + res.body;
}

const std::string& busy_answer() {
  static const std::string answer = [] {
    std::string text = canned_answer(503, "Service Unavailable", "service_unavailable");
    return text.insert(text.find("\r\n") + 2, "Retry-After: 1\r\n");
  }();
  return answer;
}

const std::string& timeout_answer() {
  static const std::string answer = canned_answer(408, "Request Timeout", "request_timeout");
  return answer;
}

// Best effort, never blocking: the answer is small and the socket's buffer empty.
void send_now(socket_t sock, const std::string& answer) {
  [[maybe_unused]] const ssize_t ignored =
      ::send(sock, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

void close_connection(socket_t sock) {
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

// Closing a socket with unread input makes the kernel reset the connection,
// and the client may then lose the answer just written (a 400, 408 or 413
// sent before the rest of its request was read). So the answer is followed by
// our FIN, and what the client still sends is read and dropped for a moment
// (nginx's lingering close), bounded in time and bytes.
constexpr milliseconds kLingerTime{1000};
constexpr std::size_t kLingerBytes = 1024 * 1024;

void linger_and_close(socket_t sock) {
  ::shutdown(sock, SHUT_WR);
  const auto end = SteadyClock::now() + kLingerTime;
  std::size_t dropped = 0;
  char buffer[16 * 1024];
  while (dropped < kLingerBytes) {
    const auto left = std::chrono::ceil<milliseconds>(end - SteadyClock::now());
    if (left.count() <= 0) break;
    pollfd fd{sock, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = ::recv(sock, buffer, sizeof buffer, 0);
    if (n <= 0) break;  // the client closed too (or reset)
    dropped += static_cast<std::size_t>(n);
  }
  ::close(sock);
}

void numeric_address(const sockaddr_storage& address, socklen_t size, std::string& ip, int& port) {
  char host[NI_MAXHOST];
  char service[NI_MAXSERV];
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), size, host, sizeof host, service,
                    sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(service);
  }
}

enum class Wait { Ready, TimedOut, Stopping, Failed };

// One connection's socket, as cpp-httplib's request parser reads and writes it,
// with the budgets of one request on top of its timeouts per call. The object
// lives as long as the connection, so that the bytes of a pipelined request
// read ahead are kept for it.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(socket_t sock, const ConnectionLimits& limits, milliseconds read_timeout,
                   milliseconds write_timeout, const std::atomic<socket_t>& listening)
      : sock_(sock),
        limits_(limits),
        read_timeout_(read_timeout),
        write_timeout_(write_timeout),
        listening_(listening) {}

  // Waits up to `idle` for the first byte of the next request.
  bool wait_for_request(milliseconds idle) {
    if (buffer_begin_ < buffer_end_) return true;
    return wait(POLLIN, SteadyClock::now() + idle) == Wait::Ready;
  }

  // The budgets of one request start when its first byte is there.
  void begin_request() {
    read_deadline_ = SteadyClock::now() + limits_.request_read_budget;
    write_deadline_.reset();
    request_bytes_ = 0;
  }

  bool timed_out() const { return timed_out_; }
  // The connection cannot carry another request: a deadline passed, the byte
  // cap was reached (the rest of the request is unread) or a write failed.
  bool spent() const { return timed_out_ || over_cap_ || broken_; }

  bool is_readable() const override {
    if (buffer_begin_ < buffer_end_) return true;
    return wait(POLLIN, read_wait_end()) == Wait::Ready;
  }

  bool is_writable() const override {
    if (broken_ || timed_out_) return false;
    return wait(POLLOUT, write_wait_end()) == Wait::Ready;
  }

  ssize_t read(char* ptr, std::size_t size) override {
    if (spent()) return -1;
    if (request_bytes_ >= limits_.max_request_bytes) {
      over_cap_ = true;
      return -1;
    }
    size = std::min(size, limits_.max_request_bytes - request_bytes_);
    if (buffer_begin_ == buffer_end_) {
      switch (wait(POLLIN, read_wait_end())) {
        case Wait::Ready:
          break;
        case Wait::TimedOut:
          // The whole request, or its next bytes, did not come in time.
          timed_out_ = true;
          send_now(sock_, timeout_answer());
          return -1;
        case Wait::Stopping:
        case Wait::Failed:
          broken_ = true;
          return -1;
      }
      ssize_t n;
      do {
        n = ::recv(sock_, buffer_, sizeof buffer_, 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      buffer_begin_ = 0;
      buffer_end_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, buffer_end_ - buffer_begin_);
    std::memcpy(ptr, buffer_ + buffer_begin_, n);
    buffer_begin_ += n;
    request_bytes_ += n;
    return static_cast<ssize_t>(n);
  }

  // All of it or -1: cpp-httplib writes the status line and headers without
  // looking at partial writes.
  ssize_t write(const char* ptr, std::size_t size) override {
    if (broken_ || timed_out_) return -1;
    if (!write_deadline_) write_deadline_ = SteadyClock::now() + limits_.response_write_budget;
    std::size_t sent = 0;
    while (sent < size) {
      if (wait(POLLOUT, write_wait_end()) != Wait::Ready) {
        broken_ = true;
        return -1;
      }
      const ssize_t n = ::send(sock_, ptr + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (n <= 0) {
        broken_ = true;
        return -1;
      }
      sent += static_cast<std::size_t>(n);
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &size) == 0)
      numeric_address(address, size, ip, port);
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &size) == 0)
      numeric_address(address, size, ip, port);
  }

  socket_t socket() const override { return sock_; }

  // Bytes of the client not read yet (the rest of a refused request).
  bool has_unread_input() const {
    if (buffer_begin_ < buffer_end_) return true;
    char byte;
    return ::recv(sock_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

 private:
  // The next read may wait for the read timeout, but not past the request's deadline.
  SteadyClock::time_point read_wait_end() const {
    return std::min(SteadyClock::now() + read_timeout_, read_deadline_);
  }

  SteadyClock::time_point write_wait_end() const {
    const auto end = SteadyClock::now() + write_timeout_;
    return write_deadline_ ? std::min(end, *write_deadline_) : end;
  }

  // poll() in slices, so that a stop of the server is noticed within kStopCheck.
  Wait wait(short events, SteadyClock::time_point end) const {
    for (;;) {
      if (listening_ == INVALID_SOCKET) return Wait::Stopping;
      const auto left = std::chrono::ceil<milliseconds>(end - SteadyClock::now());
      if (left.count() <= 0) return Wait::TimedOut;
      pollfd fd{sock_, events, 0};
      const int ready = ::poll(&fd, 1, static_cast<int>(std::min(left, kStopCheck).count()));
      if (ready > 0) return (fd.revents & (events | POLLHUP | POLLERR)) ? Wait::Ready : Wait::Failed;
      if (ready < 0 && errno != EINTR) return Wait::Failed;
    }
  }

  const socket_t sock_;
  const ConnectionLimits& limits_;
  const milliseconds read_timeout_;
  const milliseconds write_timeout_;
  const std::atomic<socket_t>& listening_;

  char buffer_[4096];
  std::size_t buffer_begin_ = 0;
  std::size_t buffer_end_ = 0;

  SteadyClock::time_point read_deadline_ = SteadyClock::time_point::max();
  std::optional<SteadyClock::time_point> write_deadline_;
  std::size_t request_bytes_ = 0;
  bool timed_out_ = false;
  bool over_cap_ = false;
  bool broken_ = false;
};

}  // namespace

BoundedThreadPool::BoundedThreadPool(std::size_t max_threads, std::size_t max_waiting, bool refuse_when_full)
    : max_threads_(std::max<std::size_t>(1, max_threads)),
      max_waiting_(max_waiting),
      refuse_when_full_(refuse_when_full) {}

BoundedThreadPool::~BoundedThreadPool() { shutdown(); }

void BoundedThreadPool::enqueue(std::function<void()> fn) {
  {
    std::unique_lock lock(mutex_);
    // Each idle thread takes one job; the rest wait for a thread.
    const std::size_t waiting = jobs_.size() >= idle_ ? jobs_.size() - idle_ : 0;
    const bool can_start = threads_.size() < max_threads_;
    if (!can_start && waiting >= max_waiting_ && refuse_when_full_) {
      lock.unlock();
      refusing_connection = true;
      fn();  // BoundedServer::process_and_close_socket: 503, closed
      refusing_connection = false;
      return;
    }
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && can_start) {
      ++idle_;  // counted from now on, so that the next connection does not start one more
      try {
        threads_.emplace_back([this] { work(); });
      } catch (const std::system_error& error) {
        --idle_;  // the job waits for a thread that exists
        spdlog::error("http: cannot start a thread ({} running): {}", threads_.size(), error.what());
      }
    }
  }
  ready_.notify_one();
}

void BoundedThreadPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
  }
  ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

// idle_ counts this thread from its start (enqueue), and again after each job.
void BoundedThreadPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
    --idle_;
    // At shutdown the connections still waiting are taken too: the server
    // closes them without reading (it has stopped listening).
    if (jobs_.empty()) return;
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    job = nullptr;
    lock.lock();
    ++idle_;
  }
}

BoundedServer::BoundedServer() { install_pre_routing_handler(nullptr); }

BoundedServer& BoundedServer::set_pre_routing_handler(HandlerWithResponse handler) {
  install_pre_routing_handler(std::move(handler));
  return *this;
}

void BoundedServer::install_pre_routing_handler(HandlerWithResponse handler) {
  httplib::Server::set_pre_routing_handler(
      [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        // Read before the handler runs: App's body guard rewrites these headers.
        const bool body_left = !body_is_read(req.method) && announces_body(req);
        const HandlerResponse result = handler ? handler(req, res) : HandlerResponse::Unhandled;
        if (current_request) {
          current_request->routed = true;
          current_request->close_after = body_left || req.get_header_value("Connection") == "close";
        }
        return result;
      });
}

bool BoundedServer::bind_to_port(const std::string& host, int port, int socket_flags) {
  if (!httplib::Server::bind_to_port(host, port, socket_flags)) return false;
  raise_backlog();
  return true;
}

int BoundedServer::bind_to_any_port(const std::string& host, int socket_flags) {
  const int port = httplib::Server::bind_to_any_port(host, socket_flags);
  if (port >= 0) raise_backlog();
  return port;
}

void BoundedServer::raise_backlog() {
  // listen() on a listening socket only changes its backlog (capped by the
  // kernel's net.core.somaxconn).
  if (::listen(svr_sock_, limits_.listen_backlog) != 0)
    spdlog::warn("http: cannot raise the listen backlog to {}: {}", limits_.listen_backlog,
                 std::strerror(errno));
}

void BoundedServer::refuse(socket_t sock) {
  ++refused_connections_;
  send_now(sock, busy_answer());
  close_connection(sock);
  // Once every 10 s at most: a flood must not also flood the log.
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now().time_since_epoch()).count();
  std::int64_t last = last_refusal_logged_.load();
  if (now - last >= 10 && last_refusal_logged_.compare_exchange_strong(last, now))
    spdlog::warn("http: every thread busy and the queue full: connections refused with 503 ({} so far)",
                 refused_connections_.load());
}

bool BoundedServer::process_and_close_socket(socket_t sock) {
  if (refusing_connection) {
    refuse(sock);
    return false;
  }
  ++open_connections_;
  ConnectionStream stream(sock, limits_, timeval_ms(read_timeout_sec_, read_timeout_usec_),
                          timeval_ms(write_timeout_sec_, write_timeout_usec_), svr_sock_);
  const milliseconds idle(keep_alive_timeout_sec_ * 1000);
  RequestProgress progress;
  current_request = &progress;
  bool ok = false;
  for (std::size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
    if (!stream.wait_for_request(idle)) break;
    stream.begin_request();
    progress = {};
    bool closed = false;
    ok = process_request(stream, left == 1, closed, nullptr);
    if (stream.timed_out()) ++timed_out_requests_;
    // What follows on the connection may be the rest of this request: never
    // parse it as the next one.
    if (!ok || closed || stream.spent() || !progress.routed || progress.close_after) break;
  }
  current_request = nullptr;
  if (stream.has_unread_input()) {
    linger_and_close(sock);
  } else {
    close_connection(sock);
  }
  --open_connections_;
  return ok;
}

}  // namespace sesame::http
