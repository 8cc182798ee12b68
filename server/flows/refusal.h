#pragma once
// How every flow says no: a catalogue code with the details the API carries,
// and the one table that turns it into an HTTP answer.
#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shared/api.h"

namespace sesame::flows {

struct Refusal {
  std::string code;
  std::string message = {};  // empty: the catalogue's sentence for `code`
  std::string field = {};
  std::optional<int> remaining_attempts = {};
  std::optional<int> retry_after_seconds = {};
  std::optional<std::vector<api::ChildAttempts>> children = {};
  std::optional<std::vector<std::string>> failed_rules = {};
};

template <class T>
using Outcome = std::variant<T, Refusal>;

// 410 for a flow that is over, 409 for a step out of order, 429 for limits,
// 401 for credentials and a lost session, 400 for the rest.
int status_for(std::string_view code);

// Writes the JSON error (and Retry-After when there is a wait).
void send_refusal(httplib::Response& res, const Refusal& refusal);

// Sends the refusal and answers nullptr, or answers the step's value.
template <class T>
const T* accepted(const Outcome<T>& outcome, httplib::Response& res) {
  if (const Refusal* refusal = std::get_if<Refusal>(&outcome)) {
    send_refusal(res, *refusal);
    return nullptr;
  }
  return &std::get<T>(outcome);
}

}  // namespace sesame::flows
