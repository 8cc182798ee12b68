#include "server/http/failures.h"

#include <spdlog/spdlog.h>

#include <string>

#include "server/http/errors.h"
#include "server/store/database.h"
#include "shared/messages.h"

namespace sesame::http {

void send_unavailable(httplib::Response& res) {
  api::ErrorBody body = api::error_body(field_error("service_unavailable"));
  body.retry_after_seconds = kUnavailableRetryAfterSeconds;
  res.set_header("Retry-After", std::to_string(kUnavailableRetryAfterSeconds));
  send_error(res, 503, body);
}

std::string_view logged_path(const httplib::Request& req) {
  return std::string_view(req.target).substr(0, req.target.find('?'));
}

void answer_exception(const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const store::StoreError& e) {
    // The message names the statement and SQLite's text, never a bound value.
    const std::string code = store::sqlite_code_name(e.sqlite_code());
    switch (e.kind()) {
      case store::FailureKind::unavailable:
        spdlog::error("{} {}: storage unavailable, {}: {}", req.method, logged_path(req), code, e.what());
        return send_unavailable(res);
      case store::FailureKind::corrupt:
        spdlog::critical("{} {}: the database is damaged, {}: {} (check it with PRAGMA integrity_check, "
                         "restore the last backup)",
                         req.method, logged_path(req), code, e.what());
        break;
      case store::FailureKind::bug:
        spdlog::error("{} {}: {}: {}", req.method, logged_path(req), code, e.what());
        break;
    }
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", req.method, logged_path(req), e.what());
  } catch (...) {
    spdlog::error("{} {}: unknown exception", req.method, logged_path(req));
  }
  send_error(res, 500, "internal_error");
}

}  // namespace sesame::http
