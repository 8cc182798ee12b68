#include "server/http/cookies.h"

namespace sesame::http {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool is_token_shape(std::string_view token) {
  if (token.empty() || token.size() > 64) return false;
  for (char c : token)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

}  // namespace

std::optional<std::string> token_cookie(const httplib::Request& req, std::string_view name) {
  const std::size_t headers = req.get_header_value_count("Cookie");
  for (std::size_t i = 0; i < headers; ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    std::string_view rest = header;
    while (!rest.empty()) {
      const auto end = rest.find(';');
      const std::string_view pair = trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos || trim(pair.substr(0, equals)) != name) continue;
      const std::string_view value = trim(pair.substr(equals + 1));
      if (is_token_shape(value)) return std::string(value);
    }
  }
  return std::nullopt;
}

void set_cookie(httplib::Response& res, std::string_view name, std::string_view value,
                const CookieAttributes& attributes, std::string_view public_origin) {
  std::string cookie = std::string(name) + "=" + std::string(value) + "; HttpOnly; SameSite=" +
                       std::string(attributes.same_site) + "; Path=" + std::string(attributes.path);
  if (attributes.max_age_seconds >= 0) cookie += "; Max-Age=" + std::to_string(attributes.max_age_seconds);
  if (public_origin.starts_with("https://")) cookie += "; Secure";
  res.set_header("Set-Cookie", cookie);
}

}  // namespace sesame::http
