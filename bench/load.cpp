// sesame-load: a small HTTP/1.1 keep-alive load generator for `make bench`.
//
// N connections, each driven by its own thread, send one request template (or
// rotate through a file of bodies) as fast as the server answers, until a
// duration or a request count is reached, then print one JSON object:
//   {"requests", "seconds", "per_s", "statuses": {"200": n}, "socket_errors",
//    "reconnects", "p50_ms", "p99_ms", "max_ms", "connections"}
//
// Why our own: wrk is not installed by `make deps`, and the bench needs
// per-request bodies and headers (distinct guardians, distinct client
// addresses) that a fixed request cannot give. It is built to cost the server
// machine little: one prepared request, one read buffer, no HTTP library.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string method = "GET";
  std::string path = "/";
  std::vector<std::string> headers;  // "Name: value"; {seq} becomes the request's number
  std::string body;
  std::string bodies_file;  // one body per line, request n sends line n % lines
  int connections = 4;
  double duration_s = 5;
  std::int64_t max_requests = 0;  // 0: no limit but the duration
  double timeout_s = 10;          // per socket operation: a stuck server cannot hang the bench
};

// What one connection saw.
struct Tally {
  std::vector<double> latencies_ms;
  std::map<int, std::int64_t> statuses;
  std::int64_t socket_errors = 0;
  std::int64_t reconnects = 0;
  Clock::time_point last_answer{};
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

bool header_uses_seq(const Options& o) {
  return std::any_of(o.headers.begin(), o.headers.end(),
                     [](const std::string& h) { return h.find("{seq}") != std::string::npos; });
}

std::string build_request(const Options& o, const std::string& body, std::int64_t seq) {
  std::string request = o.method + " " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) +
                        "\r\nConnection: keep-alive\r\n";
  for (const std::string& header : o.headers) request += replace_all(header, "{seq}", std::to_string(seq)) + "\r\n";
  if (!body.empty() || o.method != "GET") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n";
  request += body;
  return request;
}

