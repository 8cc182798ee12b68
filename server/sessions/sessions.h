#pragma once
// Sessions, shared by every flow that signs a parent in (activation, sign-in,
// FranceConnect) and by every /me route: the cookie, the stored keyed hash of
// its token (queries.h), and the idle and absolute expiry of SecurityConfig.
#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/services.h"
#include "server/store/database.h"

namespace sesame::sessions {

inline constexpr std::string_view kCookieName = "sesame_session";

// Opens a session for `account_id` in the caller's transaction and answers the
// token for the cookie; only its keyed hash is stored.
// A session opened through FranceConnect keeps the provider's ID token for its logout.
std::string open_session(store::Connection& connection, const Services& services, std::int64_t account_id,
                         std::int64_t now, const std::optional<std::string>& id_token = std::nullopt);

// Set-Cookie: sesame_session=<token>; HttpOnly; SameSite=Strict; Path=/ (+ Secure over https).
void set_session_cookie(httplib::Response& res, const Services& services, std::string_view token);
// The same cookie, emptied and expired (Max-Age=0).
void clear_session_cookie(httplib::Response& res, const Services& services);

// The token of the request's sesame_session cookie, when it has one.
std::optional<std::string> session_token(const httplib::Request& req);

struct CurrentSession {
  std::int64_t account_id = 0;
  std::string token_hash;
  bool pupil = false;  // a pupil's account: only signed_in_any routes serve it
};

// The request's live session, touched (last_seen_at = now). A session idle for
// idle_timeout or older than absolute_timeout is deleted and answers nullopt,
// as do a missing cookie, an unknown token and a closed account.
std::optional<CurrentSession> current_session(const Services& services, const httplib::Request& req);
// The same on the caller's connection (outside any transaction: a touch writes).
std::optional<CurrentSession> current_session(store::Connection& connection, const Services& services,
                                              const httplib::Request& req);

// The request's session only when it is live and needs no touch, read in the
// caller's (read) transaction without writing anything; nullopt otherwise,
// and then current_session() decides. For the pages loaded most.
std::optional<CurrentSession> fresh_session(store::Connection& connection, const Services& services,
                                            const httplib::Request& req);

// For /me routes: the live session, or nullopt with 401 not_authenticated written.
std::optional<CurrentSession> require_session(const Services& services, const httplib::Request& req,
                                              httplib::Response& res);
std::optional<CurrentSession> require_session(store::Connection& connection, const Services& services,
                                              const httplib::Request& req, httplib::Response& res);

// Refuses a pupil's session on a parents' route: 403 parents_only written.
bool refuse_pupil(const CurrentSession& session, httplib::Response& res);

// A route handler for signed-in parents only (http/binder.h): `handler` is
// called as handler(context, services, session, req, res) once the session is
// known to be live and a parent's, and nothing of the body is read before that.
// A pupil's session gets 403 parents_only.
template <class Handler>
auto signed_in(Handler handler) {
  return [handler](auto& context, const Services& services, const httplib::Request& req,
                   httplib::Response& res) {
    if (const std::optional<CurrentSession> session = require_session(services, req, res))
      if (!refuse_pupil(*session, res)) handler(context, services, *session, req, res);
  };
}

// The same for routes every profile uses ("Accéder à mes services").
template <class Handler>
auto signed_in_any(Handler handler) {
  return [handler](auto& context, const Services& services, const httplib::Request& req,
                   httplib::Response& res) {
    if (const std::optional<CurrentSession> session = require_session(services, req, res))
      handler(context, services, *session, req, res);
  };
}

// Deletes the request's session, if any (sign-out).
void close_session(const Services& services, const httplib::Request& req);

}  // namespace sesame::sessions
