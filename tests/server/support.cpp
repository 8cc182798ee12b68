#include "support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace sesame::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sesame-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

CommandResult run_command(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed: " + command);
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

void write_file(const std::filesystem::path& file, std::string_view content) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

TestServer::TestServer(TestServerOptions options) : web_root_(dir_ / "web") {
  std::filesystem::create_directories(web_root_);
  database_ = std::make_unique<store::Database>(dir_ / "sesame.db");
  AppConfig config;
  config.listen = {"127.0.0.1", 0};
  config.web_root = web_root_;
  config.dev = options.dev;
  config.public_origin = options.public_origin;
  if (options.clock) config.clock = options.clock;
  config.sms_gateway = options.sms_gateway;
  config.email_gateway = options.email_gateway;
  if (options.ent_services) config.ent_services = options.ent_services;
  config.public_settings.sign_in_urls = options.sign_in_urls;
  config.extra_routes = options.extra_routes;
  if (options.security) config.security = *options.security;
  config.franceconnect = options.franceconnect;
  if (options.limits) config.limits = *options.limits;
  app_ = std::make_unique<App>(config, *database_);
  app_->bind();
  thread_ = std::thread([this] { app_->run(); });
}

TestServer::~TestServer() {
  app_->stop();
  thread_.join();
}

httplib::Client TestServer::client_without_origin() const {
  httplib::Client client("127.0.0.1", port());
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(10));
  return client;
}

httplib::Client TestServer::client() const {
  httplib::Client client = client_without_origin();
  client.set_default_headers({{"Origin", origin()}});
  return client;
}

namespace {

RawResponse parse_response(const std::string& answer) {
  RawResponse response;
  const auto head_end = answer.find("\r\n\r\n");
  response.head = answer.substr(0, head_end);
  if (head_end != std::string::npos) response.body = answer.substr(head_end + 4);
  if (answer.starts_with("HTTP/1.1 ")) response.status = std::atoi(answer.c_str() + 9);
  return response;
}

// True once `answer` holds a head and the body its Content-Length announces.
bool is_complete(const std::string& answer) {
  const auto head_end = answer.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  const auto length = answer.find("Content-Length: ");
  const std::size_t body = length < head_end ? std::stoul(answer.substr(length + 16)) : 0;
  return answer.size() >= head_end + 4 + body;
}

RawResponse exchange(int port, std::string_view request, bool first_answer_only) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    throw std::runtime_error("cannot connect");
  }
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse before reading everything
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  while (!(first_answer_only && is_complete(answer))) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return parse_response(answer);
}

}  // namespace

RawResponse raw_http(int port, std::string_view request) { return exchange(port, request, false); }

RawResponse raw_http_first_answer(int port, std::string_view request) {
  return exchange(port, request, true);
}

}  // namespace sesame::testing
