#include "server/franceconnect/demo_provider/provider.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace sesame::franceconnect::demo {

using nlohmann::json;

struct Provider::Authorization {
  std::string redirect_uri;
  std::string state;
  std::string nonce;
  std::vector<std::string> scopes;
  std::int64_t expires = 0;
};

struct Provider::CodeGrant {
  std::string redirect_uri;
  std::string nonce;
  std::vector<std::string> scopes;
  std::size_t identity = 0;
  std::int64_t expires = 0;
  bool used = false;
  std::string access_token;  // issued with it: revoked if the code comes back
};

struct Provider::AccessGrant {
  std::vector<std::string> scopes;
  std::size_t identity = 0;
  std::int64_t expires = 0;
};

namespace {

constexpr std::size_t kMaxStateLength = 512;  // bounds what one request may make us keep
constexpr std::size_t kMinStateLength = 32;   // FranceConnect asks for at least 32 characters
constexpr const char* kAcr = "eidas1";

// What each scope lets the service read, in the order the page lists it.
struct ScopeClaim {
  const char* scope;
  const char* label;  // French, for the consent line
  std::string Identity::*field;
};
const std::array<ScopeClaim, 6> kScopeClaims = {{
    {"given_name", "prénoms", &Identity::given_name},
    {"family_name", "nom de naissance", &Identity::family_name},
    {"birthdate", "date de naissance", &Identity::birthdate},
    {"gender", "sexe", &Identity::gender},
    {"email", "adresse électronique", &Identity::email},
    {"preferred_username", "nom d’usage", &Identity::preferred_username},
}};

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("no randomness available");
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string sha256(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

bool same_secret(std::string_view a, std::string_view b) {
  // The length is not secret; the content is compared in constant time.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

std::string with_query(const std::string& uri,
                       const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out = uri;
  char separator = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    out += separator;
    out += name + "=" + url_encode(value);
    separator = '&';
  }
  return out;
}

std::string regex_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::strchr(".[]{}()\\*+?^$|", c) != nullptr) out += '\\';
    out += c;
  }
  return out;
}

std::vector<std::string> split_scopes(std::string_view text) {
  std::vector<std::string> scopes;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) {
      std::string scope(text.substr(at, end - at));
      if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(std::move(scope));
    }
    at = end + 1;
  }
  return scopes;
}

bool has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string join(const std::vector<std::string>& list, std::string_view separator) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

// "1984-05-12" → "12 mai 1984"
std::string french_date(std::string_view iso) {
  static constexpr std::array<const char*, 12> kMonths = {"janvier",   "février", "mars",     "avril",
                                                          "mai",       "juin",    "juillet",  "août",
                                                          "septembre", "octobre", "novembre", "décembre"};
  const int month = std::stoi(std::string(iso.substr(5, 2)));
  const int day = std::stoi(std::string(iso.substr(8, 2)));
  return (day == 1 ? std::string("1er") : std::to_string(day)) + " " + kMonths[month - 1] + " " +
         std::string(iso.substr(0, 4));
}

