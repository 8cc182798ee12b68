// Slow and idle clients (issue 7): while 100 connections are held open, half of
// them idle and half sending a request one byte every 0.3 s (slowloris), a new
// client still gets GET /api/v1/health in under a second; the server cuts the
// slow ones at the request's read deadline, and once they are gone it serves as
// before. The "< 1 s" is the requirement itself, not a benchmark: it is checked
// on the worst of many probes, on a machine that may be busy.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/http/limits.h"
#include "support.h"

using namespace std::chrono_literals;
using sesame::testing::eventually;
using sesame::testing::TestServer;
using SteadyClock = std::chrono::steady_clock;

namespace {

// A blocking connect to 127.0.0.1:port, then non-blocking: -1 when refused.
int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// What a hostile client does with its connections, on one thread of its own:
// `idle` of them send nothing, `slow` of them send `request` one byte every
// `byte_interval`. While reconnecting, a connection the server closes is opened
// again at once, so that the server always has all of them to carry.
class HeldConnections {
 public:
  struct Closed {
    bool slow = false;
    std::chrono::milliseconds lived{0};  // from the connection (idle) or its first byte (slow)
    std::string answer;                  // what the server wrote before closing
  };

  HeldConnections(int port, int idle, int slow, std::string request, std::chrono::milliseconds byte_interval)
      : port_(port), request_(std::move(request)), byte_interval_(byte_interval) {
    for (int i = 0; i < idle + slow; ++i) connections_.push_back(open(i >= idle));
    thread_ = std::thread([this] { run(); });
  }

  ~HeldConnections() {
    stop_ = true;
    thread_.join();
    for (const Connection& c : connections_)
      if (c.fd >= 0) ::close(c.fd);
  }

  HeldConnections(const HeldConnections&) = delete;
  HeldConnections& operator=(const HeldConnections&) = delete;

  // From now on a connection the server closes stays closed.
  void stop_reconnecting() { reconnect_ = false; }
  int open_count() const { return open_.load(); }
  int failed_connects() const { return failed_connects_.load(); }
  int reconnections() const { return reconnections_.load(); }
  // Every connection the server closed (or reset), in order.
  std::vector<Closed> closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  struct Connection {
    int fd = -1;
    bool slow = false;
    std::size_t sent = 0;
    SteadyClock::time_point since;
    std::string answer;
  };

  Connection open(bool slow) {
    Connection c;
    c.slow = slow;
    c.fd = connect_loopback(port_);
    c.since = SteadyClock::now();
    if (c.fd < 0) {
      ++failed_connects_;
    } else {
      ++open_;
    }
    return c;
  }

  void closed_by_server(Connection& c) {
    ::close(c.fd);
    c.fd = -1;
    --open_;
    {
      std::lock_guard lock(mutex_);
      closed_.push_back({c.slow,
                         std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - c.since),
                         c.answer});
    }
    if (reconnect_ && !stop_) {
      c = open(c.slow);
      ++reconnections_;
    }
  }

  void run() {
    auto next_byte = SteadyClock::now();
    while (!stop_) {
      std::vector<pollfd> polled;
      std::vector<Connection*> owners;
      for (Connection& c : connections_) {
        if (c.fd < 0) continue;
        polled.push_back({c.fd, POLLIN, 0});
        owners.push_back(&c);
      }
      ::poll(polled.data(), polled.size(), 20);
      for (std::size_t i = 0; i < polled.size(); ++i) {
        if (polled[i].revents == 0) continue;
        Connection& c = *owners[i];
        char buffer[1024];
        const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
          c.answer.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          closed_by_server(c);
        }
      }
      if (SteadyClock::now() < next_byte) continue;
      next_byte += byte_interval_;
      for (Connection& c : connections_) {
        if (c.fd < 0 || !c.slow || c.sent >= request_.size()) continue;
        if (c.sent == 0) c.since = SteadyClock::now();
        if (::send(c.fd, request_.data() + c.sent, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) {
          ++c.sent;
        } else if (errno != EAGAIN) {
          closed_by_server(c);
        }
      }
    }
  }

  const int port_;
  const std::string request_;
  const std::chrono::milliseconds byte_interval_;
  std::vector<Connection> connections_;  // the holder's thread only, once started
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> reconnect_{true};
  std::atomic<int> open_{0};
  std::atomic<int> failed_connects_{0};
  std::atomic<int> reconnections_{0};
  mutable std::mutex mutex_;
  std::vector<Closed> closed_;
};

