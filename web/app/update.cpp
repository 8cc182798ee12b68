#include "web/app/update.h"

#include "shared/phone.h"
#include "web/app/account_changes.h"
#include "web/app/activation.h"
#include "web/app/ent_services.h"
#include "web/app/first_sign_in.h"
#include "web/app/franceconnect.h"
#include "web/app/navigation.h"
#include "web/app/recovery.h"
#include "web/app/remembered_choice.h"
#include "web/app/routes.h"
#include "web/app/sign_in.h"
#include "web/app/staff.h"

namespace sesame::web {

namespace {

constexpr const char* kParentProfile = "parent";

HttpRequest config_request() { return HttpRequest{RequestKind::Config, "GET", "/api/v1/config", ""}; }

// Where the address leads: a screen of a flow whose earlier steps this page
// has not seen (a reload) goes back to the flow's first screen.
Screen reachable(const AppState& state, Screen screen, std::string_view route = {}) {
  if (staff::is_staff_screen(screen)) return staff::reachable(state, screen, route);
  if (!activation::can_show(state, screen))
    return screen == Screen::ActivationIdentifier ? Screen::Account : Screen::ActivationIdentity;
  if (!recovery::can_show(state, screen)) return Screen::RecoveryPasswordIdentifier;
  // A pupil signed in has no parents' account screens; a parent has not the pupil's.
  return sign_in::account_screen(state, first_sign_in::reachable(state, screen));
}

// Shows the screen the address names, asking for what it needs.
void enter(AppState& state, std::vector<Request>& out, const std::string& route) {
  const std::optional<Screen> wanted = screen_of(route);
  const Screen screen = reachable(state, wanted.value_or(Screen::ProfileChoice), route);
  // The address bar or the history reached the statement: "Précédent" leads back to
  // the screen shown until now, whose form keeps what was typed.
  if (screen == Screen::Accessibility && state.screen != Screen::Accessibility)
    state.accessibility_return = state.screen;
  show(state, screen);
  if (screen != wanted) out.push_back(ReplaceRoute{std::string(route_of(screen))});
  if (account_changes::is_account_screen(screen)) sign_in::load_account(out);
  if (route == kFranceConnectLinkedRoute) account_changes::franceconnect_linked(state, out);
  if (screen == Screen::AccountServices) ent_services::load(state, out);
  if (screen == Screen::FranceConnectAttach) franceconnect::enter_attach(state, out);
  if (screen == Screen::FranceConnectFailure) franceconnect::enter_failure(state, route);
  if (screen == Screen::StaffInvitation) staff::enter_invitation(state, out, route);
  if (screen == Screen::StaffConsole) staff::enter_console(state, out);
  if (screen == Screen::StaffPerson) staff::enter_person(state, out, route);
}

// "Précédent" on the accessibility statement: the screen it was opened from, as it was left.
void leave_accessibility(AppState& state, std::vector<Request>& out) {
  const Screen back = reachable(state, state.accessibility_return, staff::route_now(state, state.accessibility_return));
  show(state, back);
  std::string route = staff::is_staff_screen(back) ? staff::route_now(state, back) : std::string(route_of(back));
  // A failure's address carries its reason, so that a reload tells the same one.
  if (back == Screen::FranceConnectFailure && !state.franceconnect.failure.empty())
    route += "/" + state.franceconnect.failure;
  out.push_back(PushRoute{std::move(route)});
}

struct Handler {
  AppState& state;
  std::vector<Request> out;

  void operator()(const ClockTicked& e) { state.now_ms = e.now_ms; }

  void operator()(const AppStarted& e) {
    if (e.remembered_choice) {
      if (auto choice = decode_remembered_choice(*e.remembered_choice, state.config)) state.choice = *choice;
    }
    enter(state, out, e.route);
    // Opened by its address: no screen came before, "Précédent" leads to the first one.
    state.accessibility_return = Screen::ProfileChoice;
    state.config_status = LoadStatus::Loading;
    out.push_back(config_request());
  }

