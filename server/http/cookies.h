#pragma once
// Cookies carrying random tokens (the session, FranceConnect's browser binding):
// read from the request's Cookie headers, written with the attributes each
// one needs (Secure whenever browsers reach Sésame over TLS).
#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

namespace sesame::http {

// The value of cookie `name` when it has the shape of a random token
// (base64url, 1 to 64 characters); anything else is not worth a lookup.
std::optional<std::string> token_cookie(const httplib::Request& req, std::string_view name);

struct CookieAttributes {
  std::string_view same_site = "Strict";  // "Lax" for a cookie a cross-site redirect must bring back
  std::string_view path = "/";
  int max_age_seconds = -1;  // -1: a session cookie; 0: delete it
};
// Set-Cookie: name=value; HttpOnly; SameSite=…; Path=…[; Max-Age=…][; Secure when public_origin is https].
void set_cookie(httplib::Response& res, std::string_view name, std::string_view value,
                const CookieAttributes& attributes, std::string_view public_origin);

}  // namespace sesame::http
