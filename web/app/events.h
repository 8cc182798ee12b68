#pragma once
// What can happen to the client: the parent's actions, the server's answers, the
// browser's navigation. The platform and the UI turn their input into these.
#include <optional>
#include <string>
#include <variant>

#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web {

struct AppStarted {
  std::string route;                             // location.hash at load: "#/profil", "" ...
  std::optional<std::string> remembered_choice;  // what storage holds under kRememberedChoiceKey
};
struct RouteChanged {
  std::string route;  // the browser's back/forward button or an edited address
};
struct HttpAnswered {
  RequestKind kind;
  int status = 0;  // 0: no answer (network down, timeout)
  std::string body;
};
struct ProfilePicked {
  std::string code;
};
struct LevelPicked {
  std::string code;
};
struct RememberPicked {
  bool remember = false;
};
struct ConnectPressed {};
struct RetryConfigPressed {};
struct BackPressed {};
struct EduConnectRolePicked {
  EduConnectRole role = EduConnectRole::None;
};

using Event = std::variant<AppStarted, RouteChanged, HttpAnswered, ProfilePicked, LevelPicked, RememberPicked,
                           ConnectPressed, RetryConfigPressed, BackPressed, EduConnectRolePicked>;

}  // namespace sesame::web
