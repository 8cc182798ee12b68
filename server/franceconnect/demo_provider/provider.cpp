#include "server/franceconnect/demo_provider/provider.h"

#include <stdexcept>

#include "server/franceconnect/demo_provider/web.h"

namespace sesame::franceconnect::demo {

Provider::Provider(ProviderConfig config)
    : config_(std::move(config)), key_(config_.key ? *config_.key : generate_key("ES256")) {
  if (config_.identities.empty()) throw std::invalid_argument("the provider needs at least one identity");
  server_.set_tcp_nodelay(true);
  server_.set_read_timeout(5, 0);
  server_.set_write_timeout(5, 0);
  server_.set_keep_alive_timeout(2);
  server_.set_payload_max_length(64 * 1024);
}

Provider::~Provider() { stop(); }

std::int64_t Provider::now() const {
  if (config_.clock) return config_.clock->unix_seconds();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int Provider::bind() {
  if (port_ >= 0) return port_;
  port_ = config_.port == 0 ? server_.bind_to_any_port(config_.host)
                            : (server_.bind_to_port(config_.host, config_.port) ? config_.port : -1);
  if (port_ < 0)
    throw std::runtime_error("cannot listen on " + config_.host + ":" + std::to_string(config_.port));
  if (config_.issuer.empty()) {
    const bool ipv6 = config_.host.find(':') != std::string::npos;
    issuer_ = "http://" + (ipv6 ? "[" + config_.host + "]" : config_.host) + ":" + std::to_string(port_) +
              "/api/v2";
  } else {
    issuer_ = config_.issuer;
    while (issuer_.ends_with('/')) issuer_.pop_back();
  }
  const std::size_t scheme = issuer_.find("://");
  const std::size_t slash = scheme == std::string::npos ? std::string::npos : issuer_.find('/', scheme + 3);
  path_ = slash == std::string::npos ? "" : issuer_.substr(slash);
  add_routes();
  return port_;
}

void Provider::run() {
  bind();
  server_.listen_after_bind();
}

void Provider::start() {
  bind();
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // A stop() before the accept loop starts would be ignored by cpp-httplib.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("the demonstration provider did not start serving");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void Provider::stop() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void Provider::add_routes() {
  const std::string base = regex_escape(path_);
  server_.Get(base + "/\\.well-known/openid-configuration",
              [this](const httplib::Request&, httplib::Response& res) { discovery(res); });
  server_.Get(base + "/jwks", [this](const httplib::Request&, httplib::Response& res) { jwks(res); });
  server_.Get(base + "/authorize",
              [this](const httplib::Request& req, httplib::Response& res) { authorize(req, res); });
  server_.Post(base + "/authorize/choose",
               [this](const httplib::Request& req, httplib::Response& res) { choose(req, res); });
  server_.Post(base + "/token",
               [this](const httplib::Request& req, httplib::Response& res) { token(req, res); });
  server_.Get(base + "/userinfo",
              [this](const httplib::Request& req, httplib::Response& res) { userinfo(req, res); });
  server_.Get(base + "/session/end",
              [this](const httplib::Request& req, httplib::Response& res) { end_session(req, res); });
}

}  // namespace sesame::franceconnect::demo