  void operator()(const RouteChanged& e) { enter(state, out, e.route); }

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
      case RequestKind::AccountAlerts:
      case RequestKind::AccountEmail:
      case RequestKind::AccountEmailVerify:
      case RequestKind::AccountPhone:
      case RequestKind::AccountPhoneVerify:
      case RequestKind::AccountPassword:
      case RequestKind::AccountChildren:
      case RequestKind::AccountFromAccount:
      case RequestKind::AccountFranceConnect:
        return account_changes::answered(state, out, e);
      case RequestKind::RecoveryIdentifier:
      case RequestKind::RecoveryPasswordStart:
      case RequestKind::RecoveryPasswordCode:
      case RequestKind::RecoveryPasswordSet:
        return recovery::answered(state, out, e);
      case RequestKind::Services:
        return ent_services::answered(state, out, e);
      case RequestKind::FranceConnectPending:
      case RequestKind::FranceConnectAttach:
        return franceconnect::answered(state, out, e);
      case RequestKind::ChildTemporaryPassword:
        return account_changes::answered(state, out, e);
      case RequestKind::FirstSignInBirthDate:
      case RequestKind::FirstSignInChildren:
      case RequestKind::FirstSignInPassword:
        return first_sign_in::answered(state, out, e);
      case RequestKind::StaffInvitation:
      case RequestKind::StaffInvitationPassword:
      case RequestKind::StaffInvitationTotp:
      case RequestKind::StaffSignIn:
      case RequestKind::StaffSecondFactor:
      case RequestKind::StaffSignOut:
      case RequestKind::StaffMe:
      case RequestKind::StaffSearch:
      case RequestKind::StaffPerson:
      case RequestKind::StaffLetter:
      case RequestKind::StaffUnlock:
      case RequestKind::StaffCloseSessions:
      case RequestKind::StaffClassLetters:
      case RequestKind::StaffProgress:
      case RequestKind::StaffMissing:
      case RequestKind::StaffAudit:
        return staff::answered(state, out, e);
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
    // Parents and pupils both sign in here (the "Élève" way is the pupils' sign-in).
    if (state.choice.profile != kParentProfile && state.choice.profile != sign_in::kPupilProfile) {
      // Its own sign-in page when the server names one, a notice otherwise.
      for (const api::ProfileSignIn& link : state.config.sign_in_urls.value_or(std::vector<api::ProfileSignIn>{}))
        if (link.profile == state.choice.profile) return out.push_back(OpenUrl{link.url});
      // School staff sign in to this Sésame's console unless the server names another page.
      if (state.choice.profile == staff::kStaffProfile) return staff::open_sign_in(state, out);
      state.notice = Notice::ProfileNotServedYet;
      return;
    }
    go(state, out, Screen::EduConnectProfile);
    if (state.choice.profile == sign_in::kPupilProfile) state.educonnect_role = EduConnectRole::Pupil;
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
      case Screen::PupilSignIn:
        return go(state, out, Screen::EduConnectProfile);
      case Screen::PupilHelp:
        return go(state, out, Screen::PupilSignIn);
      case Screen::PupilBirthDate:
      case Screen::PupilPassword:
      case Screen::ParentFirstSignInChildren:
      case Screen::ParentFirstSignInPassword:
        return first_sign_in::restart(state, out);  // "Retour à la connexion"
      case Screen::ActivationIdentity:
        return go(state, out, Screen::SignIn);
      case Screen::ActivationCode:
        return go(state, out,
                  state.activation.franceconnect ? Screen::FranceConnectAttach : Screen::ActivationIdentity);
      case Screen::FranceConnectAttach:
      case Screen::FranceConnectFailure:
        return go(state, out, Screen::SignIn);
      case Screen::RecoveryIdentifier:
      case Screen::RecoveryPasswordIdentifier:
      case Screen::RecoveryPasswordNew:
        return go(state, out, Screen::SignIn);
      case Screen::RecoveryPasswordCode:
        return go(state, out, Screen::RecoveryPasswordIdentifier);
      case Screen::Accessibility:
        return leave_accessibility(state, out);
      case Screen::StaffCode:
      case Screen::StaffInvitation:
        return go(state, out, Screen::StaffSignIn);
      case Screen::StaffPerson:
        go(state, out, Screen::StaffConsole);
        return staff::enter_console(state, out);
      case Screen::StaffConsole:
        return;  // "Se déconnecter" leaves the console
      default:
        return go(state, out, Screen::ProfileChoice);
    }
  }

