#include "server/staff/sessions.h"

#include <algorithm>

#include "server/http/cookies.h"
#include "server/http/errors.h"
#include "server/security/secrets.h"
#include "server/sessions/sessions.h"
#include "server/staff/members.h"

namespace sesame::staff {

std::string open_session(store::Connection& connection, const Services& services, std::int64_t staff_id,
                         std::int64_t now) {
  const std::string token = security::random_token();
  insert_session(connection, services.keyed_hasher.hash(token), staff_id, now);
  return token;
}

void set_session_cookie(httplib::Response& res, const Services& services, std::string_view token) {
  http::set_cookie(res, kCookieName, token, {.path = kCookiePath}, services.public_origin);
}

void clear_session_cookie(httplib::Response& res, const Services& services) {
  http::set_cookie(res, kCookieName, "", {.path = kCookiePath, .max_age_seconds = 0}, services.public_origin);
}

bool StaffSession::in(std::string_view uai) const {
  return std::find(uais.begin(), uais.end(), uai) != uais.end();
}

std::optional<StaffSession> current_session(const Services& services, const httplib::Request& req) {
  const std::optional<std::string> token = http::token_cookie(req, kCookieName);
  if (!token) return std::nullopt;
  const std::string token_hash = services.keyed_hasher.hash(*token);
  const std::int64_t now = services.clock.unix_seconds();
  const SessionConfig& config = services.security.staff.session;
  auto connection = services.database.connection();
  store::Transaction transaction(*connection);
  const std::optional<StaffSessionRow> row = find_session(*connection, token_hash);
  if (!row) return std::nullopt;
  if (row->member_removed || now >= row->last_seen_at + config.idle_timeout.count() ||
      now >= row->created_at + config.absolute_timeout.count()) {
    delete_session(*connection, token_hash);
    transaction.commit();
    return std::nullopt;
  }
  // Staff sessions are few: every request records its time.
  touch_session(*connection, token_hash, now);
  StaffSession session{row->staff_id, token_hash, member_school_uais(*connection, row->staff_id)};
  transaction.commit();
  return session;
}

std::optional<StaffSession> require_session(const Services& services, const httplib::Request& req,
                                            httplib::Response& res) {
  std::optional<StaffSession> session = current_session(services, req);
  if (session) return session;
  if (sessions::current_session(services, req)) {
    http::send_error(res, 403, "staff_only");
  } else {
    http::send_error(res, 401, "not_authenticated");
  }
  return std::nullopt;
}

void close_session(const Services& services, const httplib::Request& req) {
  const std::optional<std::string> token = http::token_cookie(req, kCookieName);
  if (!token) return;
  auto connection = services.database.connection();
  store::Transaction transaction(*connection);
  delete_session(*connection, services.keyed_hasher.hash(*token));
  transaction.commit();
}

}  // namespace sesame::staff
