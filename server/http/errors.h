#pragma once
// JSON answers and the API's error shape (shared/api.h ErrorAnswer):
//   {"error": {"code": "snake_case_code", "message": "Phrase en français", ...}}
// Messages come from the shared French catalogue, so a code means the same
// sentence on every route and in the client.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "shared/api.h"

namespace sesame::http {

// Cache-Control: no-store, once. API answers are about one person at one
// moment: App sets it on every request under /api before routing (204s and
// redirects included), send_json on every JSON answer wherever it comes from.
void forbid_caching(httplib::Response& res);

void send_json(httplib::Response& res, int status, const nlohmann::json& body);

void send_error(httplib::Response& res, int status, const api::ErrorBody& error);
// The catalogue's sentence for `code` (shared/messages.h).
void send_error(httplib::Response& res, int status, std::string_view code);

// 400 with a shared rule's refusal, naming the JSON member it concerns.
void send_field_error(httplib::Response& res, FieldError error, std::string_view field);

// The code used when only a status is known (refusals cpp-httplib makes by itself).
std::string_view error_code_for_status(int status);

// Gives a JSON body to an error response that has none yet: cpp-httplib's own
// refusals (malformed request, body too large…) and any handler that set only
// a status. Installed as the server's error handler.
httplib::Server::HandlerResponse complete_error_response(const httplib::Request& req, httplib::Response& res);

}  // namespace sesame::http
