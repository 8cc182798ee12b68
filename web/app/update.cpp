#include "web/app/update.h"

#include "web/app/activation.h"
#include "web/app/navigation.h"
#include "web/app/remembered_choice.h"
#include "web/app/routes.h"
#include "web/app/sign_in.h"

namespace sesame::web {

namespace {

constexpr const char* kParentProfile = "parent";

HttpRequest config_request() { return HttpRequest{RequestKind::Config, "GET", "/api/v1/config", ""}; }

// Where the address leads: a screen of a flow whose earlier steps this page
// has not seen (a reload) goes back to the flow's first screen.
Screen reachable(const AppState& state, Screen screen) {
  if (!activation::can_show(state, screen))
    return screen == Screen::ActivationIdentifier ? Screen::Account : Screen::ActivationIdentity;
  return screen;
}

// Shows the screen the address names, asking for what it needs.
void enter(AppState& state, std::vector<Request>& out, std::optional<Screen> wanted) {
  const Screen screen = reachable(state, wanted.value_or(Screen::ProfileChoice));
  show(state, screen);
  if (screen != wanted) out.push_back(ReplaceRoute{std::string(route_of(screen))});
  if (screen == Screen::Account) sign_in::load_account(out);
}

struct Handler {
  AppState& state;
  std::vector<Request> out;

  void operator()(const AppStarted& e) {
    if (e.remembered_choice) {
      if (auto choice = decode_remembered_choice(*e.remembered_choice, state.config)) state.choice = *choice;
    }
    enter(state, out, screen_of(e.route));
    state.config_status = LoadStatus::Loading;
    out.push_back(config_request());
  }

  void operator()(const RouteChanged& e) { enter(state, out, screen_of(e.route)); }

  void operator()(const HttpAnswered& e) {
    switch (e.kind) {
      case RequestKind::SignIn:
      case RequestKind::SignOut:
      case RequestKind::Me:
        return sign_in::answered(state, out, e);
      case RequestKind::ActivationStart:
      case RequestKind::ActivationResend:
      case RequestKind::ActivationCode:
      case RequestKind::ActivationChildren:
      case RequestKind::ActivationPassword:
        return activation::answered(state, out, e);
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
    go(state, out, Screen::EduConnectProfile);
  }

  void operator()(const RetryConfigPressed&) {
    if (state.config_status == LoadStatus::Loading) return;  // already asked: one request at a time
    state.config_status = LoadStatus::Loading;
    out.push_back(config_request());
  }

  void operator()(const BackPressed&) {
    switch (state.screen) {
      case Screen::ProfileChoice:
        return;
      case Screen::SignIn:
        return go(state, out, Screen::EduConnectProfile);
      case Screen::ActivationIdentity:
        return go(state, out, Screen::SignIn);
      case Screen::ActivationCode:
        return go(state, out, Screen::ActivationIdentity);
      default:
        return go(state, out, Screen::ProfileChoice);
    }
  }

  void operator()(const EduConnectRolePicked& e) {
    if (state.screen != Screen::EduConnectProfile || e.role == EduConnectRole::None) return;
    state.educonnect_role = e.role;
    // Pupils sign in with their school's accounts, which Sésame does not serve yet.
    if (e.role == EduConnectRole::Pupil) {
      state.notice = Notice::EduConnectComingSoon;
      return;
    }
    go(state, out, Screen::SignIn);
  }

  void operator()(const FieldEdited& e) {
    std::string* target = nullptr;
    switch (e.field) {
      case Field::SignInIdentifier: target = &state.sign_in.identifier; break;
      case Field::SignInPassword: target = &state.sign_in.password; break;
      case Field::LastName: target = &state.activation.last_name; break;
      case Field::FirstName: target = &state.activation.first_name; break;
      case Field::Phone: target = &state.activation.phone; break;
      case Field::Code: target = &state.activation.code; break;
      case Field::NewPassword: target = &state.activation.password; break;
      case Field::PasswordConfirmation: target = &state.activation.confirmation; break;
      case Field::ChildBirthDate: {
        auto& children = state.activation.children;
        if (e.index < 0 || e.index >= static_cast<int>(children.size())) return;
        target = &children[static_cast<std::size_t>(e.index)].birth_date;
        children[static_cast<std::size_t>(e.index)].error.clear();
        break;
      }
    }
    *target = e.value;
    state.field_errors.erase(e.field);  // the parent is correcting it
  }

  void operator()(const PasswordShownToggled&) {
    if (state.screen == Screen::SignIn) state.sign_in.password_shown = !state.sign_in.password_shown;
    if (state.screen == Screen::ActivationPassword)
      state.activation.password_shown = !state.activation.password_shown;
  }
  void operator()(const SignInPressed&) {
    if (state.screen == Screen::SignIn) sign_in::press_sign_in(state, out);
  }
  void operator()(const NoAccountPressed&) {
    if (state.screen == Screen::SignIn) activation::start(state, out);
  }
  void operator()(const IdentitySubmitted&) {
    if (state.screen == Screen::ActivationIdentity) activation::submit_identity(state, out);
  }
  void operator()(const CodeSubmitted&) {
    if (state.screen == Screen::ActivationCode) activation::submit_code(state, out);
  }
  void operator()(const ResendPressed&) {
    if (state.screen == Screen::ActivationCode) activation::resend(state, out);
  }
  void operator()(const GuardianAnswered& e) {
    if (state.screen == Screen::ActivationChildren) activation::answer_guardian(state, e);
  }
  void operator()(const ChildrenSubmitted&) {
    if (state.screen == Screen::ActivationChildren) activation::submit_children(state, out);
  }
  void operator()(const PasswordSubmitted&) {
    if (state.screen == Screen::ActivationPassword) activation::submit_password(state, out);
  }
  void operator()(const CopyIdentifierPressed&) {
    if (!state.activation.identifier.empty()) out.push_back(CopyText{state.activation.identifier});
  }
  void operator()(const ContinueToAccountPressed&) {
    if (state.screen != Screen::ActivationIdentifier) return;
    go(state, out, Screen::Account);
    sign_in::load_account(out);
  }
  void operator()(const ForgottenPressed&) {
    if (state.screen == Screen::SignIn) state.notice = Notice::RecoveryComingSoon;
  }
  void operator()(const SignOutPressed&) {
    if (state.screen == Screen::Account) sign_in::sign_out(state, out);
  }
};

}  // namespace

void show(AppState& state, Screen screen) {
  if (state.screen != screen) {
    state.notice = Notice::None;
    state.educonnect_role = EduConnectRole::None;
    state.form_error.clear();
    state.field_errors.clear();
    state.busy = false;
  }
  state.screen = screen;
}

void go(AppState& state, std::vector<Request>& out, Screen screen) {
  show(state, screen);
  out.push_back(PushRoute{std::string(route_of(screen))});
}

std::vector<Request> update(AppState& state, const Event& event) {
  Handler handler{state, {}};
  std::visit(handler, event);
  return std::move(handler.out);
}

}  // namespace sesame::web
