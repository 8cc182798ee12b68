#include "server/http/errors.h"

#include "shared/messages.h"

namespace sesame::http {

void forbid_caching(httplib::Response& res) {
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  forbid_caching(res);
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const api::ErrorBody& error) {
  send_json(res, status, api::ErrorAnswer{error});
}

void send_error(httplib::Response& res, int status, std::string_view code) {
  send_error(res, status, api::error_body(field_error(code)));
}

void send_field_error(httplib::Response& res, FieldError error, std::string_view field) {
  error.field = field;
  send_error(res, 400, api::error_body(error));
}

std::string_view error_code_for_status(int status) {
  switch (status) {
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 413:
      return "body_too_large";
    case 415:
      return "unsupported_media_type";
    default:
      // No catalogue code fits a malformed request line or header: the
      // catalogue's generic sentence is what a parent would see anyway.
      return status >= 500 ? "internal_error" : "bad_request";
  }
}

httplib::Server::HandlerResponse complete_error_response(const httplib::Request&, httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  send_error(res, res.status, error_code_for_status(res.status));
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace sesame::http
