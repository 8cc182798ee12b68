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
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/config/clock.h"
#include "server/franceconnect/jose.h"

namespace sesame::franceconnect::demo {

// A person one can sign in as, with the claims FranceConnect gives about them.
struct Identity {
  std::string id;          // stable: the pairwise sub is derived from it
  std::string given_name;  // first names as the civil registry writes them
  std::string family_name;
  std::string birthdate;  // YYYY-MM-DD
  std::string email;
  std::string gender;              // "female" or "male"
  std::string preferred_username;  // the usage name, often empty
};

class IdentitiesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A JSON list of identities; throws IdentitiesError naming what is wrong and where.
std::vector<Identity> parse_identities(std::string_view json_text);
std::vector<Identity> load_identities(const std::filesystem::path& file);
// The identities file shipped with the program: ../share/sesame/ beside it,
// or the source tree's when run from a build folder.
std::filesystem::path shipped_identities_file();

// FranceConnect's pairwise subject: hex SHA-256 of "<client id>/<identity id>".
std::string pairwise_sub(std::string_view client_id, std::string_view identity_id);

// The key in `file` (PEM), or a new one of `alg` ("ES256" or "RS256") written
// there with mode 0600. Its kid is the RFC 7638 thumbprint of its public half.
// Throws std::runtime_error when the file cannot be read, written or used.
SigningKey load_or_create_key(const std::filesystem::path& file, std::string_view alg);
SigningKey generate_key(std::string_view alg);

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

  void discovery(httplib::Response& res) const;
  void authorize(const httplib::Request& req, httplib::Response& res);
  void choose(const httplib::Request& req, httplib::Response& res);
  void token(const httplib::Request& req, httplib::Response& res);
  void userinfo(const httplib::Request& req, httplib::Response& res);
  void end_session(const httplib::Request& req, httplib::Response& res) const;

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
