#pragma once
// Staff sessions: their own table, their own cookie (`sesame_staff`, sent only
// to /api/v1/staff) and shorter lifetimes (StaffConfig), so that a parent's or
// a pupil's session never opens a staff route, and a staff session never opens
// a /me route.
#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/services.h"
#include "server/store/database.h"

namespace sesame::staff {

inline constexpr std::string_view kCookieName = "sesame_staff";
inline constexpr std::string_view kCookiePath = "/api/v1/staff";

// Opens a session in the caller's transaction; answers the token for the cookie.
std::string open_session(store::Connection& connection, const Services& services, std::int64_t staff_id,
                         std::int64_t now);
void set_session_cookie(httplib::Response& res, const Services& services, std::string_view token);
void clear_session_cookie(httplib::Response& res, const Services& services);

struct StaffSession {
  std::int64_t staff_id = 0;
  std::string token_hash;
  std::vector<std::string> uais;  // the member's schools: everything they may see
  bool in(std::string_view uai) const;
};

// The request's live staff session, touched; nullopt for none, an idle or too
// old one (deleted), or a removed member.
std::optional<StaffSession> current_session(const Services& services, const httplib::Request& req);

// The live staff session, or nullopt with the refusal written: 403 staff_only
// when the request carries a parent's or pupil's live session instead, 401
// not_authenticated otherwise.
std::optional<StaffSession> require_session(const Services& services, const httplib::Request& req,
                                            httplib::Response& res);

// A route handler for signed-in staff only (http/binder.h): called as
// handler(context, services, session, req, res) once the staff session is
// known, before anything of the body is read.
template <class Handler>
auto staff_only(Handler handler) {
  return [handler](auto& context, const Services& services, const httplib::Request& req,
                   httplib::Response& res) {
    if (const std::optional<StaffSession> session = require_session(services, req, res))
      handler(context, services, *session, req, res);
  };
}

// Deletes the request's staff session, if any.
void close_session(const Services& services, const httplib::Request& req);

}  // namespace sesame::staff