struct Probe {
  int status = 0;  // 0: no answer within the client's timeouts (2 s)
  std::chrono::milliseconds took{0};
};

// A new client, on a new connection: GET /api/v1/health.
Probe probe_health(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2s);
  client.set_read_timeout(2s);
  client.set_write_timeout(2s);
  const auto started = SteadyClock::now();
  const auto result = client.Get("/api/v1/health");
  Probe probe;
  probe.took = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
  if (result) probe.status = result->status;
  return probe;
}

struct Probes {
  Probe worst;
  int count = 0;
  int failures = 0;  // not 200
};

// Up to `count` probes, `interval` apart, none started after `within`: the
// test stays bounded even when the server does not answer.
Probes probe_health_repeatedly(int port, int count, std::chrono::milliseconds interval,
                               std::chrono::milliseconds within) {
  const auto end = SteadyClock::now() + within;
  Probes probes;
  while (probes.count < count && SteadyClock::now() < end) {
    const Probe probe = probe_health(port);
    ++probes.count;
    if (probe.status != 200) ++probes.failures;
    if (probe.took >= probes.worst.took) probes.worst = probe;
    std::this_thread::sleep_for(interval);
  }
  return probes;
}

// A valid request, long enough that sent at one byte every 0.3 s it would take
// about 25 s: only the server's read deadline can end it sooner.
const std::string kSlowRequest =
    "GET /api/v1/health HTTP/1.1\r\n"
    "Host: 127.0.0.1\r\n"
    "User-Agent: slowloris-test\r\n"
    "Accept: application/json\r\n\r\n";

}  // namespace

TEST_CASE("100 idle or slowloris connections do not keep a new client from the health check",
          "[slow_clients]") {
  const auto test_started = SteadyClock::now();
  TestServer server;
  const sesame::http::HttpLimits limits;  // production's: what the server runs with
  REQUIRE(limits.request_read_budget <= 10s);
  REQUIRE(kSlowRequest.size() * 300ms > limits.request_read_budget + 5s);

  Probes during;
  std::vector<HeldConnections::Closed> closed;
  int failed_connects = 0;
  int reconnections = 0;
  {
    HeldConnections held(server.port(), 50, 50, kSlowRequest, 300ms);
    REQUIRE(held.failed_connects() == 0);
    std::this_thread::sleep_for(300ms);  // every held connection accepted and on a thread

    // Six seconds of probes: the idle ones are cut after the keep-alive
    // timeout (2 s) and come back at once, the slow ones keep dribbling.
    during = probe_health_repeatedly(server.port(), 15, 400ms, 6500ms);
    failed_connects = held.failed_connects();
    reconnections = held.reconnections();
    CHECK(held.open_count() >= 95);  // still holding (a reconnection may be in flight)

    // Now the slow ones run into the read deadline; nothing is reopened.
    held.stop_reconnecting();
    CHECK(eventually([&] { return held.open_count() == 0; },
                     std::chrono::duration_cast<std::chrono::milliseconds>(limits.request_read_budget + 3s)));
    closed = held.closed();
  }
  WARN("worst of " << during.count << " probes under 100 held connections: " << during.worst.took.count()
                   << " ms (status " << during.worst.status << "), " << during.failures << " without a 200, "
                   << reconnections << " reconnections of the idle ones");
  CHECK(during.count >= 10);
  CHECK(during.failures == 0);
  CHECK(during.worst.took < 1s);
  CHECK(failed_connects == 0);
  CHECK(server.app().refused_connections() == 0);

  // The idle ones were cut after the keep-alive timeout, the slow ones at the
  // read deadline with a 408 in French, none of them later than it allows.
  int slow_cut = 0;
  for (const auto& c : closed) {
    if (!c.slow) {
      CHECK(c.lived < limits.keep_alive_timeout + 2s);
      CHECK(c.answer.empty());
      continue;
    }
    ++slow_cut;
    INFO(c.answer);
    CHECK(c.lived >= limits.request_read_budget - 1s);
    CHECK(c.lived < limits.request_read_budget + 2s);
    CHECK(c.answer.starts_with("HTTP/1.1 408 "));
    CHECK(c.answer.find("\"request_timeout\"") != std::string::npos);
  }
  CHECK(slow_cut == 50);

  // Once they are gone, everything is as before.
  const Probes after = probe_health_repeatedly(server.port(), 20, 0ms, 3000ms);
  CHECK(after.count == 20);
  CHECK(after.failures == 0);
  CHECK(after.worst.took < 1s);
  CHECK(eventually([&] { return server.app().open_connections() == 0; }, 3000ms));
  CHECK(SteadyClock::now() - test_started < 30s);
}

