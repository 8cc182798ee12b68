#include "server/sessions/sessions.h"

#include <spdlog/spdlog.h>

#include "server/http/cookies.h"
#include "server/http/errors.h"
#include "server/security/secrets.h"
#include "server/sessions/queries.h"

namespace sesame::sessions {

std::string open_session(store::Connection& connection, const Services& services, std::int64_t account_id,
                         std::int64_t now, const std::optional<std::string>& id_token) {
  const std::string token = security::random_token();
  insert_session(connection, services.keyed_hasher.hash(token), account_id, now, id_token);
  return token;
}

void set_session_cookie(httplib::Response& res, const Services& services, std::string_view token) {
  http::set_cookie(res, kCookieName, token, {}, services.public_origin);
}

void clear_session_cookie(httplib::Response& res, const Services& services) {
  http::set_cookie(res, kCookieName, "", {.max_age_seconds = 0}, services.public_origin);
}

std::optional<std::string> session_token(const httplib::Request& req) {
  return http::token_cookie(req, kCookieName);
}

std::optional<CurrentSession> current_session(const Services& services, const httplib::Request& req) {
  if (!session_token(req)) return std::nullopt;  // no connection needed
  auto connection = services.database.connection();
  return current_session(*connection, services, req);
}

namespace {

bool expired(const SessionRow& row, std::int64_t now, const SessionConfig& config) {
  return now >= row.last_seen_at + config.idle_timeout.count() ||
         now >= row.created_at + config.absolute_timeout.count() || row.account_closed;
}

// Live and seen less than touch_interval ago: nothing to write.
bool fresh(const SessionRow& row, std::int64_t now, const SessionConfig& config) {
  return !expired(row, now, config) && now < row.last_seen_at + config.touch_interval.count();
}

}  // namespace

std::optional<CurrentSession> fresh_session(store::Connection& connection, const Services& services,
                                            const httplib::Request& req) {
  const std::optional<std::string> token = session_token(req);
  if (!token) return std::nullopt;
  std::string token_hash = services.keyed_hasher.hash(*token);
  const std::optional<SessionRow> row = find_session(connection, token_hash);
  if (!row || !fresh(*row, services.clock.unix_seconds(), services.security.session)) return std::nullopt;
  return CurrentSession{row->account_id, std::move(token_hash), row->pupil};
}

std::optional<CurrentSession> current_session(store::Connection& connection, const Services& services,
                                              const httplib::Request& req) {
  const std::optional<std::string> token = session_token(req);
  if (!token) return std::nullopt;
  const std::string token_hash = services.keyed_hasher.hash(*token);
  const std::int64_t now = services.clock.unix_seconds();
  const SessionConfig& config = services.security.session;

  // Most requests only read: a live session seen less than touch_interval ago
  // needs no write, so page loads do not queue behind SQLite's single writer.
  std::optional<SessionRow> row = find_session(connection, token_hash);
  if (!row) return std::nullopt;
  if (fresh(*row, now, config)) return CurrentSession{row->account_id, token_hash, row->pupil};

  try {
    store::Transaction transaction(connection);
    row = find_session(connection, token_hash);  // again under the write lock
    if (!row) return std::nullopt;
    if (expired(*row, now, config)) {
      delete_session(connection, token_hash);
      transaction.commit();
      return std::nullopt;
    }
    touch_session(connection, token_hash, now);
    transaction.commit();
  } catch (const store::StoreError& error) {
    if (!error.unavailable()) throw;
    // A full or read-only disk must not sign a parent out of pages that only
    // read: the session as read above decides, its touch waits for the next
    // request (an expired one is refused all the same). A request that writes
    // meets the failure again and answers 503.
    spdlog::warn("session: last use not recorded, {}", store::sqlite_code_name(error.sqlite_code()));
    if (expired(*row, now, config)) return std::nullopt;
  }
  return CurrentSession{row->account_id, token_hash, row->pupil};
}

std::optional<CurrentSession> require_session(const Services& services, const httplib::Request& req,
                                              httplib::Response& res) {
  std::optional<CurrentSession> session = current_session(services, req);
  if (!session) http::send_error(res, 401, "not_authenticated");
  return session;
}

std::optional<CurrentSession> require_session(store::Connection& connection, const Services& services,
                                              const httplib::Request& req, httplib::Response& res) {
  std::optional<CurrentSession> session = current_session(connection, services, req);
  if (!session) http::send_error(res, 401, "not_authenticated");
  return session;
}

bool refuse_pupil(const CurrentSession& session, httplib::Response& res) {
  if (!session.pupil) return false;
  http::send_error(res, 403, "parents_only");
  return true;
}

void close_session(const Services& services, const httplib::Request& req) {
  const std::optional<std::string> token = session_token(req);
  if (!token) return;
  auto connection = services.database.connection();
  store::Transaction transaction(*connection);
  delete_session(*connection, services.keyed_hasher.hash(*token));
  transaction.commit();
}

}  // namespace sesame::sessions
