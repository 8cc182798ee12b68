// The staff's way in: the invitation (password, authenticator app, recovery codes)
// and the sign-in with its second factor.
#include <nlohmann/json.hpp>

#include "shared/email.h"
#include "shared/messages.h"
#include "web/app/answers.h"
#include "web/app/navigation.h"
#include "web/app/routes.h"
#include "web/app/staff.h"

namespace sesame::web::staff {

namespace {

using nlohmann::json;

constexpr const char* kApi = "/api/v1/staff";

std::string invitation_path(const AppState& state, const char* step = "") {
  return std::string(kApi) + "/invitations/" + state.staff.invitation.token + step;
}

constexpr NamedField kInvitationFields[] = {{"password", Field::StaffNewPassword},
                                            {"confirmation", Field::StaffConfirmation},
                                            {"code", Field::StaffTotpCode}};
constexpr NamedField kSignInFields[] = {{"email", Field::StaffEmail},
                                        {"password", Field::StaffPassword},
                                        {"code", Field::StaffTotpCode},
                                        {"recovery_code", Field::StaffRecoveryCode}};

// An invitation that can no longer be used: its message replaces the steps.
bool invitation_over(const api::ErrorBody& error) {
  return error.code == "invitation_unknown" || error.code == "invitation_expired" ||
         error.code == "invitation_used";
}

// The app's six digits, spaces dropped; the field says why when they are not.
std::optional<std::string> app_code(AppState& state, const std::string& typed) {
  const std::optional<std::string> code = typed_code(typed);
  if (!code)
    state.field_errors[Field::StaffTotpCode] =
        "Le code compte 6 chiffres : recopiez celui qu'affiche votre application d'authentification.";
  return code;
}

// The staff member is signed in (the second factor, or the invitation's last step).
void signed_in(AppState& state, api::StaffProfile profile) {
  StaffConsoleState console;
  console.profile = std::move(profile);
  if (!console.profile->schools.empty()) console.uai = console.profile->schools.front().uai;
  state.staff.console = std::move(console);
  state.staff.sign_in = StaffSignInForm{};  // the password and codes do not stay in memory
}

bool accepted(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, const json& body) {
  StaffInvitationForm& invitation = state.staff.invitation;
  switch (answer.kind) {
    case RequestKind::StaffInvitation: {
      auto decoded = api::decode<api::StaffInvitation>(body);
      if (!decoded) return false;
      invitation.invitation = std::move(*decoded);
      invitation.status = LoadStatus::Loaded;
      return true;
    }
    case RequestKind::StaffInvitationPassword: {
      auto decoded = api::decode<api::TotpEnrolment>(body);
      if (!decoded) return false;
      invitation.enrolment = std::move(*decoded);
      invitation.password.clear();
      invitation.confirmation.clear();
      invitation.password_shown = false;
      invitation.code.clear();
      invitation.step = StaffInvitationStep::Totp;
      return true;
    }
    case RequestKind::StaffInvitationTotp: {
      auto decoded = api::decode<api::RecoveryCodesAnswer>(body);
      if (!decoded) return false;
      signed_in(state, std::move(decoded->staff));
      invitation.recovery_codes = std::move(decoded->recovery_codes);
      invitation.enrolment.reset();  // the secret is enrolled: it is not kept
      invitation.code.clear();
      invitation.step = StaffInvitationStep::RecoveryCodes;
      return true;
    }
    case RequestKind::StaffSignIn: {
      auto decoded = api::decode<api::FlowAnswer>(body);
      if (!decoded || decoded->flow.empty()) return false;
      StaffSignInForm& form = state.staff.sign_in;
      form.flow = decoded->flow;
      form.password.clear();
      form.password_shown = false;
      form.code.clear();
      form.recovery_code.clear();
      form.use_recovery_code = false;
      go(state, out, Screen::StaffCode);
      return true;
    }
    case RequestKind::StaffSecondFactor: {
      auto decoded = api::decode<api::StaffProfile>(body);
      if (!decoded) return false;
      signed_in(state, std::move(*decoded));
      go(state, out, Screen::StaffConsole);
      enter_console(state, out);
      return true;
    }
    default:
      return true;
  }
}

void refused(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, const api::ErrorBody& error) {
  StaffInvitationForm& invitation = state.staff.invitation;
  StaffSignInForm& form = state.staff.sign_in;
  switch (answer.kind) {
    case RequestKind::StaffInvitation:
      invitation.status = LoadStatus::Failed;
      invitation.failure = error.message;
      return;
    case RequestKind::StaffInvitationPassword:
    case RequestKind::StaffInvitationTotp:
      if (invitation_over(error)) {
        invitation.failure = error.message;
        invitation.status = LoadStatus::Failed;
        return;
      }
      if (error.code == "flow_step_out_of_order") {  // the password first
        invitation.step = StaffInvitationStep::Password;
        invitation.enrolment.reset();
      }
      if (error.code == "invalid_totp_code") {
        invitation.code.clear();
        state.field_errors[Field::StaffTotpCode] = code_refusal(error);
        return;
      }
      return show_refusal(state, error, field_in(kInvitationFields, error.field));
    case RequestKind::StaffSignIn:
      form.password.clear();  // typed again, never kept after a refusal
      return show_refusal(state, error, std::nullopt);
    case RequestKind::StaffSecondFactor:
      // Locked after five wrong codes, or expired: the sign-in starts again.
      if (answer.status == 410 || flow_over(error)) {
        const std::string email = form.email;
        form = StaffSignInForm{};
        form.email = email;
        go(state, out, Screen::StaffSignIn);
        state.form_error = error.message + " Saisissez de nouveau votre mot de passe.";
        return;
      }
      form.code.clear();
      form.recovery_code.clear();
      if (error.code == "invalid_totp_code" || error.code == "totp_code_reused") {
        state.field_errors[Field::StaffTotpCode] = code_refusal(error);
        return;
      }
      if (error.code == "invalid_recovery_code") {
        state.field_errors[Field::StaffRecoveryCode] = code_refusal(error);
        return;
      }
      return show_refusal(state, error, field_in(kSignInFields, error.field));
    default:
      return;
  }
}

}  // namespace

void open_sign_in(AppState& state, std::vector<Request>& out) { go(state, out, Screen::StaffSignIn); }

void submit_sign_in(AppState& state, std::vector<Request>& out) {
  if (state.busy || state.screen != Screen::StaffSignIn) return;
  state.field_errors.clear();
  state.form_error.clear();
  StaffSignInForm& form = state.staff.sign_in;
  const Checked<std::string> email = check_email(form.email);
  if (!email) state.field_errors[Field::StaffEmail] = email.error().message;
  if (form.password.empty()) state.field_errors[Field::StaffPassword] = "Indiquez votre mot de passe.";
  if (!state.field_errors.empty()) return;
  post_form(state, out, RequestKind::StaffSignIn, std::string(kApi) + "/session",
            api::StaffSignIn{*email, form.password});
}

void submit_code(AppState& state, std::vector<Request>& out) {
  if (state.busy || state.screen != Screen::StaffCode || state.staff.sign_in.flow.empty()) return;
  state.field_errors.clear();
  state.form_error.clear();
  StaffSignInForm& form = state.staff.sign_in;
  api::SecondFactor factor;
  if (form.use_recovery_code) {
    std::string code;
    for (const char c : form.recovery_code)
      if (c != ' ') code += c;
    if (code.empty()) {
      state.field_errors[Field::StaffRecoveryCode] = "Saisissez l'un de vos codes de secours, par exemple 4f7k-9qzm.";
      return;
    }
    factor.recovery_code = code;
  } else {
    const std::optional<std::string> code = app_code(state, form.code);
    if (!code) return;
    factor.code = *code;
  }
  post_form(state, out, RequestKind::StaffSecondFactor, std::string(kApi) + "/session/" + form.flow + "/code",
            factor);
}

void toggle_recovery_code(AppState& state) {
  if (state.busy || state.screen != Screen::StaffCode) return;
  StaffSignInForm& form = state.staff.sign_in;
  form.use_recovery_code = !form.use_recovery_code;
  form.code.clear();
  form.recovery_code.clear();
  state.field_errors.clear();
  state.form_error.clear();
}

void enter_invitation(AppState& state, std::vector<Request>& out, std::string_view route) {
  const std::string token = staff_invitation_token_of(route);
  StaffInvitationForm& invitation = state.staff.invitation;
  if (token.empty()) {
    // "#/personnel/invitation" alone, or a token cut short: the invitation is unknown.
    if (!invitation.token.empty()) return;  // back on the invitation already opened
    invitation = StaffInvitationForm{};
    invitation.status = LoadStatus::Failed;
    invitation.failure = french_message("invitation_unknown");
    return;
  }
  if (token == invitation.token) return;  // the same invitation: its step stays
  invitation = StaffInvitationForm{};
  invitation.token = token;
  out.push_back(HttpRequest{RequestKind::StaffInvitation, "GET", invitation_path(state), ""});
}

void submit_invitation(AppState& state, std::vector<Request>& out) {
  StaffInvitationForm& invitation = state.staff.invitation;
  if (state.busy || state.screen != Screen::StaffInvitation || invitation.status != LoadStatus::Loaded) return;
  state.field_errors.clear();
  state.form_error.clear();
  switch (invitation.step) {
    case StaffInvitationStep::Password:
      if (!password_choice_ok(state, invitation.password, invitation.confirmation, Field::StaffNewPassword,
                              Field::StaffConfirmation))
        return;
      return post_form(state, out, RequestKind::StaffInvitationPassword, invitation_path(state, "/password"),
                       api::PasswordChoice{invitation.password, invitation.confirmation});
    case StaffInvitationStep::Totp: {
      const std::optional<std::string> code = app_code(state, invitation.code);
      if (!code) return;
      return post_form(state, out, RequestKind::StaffInvitationTotp, invitation_path(state, "/totp"),
                       api::CodeVerify{*code});
    }
    case StaffInvitationStep::RecoveryCodes:
      return recovery_codes_noted(state, out);
  }
}

void recovery_codes_noted(AppState& state, std::vector<Request>& out) {
  StaffInvitationForm& invitation = state.staff.invitation;
  if (state.screen != Screen::StaffInvitation || invitation.step != StaffInvitationStep::RecoveryCodes) return;
  // The codes were shown once: they leave memory with the invitation.
  invitation = StaffInvitationForm{};
  go(state, out, Screen::StaffConsole);
  enter_console(state, out);
}

void answered_access(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  follow_answer(state, out, answer, accepted, refused);
}

}  // namespace sesame::web::staff
