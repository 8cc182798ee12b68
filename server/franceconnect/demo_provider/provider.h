#pragma once
// sesame-fc-demo: an OpenID Connect provider that behaves like FranceConnect
// v2's integration platform (authorization code flow, client_secret_post,
// signed id_token and userinfo, pairwise sub, end of session), so that
// developers and tests can sign in "with FranceConnect" without reaching it.
// It is a test double: identities are picked on a page, nothing is stored on
// disk but its key, and its state is bounded in memory.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/config/clock.h"
#include "server/franceconnect/demo_provider/material.h"
#include "server/franceconnect/jose.h"

namespace sesame::franceconnect::demo {

struct ProviderConfig {
  std::string host = "127.0.0.1";
  int port = 8081;     // 0: a free port
  std::string issuer;  // empty: http://HOST:PORT/api/v2 once bound
  std::string client_id = "sesame-demo";
  std::string client_secret = "sesame-demo-secret";
  std::vector<std::string> redirect_uris = {"http://127.0.0.1:8080/api/v1/franceconnect/callback"};
  std::vector<std::string> post_logout_redirect_uris = {"http://127.0.0.1:8080/"};
  std::vector<Identity> identities;
  std::optional<SigningKey> key;                     // empty: a fresh ES256 key
  std::shared_ptr<const Clock> clock;                // empty: the system's
  std::chrono::seconds authorization_lifetime{600};  // the identity page, until a choice
  std::chrono::seconds code_lifetime{60};
  std::chrono::seconds token_lifetime{60};  // access token and id_token
  std::size_t max_entries = 10000;          // per kind of pending state
  // RFC 9207, as FranceConnect v2: discovery announces
  // authorization_response_iss_parameter_supported and every answer sent to the
  // redirect URI carries `iss`. false: neither, as a provider without it.
  bool iss_parameter = true;
};

class Provider {
 public:
  explicit Provider(ProviderConfig config);
  ~Provider();
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  // Binds the address (throws std::runtime_error when it cannot) and returns the port.
  int bind();
  // Serves until stop(); binds first if needed.
  void run();
  // bind() and run() on a thread of its own: for tests.
  void start();
  void stop();

  int port() const { return port_; }
  const std::string& issuer() const { return issuer_; }
  const SigningKey& key() const { return key_; }

  struct Authorization;
  struct CodeGrant;
  struct AccessGrant;

 private:
  void add_routes();
  std::int64_t now() const;

  // What the browser is sent to (front_channel.cpp): pages and redirects.
  // An answer for the service: its redirect URI with `params`, and `iss` when on.
  std::string to_service(const std::string& redirect_uri,
                         std::vector<std::pair<std::string, std::string>> params) const;
  void authorize(const httplib::Request& req, httplib::Response& res);
  void choose(const httplib::Request& req, httplib::Response& res);
  void end_session(const httplib::Request& req, httplib::Response& res) const;
  // What the service calls itself (back_channel.cpp): JSON and signed tokens.
  void discovery(httplib::Response& res) const;
  void jwks(httplib::Response& res) const;
  void token(const httplib::Request& req, httplib::Response& res);
  void userinfo(const httplib::Request& req, httplib::Response& res);

  ProviderConfig config_;
  SigningKey key_;
  std::string issuer_;
  std::string path_;  // the issuer's path: where the endpoints live
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;

  std::mutex mutex_;  // guards the three maps
  std::unordered_map<std::string, std::shared_ptr<Authorization>> authorizations_;
  std::unordered_map<std::string, std::shared_ptr<CodeGrant>> codes_;
  std::unordered_map<std::string, std::shared_ptr<AccessGrant>> tokens_;
};

}  // namespace sesame::franceconnect::demo
