#include "web/app/answers.h"

#include <nlohmann/json.hpp>

#include "shared/messages.h"

namespace sesame::web {

namespace {

api::ErrorBody error_of(const char* code, const char* message) {
  api::ErrorBody error;
  error.code = code;
  error.message = message;
  return error;
}

}  // namespace

api::ErrorBody read_error(int status, const std::string& body) {
  if (status == 0) return error_of("no_answer", kNoAnswerMessage);
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object()) {
    const Checked<api::ErrorAnswer> answer = api::decode<api::ErrorAnswer>(json);
    if (answer) {
      api::ErrorBody error = answer->error;
      if (error.message.empty()) error.message = french_message(error.code);
      return error;
    }
  }
  const char* code = status >= 500 ? "service_unavailable" : "bad_request";
  return error_of(code, french_message(code));
}

}  // namespace sesame::web