int open_connection(const sockaddr_in& address, double timeout_s) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // else Nagle adds 40 ms a request
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout_s);
  tv.tv_usec = static_cast<suseconds_t>((timeout_s - static_cast<double>(tv.tv_sec)) * 1e6);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool iequals_prefix(const char* text, std::size_t length, const char* prefix) {
  const std::size_t n = std::strlen(prefix);
  if (length < n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

// Reads one response: status, and whether the server will close the connection.
// Bodies are framed by Content-Length only (what cpp-httplib sends for JSON).
struct Response {
  int status = 0;
  bool close = false;
};

class Reader {
 public:
  explicit Reader(int fd) : fd_(fd) {}

  bool read_response(Response& out) {
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return false;
    }
    const char* head = buffer_.data();
    // "HTTP/1.1 200 OK"
    if (header_end < 12) return false;
    out.status = std::atoi(head + 9);
    out.close = false;
    std::size_t content_length = 0;
    std::size_t line = buffer_.find("\r\n") + 2;
    while (line < header_end) {
      const std::size_t next = buffer_.find("\r\n", line);
      const char* text = head + line;
      const std::size_t length = next - line;
      if (iequals_prefix(text, length, "content-length:")) {
        content_length = std::strtoull(text + 15, nullptr, 10);
      } else if (iequals_prefix(text, length, "connection:")) {
        const std::string value(text + 11, length - 11);
        out.close = value.find("close") != std::string::npos;
      }
      line = next + 2;
    }
    const std::size_t total = header_end + 4 + content_length;
    while (buffer_.size() < total) {
      if (!fill()) return false;
    }
    buffer_.erase(0, total);
    return true;
  }

 private:
  bool fill() {
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  std::string buffer_;
};

void drive_connection(const Options& o, const sockaddr_in& address, const std::vector<std::string>& bodies,
                      std::atomic<std::int64_t>& next_seq, Clock::time_point deadline, Tally& tally) {
  const bool fixed = bodies.size() <= 1 && !header_uses_seq(o);
  const std::string fixed_request = fixed ? build_request(o, bodies.empty() ? o.body : bodies[0], 0) : "";
  int fd = -1;
  Reader reader(fd);
  bool first_connection = true;
  while (Clock::now() < deadline) {
    const std::int64_t seq = next_seq.fetch_add(1);
    if (o.max_requests > 0 && seq >= o.max_requests) break;
    if (fd < 0) {
      fd = open_connection(address, o.timeout_s);
      if (fd < 0) {
        ++tally.socket_errors;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      if (!first_connection) ++tally.reconnects;
      first_connection = false;
      reader = Reader(fd);
    }
    const std::string request =
        fixed ? fixed_request : build_request(o, bodies.empty() ? o.body : bodies[seq % bodies.size()], seq);
    const Clock::time_point start = Clock::now();
    Response response;
    if (!send_all(fd, request) || !reader.read_response(response)) {
      ++tally.socket_errors;
      ::close(fd);
      fd = -1;
      continue;
    }
    const Clock::time_point end = Clock::now();
    tally.latencies_ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    ++tally.statuses[response.status];
    tally.last_answer = end;
    if (response.close) {  // e.g. cpp-httplib's keep-alive request cap
      ::close(fd);
      fd = -1;
    }
  }
  if (fd >= 0) ::close(fd);
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t index =
      std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App cli("HTTP/1.1 keep-alive load generator; prints one JSON object", "sesame-load");
  cli.add_option("--host", o.host, "IPv4 address of the server")->capture_default_str();
  cli.add_option("--port", o.port, "Port of the server")->required();
  cli.add_option("--method", o.method, "HTTP method")->capture_default_str();
  cli.add_option("--path", o.path, "Request target")->capture_default_str();
  cli.add_option("-H,--header", o.headers, "Header \"Name: value\" (repeat); {seq} becomes the request's number");
  cli.add_option("--body", o.body, "Request body");
  cli.add_option("--bodies", o.bodies_file, "File of bodies, one a line; request n sends line n modulo their count")
      ->check(CLI::ExistingFile);
  cli.add_option("-c,--connections", o.connections, "Connections, one thread each")->capture_default_str();
  cli.add_option("-d,--duration", o.duration_s, "Seconds to run at most")->capture_default_str();
  cli.add_option("-n,--requests", o.max_requests, "Requests to send at most (0: until the duration)")
      ->capture_default_str();
  cli.add_option("--timeout", o.timeout_s, "Seconds a socket operation may take")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);
  if (o.connections < 1 || o.duration_s <= 0) {
    std::fprintf(stderr, "--connections and --duration must be positive\n");
    return 2;
  }

  std::vector<std::string> bodies;
  if (!o.bodies_file.empty()) {
    std::ifstream in(o.bodies_file);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) bodies.push_back(line);
    if (bodies.empty()) {
      std::fprintf(stderr, "%s: no body\n", o.bodies_file.c_str());
      return 2;
    }
  }

  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(o.port));
  if (::inet_pton(AF_INET, o.host.c_str(), &address.sin_addr) != 1) {
    std::fprintf(stderr, "--host: an IPv4 address is expected\n");
    return 2;
  }

  std::atomic<std::int64_t> next_seq{0};
  std::vector<Tally> tallies(static_cast<std::size_t>(o.connections));
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration_s));
  {
    std::vector<std::jthread> threads;
    for (Tally& tally : tallies)
      threads.emplace_back([&, t = &tally] { drive_connection(o, address, bodies, next_seq, deadline, *t); });
  }

  std::vector<double> latencies;
  std::map<int, std::int64_t> statuses;
  std::int64_t socket_errors = 0, reconnects = 0;
  Clock::time_point last = start;
  for (const Tally& tally : tallies) {
    latencies.insert(latencies.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
    for (const auto& [status, count] : tally.statuses) statuses[status] += count;
    socket_errors += tally.socket_errors;
    reconnects += tally.reconnects;
    last = std::max(last, tally.last_answer);
  }
  std::sort(latencies.begin(), latencies.end());
  // From the first request to the last answer: a thread that stopped at the
  // deadline does not stretch the time with a request it did not send.
  const double seconds = std::max(1e-9, std::chrono::duration<double>(last - start).count());
  const auto requests = static_cast<std::int64_t>(latencies.size());

  std::string status_json;
  for (const auto& [status, count] : statuses)
    status_json += (status_json.empty() ? "\"" : ", \"") + std::to_string(status) + "\": " + std::to_string(count);
  std::printf(
      "{\"requests\": %lld, \"seconds\": %.4f, \"per_s\": %.2f, \"statuses\": {%s}, \"socket_errors\": %lld, "
      "\"reconnects\": %lld, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"connections\": %d}\n",
      static_cast<long long>(requests), seconds, static_cast<double>(requests) / seconds, status_json.c_str(),
      static_cast<long long>(socket_errors), static_cast<long long>(reconnects), percentile(latencies, 0.50),
      percentile(latencies, 0.99), latencies.empty() ? 0.0 : latencies.back(), o.connections);
  return 0;
}
