#include "server/flows/session/session_store.h"

#include "server/flows/session/queries.h"
#include "server/http/errors.h"
#include "server/security/secrets.h"

namespace sesame::session {

namespace {

std::string cookie_attributes(const Services& services) {
  std::string attributes = "; HttpOnly; SameSite=Strict; Path=/";
  // Secure whenever browsers reach us over TLS (possibly through a proxy).
  if (services.public_origin.starts_with("https://")) attributes += "; Secure";
  return attributes;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// Tokens are random_token(): base64url. Anything else is not worth a hash.
bool is_token_shape(std::string_view token) {
  if (token.empty() || token.size() > 64) return false;
  for (char c : token)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

}  // namespace

std::string open_session(store::Connection& connection, const Services& services, std::int64_t account_id,
                         std::int64_t now) {
  const std::string token = security::random_token();
  insert_session(connection, services.keyed_hasher.hash(token), account_id, now);
  return token;
}

void set_session_cookie(httplib::Response& res, const Services& services, std::string_view token) {
  res.set_header("Set-Cookie",
                 std::string(kCookieName) + "=" + std::string(token) + cookie_attributes(services));
}

void clear_session_cookie(httplib::Response& res, const Services& services) {
  res.set_header("Set-Cookie", std::string(kCookieName) + "=" + cookie_attributes(services) + "; Max-Age=0");
}

std::optional<std::string> session_token(const httplib::Request& req) {
  const std::size_t headers = req.get_header_value_count("Cookie");
  for (std::size_t i = 0; i < headers; ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    std::string_view rest = header;
    while (!rest.empty()) {
      const auto end = rest.find(';');
      const std::string_view pair = trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos || trim(pair.substr(0, equals)) != kCookieName) continue;
      const std::string_view value = trim(pair.substr(equals + 1));
      if (is_token_shape(value)) return std::string(value);
    }
  }
  return std::nullopt;
}

std::optional<CurrentSession> current_session(const Services& services, const httplib::Request& req) {
  const std::optional<std::string> token = session_token(req);
  if (!token) return std::nullopt;
  const std::string token_hash = services.keyed_hasher.hash(*token);
  const std::int64_t now = services.clock.unix_seconds();
  const SessionConfig& config = services.security.session;

  auto connection = services.database.connection();
  store::Transaction transaction(*connection);
  const std::optional<SessionRow> row = find_session(*connection, token_hash);
  if (!row) return std::nullopt;
  const bool idle = now >= row->last_seen_at + config.idle_timeout.count();
  const bool too_old = now >= row->created_at + config.absolute_timeout.count();
  if (idle || too_old || row->account_closed) {
    delete_session(*connection, token_hash);
    transaction.commit();
    return std::nullopt;
  }
  touch_session(*connection, token_hash, now);
  transaction.commit();
  return CurrentSession{row->account_id, token_hash};
}

std::optional<CurrentSession> require_session(const Services& services, const httplib::Request& req,
                                              httplib::Response& res) {
  std::optional<CurrentSession> session = current_session(services, req);
  if (!session) http::send_error(res, 401, "not_authenticated");
  return session;
}

void close_session(const Services& services, const httplib::Request& req) {
  const std::optional<std::string> token = session_token(req);
  if (!token) return;
  auto connection = services.database.connection();
  store::Transaction transaction(*connection);
  delete_session(*connection, services.keyed_hasher.hash(*token));
  transaction.commit();
}

}  // namespace sesame::session
