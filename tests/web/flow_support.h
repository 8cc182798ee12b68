#pragma once
// What the client flow tests share: a state on a given screen, the HTTP
// request among the requests out, a pushed route, typing into a field.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "web/app/update.h"

namespace sesame::web::testing {

// Started, then put straight on `screen` (the tests of one step start there).
inline AppState on(Screen screen) {
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  state.screen = screen;
  return state;
}

inline std::optional<HttpRequest> http_of(const std::vector<Request>& out) {
  for (const Request& request : out)
    if (const auto* http = std::get_if<HttpRequest>(&request)) return *http;
  return std::nullopt;
}

inline bool pushes(const std::vector<Request>& out, const std::string& route) {
  for (const Request& request : out)
    if (request == Request{PushRoute{route}}) return true;
  return false;
}

inline void type(AppState& state, Field field, const std::string& value, int index = 0) {
  update(state, FieldEdited{field, value, index});
}

}  // namespace sesame::web::testing