constexpr const char* kStyle = R"css(
*{box-sizing:border-box}
body{margin:0;font-family:Marianne,Arial,"DejaVu Sans",sans-serif;background:#F6F6F6;color:#161616;line-height:1.5}
header{background:#fff;border-bottom:1px solid #DDDDDD}
.bar{max-width:44rem;margin:0 auto;padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem}
.logo{font-weight:700;color:#000091;font-size:1.25rem}
.tag{background:#E1000F;color:#fff;font-size:.75rem;font-weight:700;text-transform:uppercase;padding:.125rem .5rem;border-radius:.25rem}
main{max-width:44rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.75rem;margin:0 0 .75rem}
.lead{margin:0 0 .5rem}
.scopes{margin:0 0 1.5rem;color:#3A3A3A;font-size:.95rem}
ul{list-style:none;margin:0;padding:0;display:grid;gap:1rem}
.card{background:#fff;border:1px solid #DDDDDD;border-radius:.25rem;padding:1rem 1.25rem;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:1rem}
.name{font-weight:700;font-size:1.125rem;margin:0}
.meta{margin:0;color:#3A3A3A;font-size:.95rem}
button{min-height:44px;padding:.5rem 1.25rem;font:inherit;font-weight:500;border-radius:.25rem;cursor:pointer;border:1px solid #000091}
.primary{background:#000091;color:#fff}
.primary:hover{background:#1212FF}
.secondary{background:#fff;color:#000091}
.secondary:hover{background:#F5F5FE}
.refuse{margin-top:1.5rem;display:flex;justify-content:flex-end}
.error{background:#fff;border:1px solid #DDDDDD;border-left:.25rem solid #CE0500;padding:1rem 1.25rem}
.error h1{color:#CE0500;font-size:1.5rem}
.note{margin-top:2rem;color:#666;font-size:.875rem}
)css";

std::string page(std::string_view title, std::string_view body) {
  std::string html =
      "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  html += html_escape(title);
  html += " – FranceConnect (démonstration)</title>\n<style>";
  html += kStyle;
  html +=
      "</style>\n</head>\n<body>\n<header><div class=\"bar\"><span class=\"logo\">FranceConnect</span>"
      "<span class=\"tag\">Démonstration</span></div></header>\n<main>\n";
  html += body;
  html +=
      "<p class=\"note\">Fournisseur d’identité de démonstration de Sésame : aucune donnée réelle, "
      "ne l’utilisez jamais en production.</p>\n</main>\n</body>\n</html>\n";
  return html;
}

void send_html(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  // Inline styles only: nothing else may load, and no one may frame the page.
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_content(html, "text/html; charset=utf-8");
}

// The page for a request we must not redirect: its return address is not trusted.
void send_error_page(httplib::Response& res, std::string_view what) {
  std::string body = "<div class=\"error\">\n<h1>Connexion impossible</h1>\n<p>";
  body += html_escape(what);
  body += "</p>\n<p>Retournez sur le service que vous utilisiez et recommencez.</p>\n</div>\n";
  send_html(res, 400, page("Connexion impossible", body));
}

void redirect(httplib::Response& res, const std::string& location) {
  res.status = 302;
  res.set_header("Location", location);
  res.set_header("Cache-Control", "no-store");
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("Pragma", "no-cache");
  res.set_content(body.dump(), "application/json");
}

void oauth_error(httplib::Response& res, int status, const char* error, std::string_view description) {
  send_json(res, status, {{"error", error}, {"error_description", description}});
}

// Keeps a map of pending state under `cap` entries: expired ones go first,
// then the ones closest to expiring. A flood cannot make it grow further.
template <typename Map>
void make_room(Map& map, std::int64_t now, std::size_t cap) {
  if (map.size() < cap) return;
  std::erase_if(map, [now](const auto& entry) { return entry.second->expires <= now; });
  while (!map.empty() && map.size() >= cap) {
    const auto soonest = std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
      return a.second->expires < b.second->expires;
    });
    map.erase(soonest);
  }
}

bool is_date(std::string_view text) {
  static const std::regex kDate(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
  return std::regex_match(text.begin(), text.end(), kDate);
}

std::string thumbprint(const json& jwk) {
  // RFC 7638: the required members only, sorted, without spaces: what dump() writes.
  json members;
  for (const char* name : {"crv", "e", "kty", "n", "x", "y"})
    if (jwk.contains(name)) members[name] = jwk[name];
  return base64url_encode(sha256(members.dump()));
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

std::vector<Identity> parse_identities(std::string_view json_text) {
  const json root = json::parse(json_text, nullptr, false);
  if (!root.is_array() || root.empty()) throw IdentitiesError("expected a non-empty JSON list of identities");
  std::vector<Identity> identities;
  for (std::size_t i = 0; i < root.size(); ++i) {
    const json& item = root[i];
    const std::string where = "identity " + std::to_string(i + 1);
    if (!item.is_object()) throw IdentitiesError(where + ": expected an object");
    const auto text = [&](const char* name, bool required) {
      if (!item.contains(name)) {
        if (required) throw IdentitiesError(where + ": \"" + name + "\" is missing");
        return std::string();
      }
      if (!item[name].is_string()) throw IdentitiesError(where + ": \"" + name + "\" must be a string");
      std::string value = item[name].get<std::string>();
      if (required && value.empty()) throw IdentitiesError(where + ": \"" + name + "\" is empty");
      return value;
    };
    Identity identity{text("id", true),
                      text("given_name", true),
                      text("family_name", true),
                      text("birthdate", true),
                      text("email", false),
                      text("gender", true),
                      text("preferred_username", false)};
    if (!is_date(identity.birthdate)) throw IdentitiesError(where + ": \"birthdate\" must be YYYY-MM-DD");
    if (identity.gender != "female" && identity.gender != "male")
      throw IdentitiesError(where + ": \"gender\" must be \"female\" or \"male\"");
    for (const Identity& other : identities)
      if (other.id == identity.id)
        throw IdentitiesError(where + ": the id \"" + identity.id + "\" is used twice");
    identities.push_back(std::move(identity));
  }
  return identities;
}

std::vector<Identity> load_identities(const std::filesystem::path& file) {
  std::string text;
  try {
    text = read_file(file);
  } catch (const std::runtime_error& error) {
    throw IdentitiesError(error.what());
  }
  try {
    return parse_identities(text);
  } catch (const IdentitiesError& error) {
    throw IdentitiesError(file.string() + ": " + error.what());
  }
}

std::filesystem::path shipped_identities_file() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto beside = self.parent_path() / ".." / "share" / "sesame" / "fc-demo-identities.json";
    if (std::filesystem::exists(beside, error)) return beside.lexically_normal();
  }
  return SESAME_FC_DEMO_IDENTITIES;
}

std::string pairwise_sub(std::string_view client_id, std::string_view identity_id) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string digest = sha256(std::string(client_id) + "/" + std::string(identity_id));
  std::string hex;
  for (const char c : digest) {
    hex += kHex[static_cast<unsigned char>(c) >> 4];
    hex += kHex[static_cast<unsigned char>(c) & 15];
  }
  return hex;
}

SigningKey generate_key(std::string_view alg) {
  if (alg != "ES256" && alg != "RS256") throw std::runtime_error("the algorithm must be ES256 or RS256");
  const SigningKey made = alg == "ES256" ? SigningKey::generate_es256("") : SigningKey::generate_rs256("");
  // The kid names the key itself, so that a key kept in a file keeps its kid.
  auto key = SigningKey::from_pem(made.to_pem(), thumbprint(made.public_jwk()));
  if (!key) throw std::runtime_error("cannot reload a generated key");
  return *key;
}

SigningKey load_or_create_key(const std::filesystem::path& file, std::string_view alg) {
  std::error_code error;
  if (std::filesystem::exists(file, error)) {
    const std::string pem = read_file(file);
    const auto unnamed = SigningKey::from_pem(pem, "");
    if (!unnamed)
      throw std::runtime_error(file.string() +
                               ": not an unencrypted P-256 or RSA (2048 bits or more) PEM private key");
    if (unnamed->alg() != alg)
      throw std::runtime_error(file.string() + " holds an " + unnamed->alg() + " key: give --alg " +
                               unnamed->alg() + " or another --key file");
    return *SigningKey::from_pem(pem, thumbprint(unnamed->public_jwk()));
  }
  SigningKey key = generate_key(alg);
  const std::string pem = key.to_pem();
  // Created private from the start: never readable by others, even for an instant.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string() + ": " + std::strerror(errno));
  const ssize_t written = ::write(fd, pem.data(), pem.size());
  const bool closed = ::close(fd) == 0;
  if (written != static_cast<ssize_t>(pem.size()) || !closed) {
    std::filesystem::remove(file, error);
    throw std::runtime_error("cannot write " + file.string());
  }
  return key;
}

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
  server_.Get(base + "/jwks", [this](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=60");
    res.set_content(json{{"keys", json::array({key_.public_jwk()})}}.dump(), "application/json");
  });
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

void Provider::discovery(httplib::Response& res) const {
  json scopes = json::array({"openid"});
  json claims = json::array({"sub", "iss", "aud", "exp", "iat", "nonce", "acr", "amr"});
  for (const ScopeClaim& claim : kScopeClaims) {
    scopes.push_back(claim.scope);
    claims.push_back(claim.scope);
  }
  const json document = {
      {"issuer", issuer_},
      {"authorization_endpoint", issuer_ + "/authorize"},
      {"token_endpoint", issuer_ + "/token"},
      {"userinfo_endpoint", issuer_ + "/userinfo"},
      {"end_session_endpoint", issuer_ + "/session/end"},
      {"jwks_uri", issuer_ + "/jwks"},
      {"scopes_supported", scopes},
      {"response_types_supported", {"code"}},
      {"grant_types_supported", {"authorization_code"}},
      {"subject_types_supported", {"pairwise"}},
      {"id_token_signing_alg_values_supported", {key_.alg()}},
      {"userinfo_signing_alg_values_supported", {key_.alg()}},
      {"acr_values_supported", {kAcr}},
      {"token_endpoint_auth_methods_supported", {"client_secret_post"}},
      {"claims_supported", claims},
  };
  res.set_header("Cache-Control", "public, max-age=60");
  res.set_content(document.dump(), "application/json");
}

void Provider::authorize(const httplib::Request& req, httplib::Response& res) {
  const auto param = [&](const char* name) { return req.get_param_value(name); };
  const std::string client_id = param("client_id");
  const std::string redirect_uri = param("redirect_uri");
  // Until the client and its return address are known good, nothing is sent back to it.
  if (client_id != config_.client_id) {
    send_error_page(res, "Le service « " + client_id + " » n’est pas connu de FranceConnect.");
    return;
  }
  if (!has(config_.redirect_uris, redirect_uri)) {
    send_error_page(
        res, "L’adresse de retour « " + redirect_uri +
                 " » n’est pas enregistrée pour ce service : par sécurité, nous ne vous y renvoyons pas.");
    return;
  }
  if (param("response_type") != "code") {
    send_error_page(
        res, "Ce service demande un type de réponse que FranceConnect ne propose pas (seul « code » l’est).");
    return;
  }
  const std::string state = param("state");
  const std::string nonce = param("nonce");
  const std::vector<std::string> scopes = split_scopes(param("scope"));
  const auto refuse = [&](std::string_view description) {
    std::vector<std::pair<std::string, std::string>> params = {
        {"error", "invalid_request"}, {"error_description", std::string(description)}};
    if (!state.empty() && state.size() <= kMaxStateLength) params.emplace_back("state", state);
    redirect(res, with_query(redirect_uri, params));
  };
  if (!has(scopes, "openid")) return refuse("Le scope « openid » est obligatoire.");
  if (state.size() < kMinStateLength || state.size() > kMaxStateLength)
    return refuse("Le paramètre « state » doit compter de 32 à 512 caractères.");
  if (nonce.size() < kMinStateLength || nonce.size() > kMaxStateLength)
    return refuse("Le paramètre « nonce » doit compter de 32 à 512 caractères.");
  if (!has(split_scopes(param("acr_values")), kAcr))
    return refuse("Le paramètre « acr_values » doit valoir « eidas1 ».");
  if (scopes.size() > 32) return refuse("Trop de scopes demandés.");

  auto pending = std::make_shared<Authorization>();
  pending->redirect_uri = redirect_uri;
  pending->state = state;
  pending->nonce = nonce;
  pending->scopes = scopes;
  pending->expires = now() + config_.authorization_lifetime.count();
  const std::string id = random_token();
  {
    const std::lock_guard lock(mutex_);
    make_room(authorizations_, now(), config_.max_entries);
    authorizations_[id] = pending;
  }

  std::vector<std::string> asked;
  for (const ScopeClaim& claim : kScopeClaims)
    if (has(scopes, claim.scope)) asked.push_back(claim.label);
  const std::string action = html_escape(path_ + "/authorize/choose");
  const std::string hidden =
      "<input type=\"hidden\" name=\"authorization\" value=\"" + html_escape(id) + "\">";

  std::string body =
      "<h1>Choisissez une identité de test</h1>\n<p class=\"lead\">Le service <strong>" +
      html_escape(client_id) +
      "</strong> vous demande de vous connecter avec FranceConnect. Sur cette plateforme de "
      "démonstration, choisissez la personne fictive au nom de laquelle vous vous connectez.</p>\n";
  body += "<p class=\"scopes\">Informations transmises au service : " +
          html_escape(asked.empty() ? std::string("aucune, hormis un identifiant technique")
                                    : join(asked, ", ")) +
          ".</p>\n<ul>\n";
  for (const Identity& identity : config_.identities) {
    const std::string name = identity.given_name + " " + identity.family_name;
    const std::string born =
        (identity.gender == "female" ? "Née le " : "Né le ") + french_date(identity.birthdate);
    body += "<li class=\"card\"><div><p class=\"name\">" + html_escape(name) + "</p><p class=\"meta\">" +
            html_escape(born) + "</p>";
    if (!identity.email.empty()) body += "<p class=\"meta\">" + html_escape(identity.email) + "</p>";
    body += "</div>\n<form method=\"post\" action=\"" + action + "\">" + hidden +
            "<input type=\"hidden\" name=\"identity\" value=\"" + html_escape(identity.id) +
            "\"><button type=\"submit\" class=\"primary\" aria-label=\"Choisir " + html_escape(name) +
            "\">Choisir cette identité</button></form></li>\n";
  }
  body +=
      "</ul>\n<form class=\"refuse\" method=\"post\" action=\"" + action + "\">" + hidden +
      "<input type=\"hidden\" name=\"decision\" value=\"refuse\"><button type=\"submit\" class=\"secondary\">"
      "Refuser</button></form>\n";
  send_html(res, 200, page("Choisissez une identité de test", body));
}

void Provider::choose(const httplib::Request& req, httplib::Response& res) {
  std::shared_ptr<Authorization> pending;
  {
    // Taken out at once: one choice per authorization, even if the form is sent twice.
    const std::lock_guard lock(mutex_);
    const auto it = authorizations_.find(req.get_param_value("authorization"));
    if (it != authorizations_.end()) {
      pending = it->second;
      authorizations_.erase(it);
    }
  }
  if (!pending || pending->expires <= now()) {
    send_error_page(res, "Cette demande de connexion a expiré ou a déjà servi.");
    return;
  }
  if (req.get_param_value("decision") == "refuse") {
    redirect(res, with_query(pending->redirect_uri, {{"error", "access_denied"},
                                                     {"error_description", "L’usager a refusé la connexion."},
                                                     {"state", pending->state}}));
    return;
  }
  const std::string chosen = req.get_param_value("identity");
  const auto identity = std::find_if(config_.identities.begin(), config_.identities.end(),
                                     [&](const Identity& i) { return i.id == chosen; });
  if (identity == config_.identities.end()) {
    send_error_page(res, "Cette identité de test n’existe pas.");
    return;
  }
  auto grant = std::make_shared<CodeGrant>();
  grant->redirect_uri = pending->redirect_uri;
  grant->nonce = pending->nonce;
  grant->scopes = pending->scopes;
  grant->identity = static_cast<std::size_t>(identity - config_.identities.begin());
  grant->expires = now() + config_.code_lifetime.count();
  const std::string code = random_token();
  {
    const std::lock_guard lock(mutex_);
    make_room(codes_, now(), config_.max_entries);
    codes_[code] = grant;
  }
  spdlog::info("fc-demo: identity {} chosen for {}", identity->id, config_.client_id);
  redirect(res, with_query(pending->redirect_uri, {{"code", code}, {"state", pending->state}}));
}

void Provider::token(const httplib::Request& req, httplib::Response& res) {
  const auto param = [&](const char* name) { return req.get_param_value(name); };
  if (param("grant_type") != "authorization_code")
    return oauth_error(res, 400, "unsupported_grant_type", "Seul grant_type=authorization_code est accepté.");
  if (param("client_id") != config_.client_id || !same_secret(param("client_secret"), config_.client_secret))
    return oauth_error(res, 401, "invalid_client", "Identifiant ou secret du service incorrect.");

  const std::int64_t issued_at = now();
  std::shared_ptr<CodeGrant> grant;
  std::string access_token;
  {
    const std::lock_guard lock(mutex_);
    const auto it = codes_.find(param("code"));
    if (it == codes_.end() || it->second->expires <= issued_at)
      return oauth_error(res, 400, "invalid_grant", "Code d’autorisation inconnu ou expiré.");
    grant = it->second;
    if (grant->used) {
      // RFC 6749 §4.1.2: a code seen twice may be stolen; what it gave is withdrawn.
      tokens_.erase(grant->access_token);
      return oauth_error(res, 400, "invalid_grant", "Code d’autorisation déjà utilisé.");
    }
    if (param("redirect_uri") != grant->redirect_uri)
      return oauth_error(res, 400, "invalid_grant", "redirect_uri différente de celle de la demande.");
    access_token = random_token();
    grant->used = true;
    grant->access_token = access_token;
    auto access = std::make_shared<AccessGrant>();
    access->scopes = grant->scopes;
    access->identity = grant->identity;
    access->expires = issued_at + config_.token_lifetime.count();
    make_room(tokens_, issued_at, config_.max_entries);
    tokens_[access_token] = access;
  }
  const Identity& identity = config_.identities[grant->identity];
  const json id_token = {
      {"iss", issuer_},
      {"sub", pairwise_sub(config_.client_id, identity.id)},
      {"aud", config_.client_id},
      {"exp", issued_at + config_.token_lifetime.count()},
      {"iat", issued_at},
      {"nonce", grant->nonce},
      {"acr", kAcr},
      {"amr", {"pwd"}},
  };
  send_json(res, 200,
            {{"access_token", access_token},
             {"token_type", "Bearer"},
             {"expires_in", config_.token_lifetime.count()},
             {"id_token", key_.sign(id_token)},
             {"scope", join(grant->scopes, " ")}});
}

void Provider::userinfo(const httplib::Request& req, httplib::Response& res) {
  const std::string authorization = req.get_header_value("Authorization");
  const std::string token = authorization.starts_with("Bearer ") ? authorization.substr(7) : std::string();
  std::shared_ptr<AccessGrant> access;
  const std::int64_t at = now();
  if (!token.empty()) {
    const std::lock_guard lock(mutex_);
    const auto it = tokens_.find(token);
    if (it != tokens_.end() && it->second->expires > at) access = it->second;
  }
  if (!access) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return oauth_error(res, 401, "invalid_token", "Jeton d’accès absent, inconnu ou expiré.");
  }
  const Identity& identity = config_.identities[access->identity];
  json claims = {{"iss", issuer_},
                 {"aud", config_.client_id},
                 {"sub", pairwise_sub(config_.client_id, identity.id)},
                 {"iat", at}};
  for (const ScopeClaim& claim : kScopeClaims) {
    const std::string& value = identity.*claim.field;
    if (has(access->scopes, claim.scope) && !value.empty()) claims[claim.scope] = value;
  }
  res.set_header("Cache-Control", "no-store");
  res.set_content(key_.sign(claims), "application/jwt");
}

void Provider::end_session(const httplib::Request& req, httplib::Response& res) const {
  const std::string uri = req.get_param_value("post_logout_redirect_uri");
  const std::string state = req.get_param_value("state");
  const auto jws = parse_jws(req.get_param_value("id_token_hint"));
  const auto keys = parse_jwks(json{{"keys", json::array({key_.public_jwk()})}});
  // An expired hint is fine (the session may have lasted); a foreign one is not.
  const bool ours = jws && verify_jws(*jws, keys) == JwsCheck::Valid &&
                    jws->payload.value("iss", json()) == issuer_ &&
                    jws->payload.value("aud", json()) == config_.client_id;
  if (!ours) {
    send_error_page(
        res, "La demande de déconnexion ne porte pas de jeton d’identité valide émis par ce fournisseur.");
    return;
  }
  if (!has(config_.post_logout_redirect_uris, uri)) {
    send_error_page(
        res, "L’adresse de retour après déconnexion « " + uri +
                 " » n’est pas enregistrée pour ce service : par sécurité, nous ne vous y renvoyons pas.");
    return;
  }
  if (state.empty() || state.size() > kMaxStateLength) {
    send_error_page(res, "La demande de déconnexion doit porter un paramètre « state ».");
    return;
  }
  redirect(res, with_query(uri, {{"state", state}}));
}

}  // namespace sesame::franceconnect::demo
