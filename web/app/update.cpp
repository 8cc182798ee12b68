#include "web/app/update.h"

#include "web/app/remembered_choice.h"
#include "web/app/routes.h"

namespace sesame::web {

namespace {

constexpr const char* kParentProfile = "parent";

HttpRequest config_request() { return HttpRequest{RequestKind::Config, "GET", "/api/v1/config", ""}; }

// Leaving a screen forgets its transient messages.
void show(AppState& state, Screen screen) {
  if (state.screen != screen) {
    state.notice = Notice::None;
    state.educonnect_role = EduConnectRole::None;
  }
  state.screen = screen;
}

struct Handler {
  AppState& state;
  std::vector<Request> out;

  void operator()(const AppStarted& e) {
    if (e.remembered_choice) {
      if (auto choice = decode_remembered_choice(*e.remembered_choice, state.config)) state.choice = *choice;
    }
    auto screen = screen_of(e.route);
    show(state, screen.value_or(Screen::ProfileChoice));
    if (!screen) out.push_back(ReplaceRoute{std::string(route_of(state.screen))});
    state.config_status = LoadStatus::Loading;
    out.push_back(config_request());
  }

  void operator()(const RouteChanged& e) {
    auto screen = screen_of(e.route);
    if (!screen) {
      show(state, Screen::ProfileChoice);
      out.push_back(ReplaceRoute{std::string(route_of(state.screen))});
      return;
    }
    show(state, *screen);
  }

  void operator()(const HttpAnswered& e) {
    switch (e.kind) {
      case RequestKind::Config: {
        auto config = e.status == 200 ? parse_server_config(e.body) : std::nullopt;
        if (!config) {
          state.config_status = LoadStatus::Failed;
          return;
        }
        state.config = std::move(*config);
        state.config_status = LoadStatus::Loaded;
        // A remembered code the server no longer offers must not stay silently selected.
        if (!find_choice(state.config.profiles, state.choice.profile)) state.choice.profile.clear();
        if (!find_choice(state.config.levels, state.choice.level)) state.choice.level.clear();
        return;
      }
    }
  }

  void operator()(const ProfilePicked& e) {
    if (!find_choice(state.config.profiles, e.code)) return;
    state.choice.profile = e.code;
    state.notice = Notice::None;
  }

  void operator()(const LevelPicked& e) {
    if (!find_choice(state.config.levels, e.code)) return;
    state.choice.level = e.code;
    state.notice = Notice::None;
  }

  void operator()(const RememberPicked& e) { state.choice.remember = e.remember; }

  void operator()(const ConnectPressed&) {
    if (state.screen != Screen::ProfileChoice || !state.can_connect()) return;
    if (state.choice.remember)
      out.push_back(StoreValue{kRememberedChoiceKey, encode_remembered_choice(state.choice)});
    else
      out.push_back(EraseValue{kRememberedChoiceKey});
    if (state.choice.profile != kParentProfile) {
      state.notice = Notice::ProfileNotServedYet;
      return;
    }
    show(state, Screen::EduConnectProfile);
    out.push_back(PushRoute{std::string(route_of(state.screen))});
  }

  void operator()(const RetryConfigPressed&) {
    if (state.config_status == LoadStatus::Loading) return;  // already asked: one request at a time
    state.config_status = LoadStatus::Loading;
    out.push_back(config_request());
  }

  void operator()(const BackPressed&) {
    if (state.screen == Screen::ProfileChoice) return;
    show(state, Screen::ProfileChoice);
    out.push_back(PushRoute{std::string(route_of(state.screen))});
  }

  void operator()(const EduConnectRolePicked& e) {
    if (state.screen != Screen::EduConnectProfile || e.role == EduConnectRole::None) return;
    state.educonnect_role = e.role;
    state.notice = Notice::EduConnectComingSoon;
  }
};

}  // namespace

std::vector<Request> update(AppState& state, const Event& event) {
  Handler handler{state, {}};
  std::visit(handler, event);
  return std::move(handler.out);
}

}  // namespace sesame::web
