#pragma once
// What a request gets when its route throws. A storage that cannot serve for
// now (store::FailureKind::unavailable: a full or read-only disk, an I/O
// error, a lock held past the busy timeout) is 503 service_unavailable with
// Retry-After: nothing was applied and the same request may be sent again.
// A damaged database, or any other exception, is 500 internal_error. Each is
// one English log line with the method, the path and SQLite's code.
#include <httplib.h>

#include <exception>
#include <string_view>

namespace sesame::http {

// What Retry-After and retry_after_seconds say to a client after a 503.
inline constexpr int kUnavailableRetryAfterSeconds = 30;

// 503 service_unavailable, with Retry-After and retry_after_seconds.
void send_unavailable(httplib::Response& res);

// The path as sent, still percent-encoded, so that an encoded line break cannot
// forge a log line; without the query string, which may one day carry a code.
std::string_view logged_path(const httplib::Request& req);

// The server's exception handler: logs `error` and answers 503 or 500.
void answer_exception(const httplib::Request& req, httplib::Response& res, std::exception_ptr error);

}  // namespace sesame::http
