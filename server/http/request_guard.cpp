#include "server/http/request_guard.h"

#include <algorithm>
#include <cctype>

#include "shared/utf8.h"

namespace sesame::http {

namespace {

std::string lowercase_trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool has_body(const httplib::Request& req) {
  // limits.cpp's guard has already refused chunked bodies and set a missing
  // Content-Length to 0, so the header tells the whole truth.
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length != "0";
}

// The refused body stays unread: the connection cannot carry another request.
httplib::Server::HandlerResponse refuse(const httplib::Request& req, httplib::Response& res, int status,
                                        std::string_view code) {
  if (has_body(req)) {
    auto& headers = const_cast<httplib::Request&>(req).headers;  // see limits.cpp
    headers.erase("Connection");
    headers.emplace("Connection", "close");
  }
  send_error(res, status, code);
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

bool is_api_path(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

bool is_state_changing(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool is_json_media_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (lowercase_trimmed(content_type.substr(0, semicolon)) != "application/json") return false;
  std::string_view parameters = semicolon == std::string_view::npos ? "" : content_type.substr(semicolon + 1);
  while (!parameters.empty()) {
    const auto next = parameters.find(';');
    const std::string parameter = lowercase_trimmed(parameters.substr(0, next));
    if (parameter.starts_with("charset=")) {
      std::string charset = parameter.substr(8);
      if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"')
        charset = charset.substr(1, charset.size() - 2);
      // JSON is UTF-8 (RFC 8259): a body announced in another charset is not ours to guess.
      if (charset != "utf-8" && charset != "utf8") return false;
    }
    parameters = next == std::string_view::npos ? "" : parameters.substr(next + 1);
  }
  return true;
}

std::string normalize_origin(std::string_view origin) {
  while (origin.ends_with('/')) origin.remove_suffix(1);
  return lowercase_trimmed(origin);
}

httplib::Server::HandlerResponse guard_api_request(const httplib::Request& req, httplib::Response& res,
                                                   const std::string& public_origin) {
  if (!is_api_path(req.path) || !is_state_changing(req.method))
    return httplib::Server::HandlerResponse::Unhandled;
  // Browsers send Origin on every such request; a missing one is a non-browser
  // client or an old browser, and both may be a forged cross-site request.
  if (!req.has_header("Origin") || lowercase_trimmed(req.get_header_value("Origin")) != public_origin)
    return refuse(req, res, 403, "forbidden_origin");
  // Only JSON: an HTML form (text/plain, multipart…) can cross sites without a
  // CORS preflight, a JSON request cannot. A request without a body (DELETE
  // /session) has nothing to interpret; a route that needs one says invalid_json.
  if (has_body(req) && !is_json_media_type(req.get_header_value("Content-Type")))
    return refuse(req, res, 415, "unsupported_media_type");
  return httplib::Server::HandlerResponse::Unhandled;
}

std::optional<nlohmann::json> read_json(const httplib::Request& req, httplib::Response& res) {
  if (!is_valid_utf8(req.body)) {
    send_error(res, 400, "invalid_utf8");
    return std::nullopt;
  }
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    send_error(res, 400, "invalid_json");
    return std::nullopt;
  }
  return body;
}

}  // namespace sesame::http