TEST_CASE("with every thread busy and the queue full, a new connection gets 503 at once", "[slow_clients]") {
  sesame::testing::TestServerOptions options;
  options.limits = sesame::http::HttpLimits{};
  options.limits->worker_threads = 2;
  options.limits->max_waiting_connections = 1;
  TestServer server(options);

  // Two connections on the two threads, one waiting for a thread: all idle.
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) held.push_back(connect_loopback(server.port()));
  for (int fd : held) REQUIRE(fd >= 0);
  std::this_thread::sleep_for(100ms);

  const auto started = SteadyClock::now();
  const auto refused = sesame::testing::raw_http(
      server.port(), "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK(SteadyClock::now() - started < 1s);
  CHECK(refused.status == 503);
  CHECK(refused.head.find("Retry-After: 1") != std::string::npos);
  CHECK(refused.body.find("\"service_unavailable\"") != std::string::npos);
  CHECK(server.app().refused_connections() == 1);

  // The held connections go (the client leaves): the server answers again.
  for (int fd : held) ::close(fd);
  CHECK(eventually([&] { return probe_health(server.port()).status == 200; }, 5000ms));
}

TEST_CASE("a request is cut at its byte cap, whatever its pace", "[slow_clients]") {
  TestServer server;
  const sesame::http::HttpLimits limits;
  // Headers without end, sent as fast as the connection takes them: the
  // server stops reading at the cap, answers 400 and closes.
  std::string flood = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  while (flood.size() < 4 * (limits.max_header_bytes + limits.max_body_bytes))
    flood += "X-Filler: " + std::string(100, 'a') + "\r\n";
  const auto started = SteadyClock::now();
  const auto answer = sesame::testing::raw_http(server.port(), flood);
  CHECK(SteadyClock::now() - started < 3s);
  CHECK(answer.status == 400);
  CHECK(server.client().Get("/api/v1/health")->status == 200);
}

namespace {

std::string chunk_size(std::size_t size) {
  char hex[32];
  std::snprintf(hex, sizeof hex, "%zx", size);
  return hex;
}

// The status lines in everything a connection answered.
std::vector<std::string> status_lines(const sesame::testing::RawResponse& answer) {
  const std::string all = answer.head + "\r\n\r\n" + answer.body;
  std::vector<std::string> found;
  for (std::size_t at = 0; (at = all.find("HTTP/1.1 ", at)) != std::string::npos; at += 9)
    found.push_back(all.substr(at, all.find("\r\n", at) - at));
  return found;
}

}  // namespace

TEST_CASE("pipelined requests on one connection are all answered", "[slow_clients]") {
  TestServer server;
  const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const auto answer = sesame::testing::raw_http(
      server.port(),
      request + request + "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK(status_lines(answer) == std::vector<std::string>(3, "HTTP/1.1 200 OK"));
}

TEST_CASE("what a request leaves unread is never taken for the next request", "[slow_clients]") {
  TestServer server;
  // Behind nginx one connection carries many parents' requests: a body the
  // server does not read (cpp-httplib reads none for a GET), or the rest of a
  // refused request, must not become a request of its own. The connection is
  // closed after the answer instead.
  const std::string hidden = "GET /api/v1/config HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const auto get_with_body = sesame::testing::raw_http(
      server.port(), "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                         std::to_string(hidden.size()) + "\r\n\r\n" + hidden);
  CHECK(status_lines(get_with_body) == std::vector<std::string>{"HTTP/1.1 200 OK"});

  const auto malformed =
      sesame::testing::raw_http(server.port(), "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n" + hidden);
  CHECK(status_lines(malformed) == std::vector<std::string>{"HTTP/1.1 400 Bad Request"});

  const auto chunked =
      sesame::testing::raw_http(server.port(),
                                "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n" +
                                    chunk_size(hidden.size()) + "\r\n" + hidden + "\r\n0\r\n\r\n");
  CHECK(status_lines(chunked) == std::vector<std::string>{"HTTP/1.1 411 Length Required"});
}
