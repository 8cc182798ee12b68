#pragma once
// What every state-changing API request must show before any route sees it
// (docs/security.md, "Threat model", the CSRF row; docs/api.md, "General
// rules"): an Origin equal to the server's public origin (403 forbidden_origin)
// and a JSON body (415 unsupported_media_type). Installed once, as part of the
// server's pre-routing handler, so that no route can forget it. Then
// read_json_body() gives a route its typed body, or answers 400 itself
// (invalid_utf8, invalid_json, or the shared decoder's refusal).
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/errors.h"
#include "shared/api.h"

namespace sesame::http {

// POST, PUT, PATCH, DELETE.
bool is_state_changing(std::string_view method);
// "application/json", optionally with parameters; a charset must be UTF-8.
bool is_json_media_type(std::string_view content_type);

// "http://127.0.0.1:8080/" -> "http://127.0.0.1:8080": how a browser writes Origin.
std::string normalize_origin(std::string_view origin);

// "/api" and everything under it.
bool is_api_path(std::string_view path);

// Pre-routing check for requests under /api. Answers Handled (with the refusal
// written to `res`) or Unhandled (go on). `public_origin` is normalized.
httplib::Server::HandlerResponse guard_api_request(const httplib::Request& req, httplib::Response& res,
                                                   const std::string& public_origin);

// The body as JSON: strict UTF-8, then a JSON parse. On failure writes the 400
// and answers nullopt.
std::optional<nlohmann::json> read_json(const httplib::Request& req, httplib::Response& res);

// The body decoded as the API type T (shared/api.h). On failure writes the 400
// with the decoder's code, French message and field, and answers nullopt:
//   const auto start = read_json_body<api::ActivationStart>(req, res);
//   if (!start) return;
template <class T>
std::optional<T> read_json_body(const httplib::Request& req, httplib::Response& res) {
  const std::optional<nlohmann::json> body = read_json(req, res);
  if (!body) return std::nullopt;
  Checked<T> decoded = api::decode<T>(*body);
  if (!decoded) {
    send_error(res, 400, api::error_body(decoded.error()));
    return std::nullopt;
  }
  return decoded.value();
}

}  // namespace sesame::http