  void operator()(const EduConnectRolePicked& e) {
    if (state.screen != Screen::EduConnectProfile || e.role == EduConnectRole::None) return;
    state.educonnect_role = e.role;
    // Pupils sign in with the identifier and temporary password of their school's letter.
    go(state, out, e.role == EduConnectRole::Pupil ? Screen::PupilSignIn : Screen::SignIn);
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
      case Field::AccountEmail:
      case Field::AccountPhone:
      case Field::AccountCode:
      case Field::CurrentPassword:
      case Field::AccountNewPassword:
      case Field::AccountConfirmation:
      case Field::OtherIdentifier:
      case Field::OtherPassword:
      case Field::NewChildBirthDate:
        target = account_changes::field(state, e.field, e.index);
        if (!target) return;
        break;
      case Field::RecoveryPhone: target = &state.recovery.phone; break;
      case Field::RecoveryEmail: target = &state.recovery.email; break;
      case Field::RecoveryIdentifier: target = &state.recovery.identifier; break;
      case Field::RecoveryCode: target = &state.recovery.code; break;
      case Field::RecoveryNewPassword: target = &state.recovery.password; break;
      case Field::RecoveryConfirmation: target = &state.recovery.confirmation; break;
      case Field::PupilBirthDate: target = &state.first_sign_in.birth_date; break;
      case Field::PupilNewPassword: target = &state.first_sign_in.password; break;
      case Field::PupilConfirmation: target = &state.first_sign_in.confirmation; break;
      case Field::StaffEmail:
      case Field::StaffPassword:
      case Field::StaffTotpCode:
      case Field::StaffRecoveryCode:
      case Field::StaffNewPassword:
      case Field::StaffConfirmation:
      case Field::StaffSearchName:
      case Field::StaffSearchClass:
        target = staff::field(state, e.field);
        if (!target) return;
        break;
      case Field::FirstSignInChildBirthDate: {
        auto& children = state.first_sign_in.children;
        if (e.index < 0 || e.index >= static_cast<int>(children.size())) return;
        target = &children[static_cast<std::size_t>(e.index)].birth_date;
        children[static_cast<std::size_t>(e.index)].error.clear();
        break;
      }
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
    if (state.screen == Screen::SignIn || state.screen == Screen::PupilSignIn)
      state.sign_in.password_shown = !state.sign_in.password_shown;
    if (state.screen == Screen::PupilPassword || state.screen == Screen::ParentFirstSignInPassword)
      state.first_sign_in.password_shown = !state.first_sign_in.password_shown;
    if (state.screen == Screen::ActivationPassword)
      state.activation.password_shown = !state.activation.password_shown;
    if (state.screen == Screen::RecoveryPasswordNew) state.recovery.password_shown = !state.recovery.password_shown;
    account_changes::toggle_password_shown(state);
    staff::toggle_password_shown(state);
  }
  void operator()(const SignInPressed&) {
    if (state.screen == Screen::SignIn || state.screen == Screen::PupilSignIn)
      sign_in::press_sign_in(state, out);
  }
  void operator()(const NoAccountPressed&) {
    if (state.screen == Screen::SignIn) activation::start(state, out);
  }
  void operator()(const DialCodePicked& e) {
    const bool identity =
        state.screen == Screen::ActivationIdentity || state.screen == Screen::FranceConnectAttach;
    if (!identity && !(state.screen == Screen::AccountPhone && !state.account_changes.code_sent)) return;
    for (const PhoneCountry& country : phone_countries())
      if (e.dial_code == country.dial_code)
        (identity ? state.activation.dial_code : state.account_changes.dial_code) = e.dial_code;
    state.field_errors.erase(identity ? Field::Phone : Field::AccountPhone);
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
    if (state.screen == Screen::Account) account_changes::answer_guardian(state, e);
    if (state.screen == Screen::ParentFirstSignInChildren) first_sign_in::answer_guardian(state, e);
  }
  void operator()(const ChildrenSubmitted&) {
    if (state.screen == Screen::ActivationChildren) activation::submit_children(state, out);
    if (state.screen == Screen::ParentFirstSignInChildren) first_sign_in::submit_children(state, out);
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
  // "Identifiant oublié ?" and "Mot de passe oublié ?": a pupil's parent or school helps.
  void operator()(const ForgottenIdentifierPressed&) {
    if (state.screen == Screen::SignIn) recovery::start_identifier(state, out);
    if (state.screen == Screen::PupilSignIn && !state.busy) go(state, out, Screen::PupilHelp);
  }
  void operator()(const ForgottenPasswordPressed&) {
    if (state.screen == Screen::SignIn) recovery::start_password(state, out);
    if (state.screen == Screen::PupilSignIn && !state.busy) go(state, out, Screen::PupilHelp);
  }
  void operator()(const RecoveryChannelPicked& e) {
    if (state.screen == Screen::RecoveryIdentifier) recovery::pick_channel(state, e.channel);
  }
  void operator()(const RecoverySubmitted&) { recovery::submit(state, out); }
  // "Mon compte" changes.
  void operator()(const AlertsAtLoginToggled& e) { account_changes::toggle_alerts(state, out, e.on); }
  void operator()(const AccountChangePressed& e) { account_changes::open(state, out, e.screen); }
  void operator()(const AccountChangeSubmitted&) { account_changes::submit(state, out); }
  void operator()(const AccountCodeSubmitted&) { account_changes::submit_code(state, out); }
  void operator()(const AccountCancelPressed&) { account_changes::cancel(state, out); }
  void operator()(const NewChildrenSubmitted&) { account_changes::submit_new_children(state, out); }
  void operator()(const ServicesPressed&) {
    if (state.screen == Screen::AccountServices) return ent_services::load(state, out);
    ent_services::open(state, out);
  }
  void operator()(const ServiceOpened& e) { ent_services::open_service(state, out, e.url); }
  void operator()(const SignOutPressed&) {
    if (state.screen == Screen::Account || state.screen == Screen::PupilAccount)
      sign_in::sign_out(state, out);
  }
  void operator()(const FranceConnectPressed&) {
    if (state.screen == Screen::SignIn || state.screen == Screen::FranceConnectFailure)
      franceconnect::sign_in(state, out);
  }
  void operator()(const FranceConnectInfoPressed&) { out.push_back(OpenUrl{franceconnect::kInfoUrl}); }
  void operator()(const AttachSubmitted&) { franceconnect::submit_attach(state, out); }
  // A first sign-in with a letter: a pupil's, a parent's.
  void operator()(const BirthDateSubmitted&) { first_sign_in::submit_birth_date(state, out); }
  void operator()(const FirstPasswordSubmitted&) { first_sign_in::submit_password(state, out); }
  // The parent's "Mon compte": a child's temporary password.
  void operator()(const TemporaryPasswordPressed& e) {
    account_changes::give_temporary_password(state, out, e.child_id);
  }
  void operator()(const CopyTemporaryPasswordPressed& e) {
    account_changes::copy_temporary_password(state, out, e.child_id);
  }
  // School staff.
  void operator()(const StaffSignInSubmitted&) { staff::submit_sign_in(state, out); }
  void operator()(const StaffCodeSubmitted&) { staff::submit_code(state, out); }
  void operator()(const StaffRecoveryCodeToggled&) { staff::toggle_recovery_code(state); }
  void operator()(const StaffInvitationSubmitted&) { staff::submit_invitation(state, out); }
  void operator()(const StaffRecoveryCodesNoted&) { staff::recovery_codes_noted(state, out); }
  void operator()(const StaffSchoolPicked& e) { staff::pick_school(state, out, e.uai); }
  void operator()(const StaffTabPicked& e) { staff::pick_tab(state, out, e.tab); }
  void operator()(const StaffKindPicked& e) { staff::pick_kind(state, e.kind); }
  void operator()(const StaffSearchSubmitted&) { staff::submit_search(state, out); }
  void operator()(const StaffPersonOpened& e) { staff::open_person(state, out, e.kind, e.id); }
  void operator()(const StaffActionPressed& e) { staff::press_action(state, out, e.action, e.class_name); }
  void operator()(const StaffActionConfirmed&) { staff::confirm_action(state, out); }
  void operator()(const StaffActionCancelled&) { staff::cancel_action(state); }
  void operator()(const StaffMissingPressed& e) { staff::show_missing(state, out, e.class_name); }
  void operator()(const StaffSignOutPressed&) {
    if (state.screen == Screen::StaffConsole || state.screen == Screen::StaffPerson) staff::sign_out(state, out);
  }
  void operator()(const StaffCopyPressed& e) {
    if (state.screen == Screen::StaffInvitation && !e.text.empty()) out.push_back(CopyText{e.text});
  }
  // The link under every screen. Not while a request of the screen is on its way (its
  // answer moves on from that screen); on the statement itself it stays where it is.
  void operator()(const AccessibilityPressed&) {
    if (state.busy || state.screen == Screen::Accessibility) return;
    state.accessibility_return = state.screen;
    go(state, out, Screen::Accessibility);
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
    // A temporary password is shown once, on "Mon compte": leaving the screen forgets it.
    if (state.screen == Screen::Account) account_changes::forget_temporary_passwords(state);
  }
  // The two sign-in screens do not share what was typed: a child does not find a parent's
  // identifier there, nor a parent the child's.
  if ((screen == Screen::SignIn || screen == Screen::PupilSignIn) &&
      state.sign_in.pupil != (screen == Screen::PupilSignIn)) {
    state.sign_in = SignInForm{};
    state.sign_in.pupil = screen == Screen::PupilSignIn;
  }
  state.screen = screen;
}

void offer_password_save(std::vector<Request>& out, const std::string& identifier, const std::string& password) {
  out.push_back(OfferPasswordSave{identifier, password});
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
