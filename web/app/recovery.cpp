#include "web/app/recovery.h"

#include <nlohmann/json.hpp>

#include "shared/email.h"
#include "shared/identifier.h"
#include "shared/messages.h"
#include "shared/phone.h"
#include "web/app/answers.h"
#include "web/app/navigation.h"

namespace sesame::web::recovery {

namespace {

using nlohmann::json;

std::string step_path(const AppState& state, const char* step) {
  return "/api/v1/recovery/password/" + state.recovery.flow + step;
}

// The field a refusal names, when the screen shown has it.
std::optional<Field> field_named(const AppState& state, const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  switch (state.screen) {
    case Screen::RecoveryIdentifier:
      if (*name == "phone" && state.recovery.channel == RecoveryChannel::Sms) return Field::RecoveryPhone;
      if (*name == "email" && state.recovery.channel == RecoveryChannel::Email) return Field::RecoveryEmail;
      return std::nullopt;
    case Screen::RecoveryPasswordIdentifier:
      if (*name == "identifier") return Field::RecoveryIdentifier;
      return std::nullopt;
    case Screen::RecoveryPasswordCode:
      if (*name == "code") return Field::RecoveryCode;
      return std::nullopt;
    case Screen::RecoveryPasswordNew:
      if (*name == "password") return Field::RecoveryNewPassword;
      if (*name == "confirmation") return Field::RecoveryConfirmation;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// A refusal under the field it names when the screen shown has it.
void show_error(AppState& state, const api::ErrorBody& error) {
  show_refusal(state, error, field_named(state, error.field));
}

void submit_contact(AppState& state, std::vector<Request>& out) {
  const RecoveryForm& form = state.recovery;
  api::RecoveryIdentifier request;
  if (form.channel == RecoveryChannel::Sms) {
    const Checked<std::string> phone = normalize_mobile_phone(form.phone);
    if (!phone) {
      state.field_errors[Field::RecoveryPhone] = phone.error().message;
      return;
    }
    request.phone = *phone;
  } else {
    const Checked<std::string> email = check_email(form.email);
    if (!email) {
      state.field_errors[Field::RecoveryEmail] = email.error().message;
      return;
    }
    request.email = *email;
  }
  post_form(state, out, RequestKind::RecoveryIdentifier, "/api/v1/recovery/identifier", request);
}

void submit_identifier(AppState& state, std::vector<Request>& out) {
  const Checked<std::string> identifier = normalize_identifier(state.recovery.identifier);
  if (!identifier) {
    state.field_errors[Field::RecoveryIdentifier] = identifier.error().message;
    return;
  }
  post_form(state, out, RequestKind::RecoveryPasswordStart, "/api/v1/recovery/password",
            api::RecoveryPassword{*identifier});
}

void submit_code(AppState& state, std::vector<Request>& out) {
  post_sms_code(state, out, state.recovery.code, Field::RecoveryCode, RequestKind::RecoveryPasswordCode,
                step_path(state, "/code"));
}

void submit_password(AppState& state, std::vector<Request>& out) {
  const RecoveryForm& form = state.recovery;
  if (!password_choice_ok(state, form.password, form.confirmation, Field::RecoveryNewPassword,
                          Field::RecoveryConfirmation))
    return;
  post_form(state, out, RequestKind::RecoveryPasswordSet, step_path(state, "/password"),
            api::PasswordChoice{form.password, form.confirmation});
}

}  // namespace

void start_identifier(AppState& state, std::vector<Request>& out) {
  state.recovery = RecoveryForm{};
  go(state, out, Screen::RecoveryIdentifier);
}

void start_password(AppState& state, std::vector<Request>& out) {
  state.recovery = RecoveryForm{};
  state.recovery.identifier = state.sign_in.identifier;  // typed already on the sign-in screen
  go(state, out, Screen::RecoveryPasswordIdentifier);
}

void pick_channel(AppState& state, RecoveryChannel channel) {
  if (state.busy || state.recovery.identifier_sent) return;
  state.recovery.channel = channel;
  state.field_errors.clear();
  state.form_error.clear();
}

void submit(AppState& state, std::vector<Request>& out) {
  if (state.busy) return;
  state.field_errors.clear();
  state.form_error.clear();
  switch (state.screen) {
    case Screen::RecoveryIdentifier:
      if (!state.recovery.identifier_sent) submit_contact(state, out);
      return;
    case Screen::RecoveryPasswordIdentifier:
      return submit_identifier(state, out);
    case Screen::RecoveryPasswordCode:
      return submit_code(state, out);
    case Screen::RecoveryPasswordNew:
      return submit_password(state, out);
    default:
      return;
  }
}

namespace {

// A success of the flow's requests; false when its body cannot be read.
bool accepted(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, const json& body) {
  RecoveryForm& form = state.recovery;
  switch (answer.kind) {
    case RequestKind::RecoveryIdentifier:
      form.identifier_sent = true;  // 202 {}, whether or not an account matches
      return true;
    case RequestKind::RecoveryPasswordStart:
      if (const auto started = api::decode<api::FlowAnswer>(body)) {
        form.flow = started->flow;
        form.code.clear();
        form.remaining_code_attempts.reset();
        form.code_accepted = false;
        go(state, out, Screen::RecoveryPasswordCode);
        return true;
      }
      return false;
    case RequestKind::RecoveryPasswordCode:
      form.code.clear();
      form.code_accepted = true;
      go(state, out, Screen::RecoveryPasswordNew);
      return true;
    case RequestKind::RecoveryPasswordSet: {
      // 204: no session; the parent signs in with the new password.
      const Checked<std::string> identifier = normalize_identifier(form.identifier);
      if (identifier) offer_password_save(out, *identifier, form.password);
      state.recovery = RecoveryForm{};  // the password does not stay in memory
      go(state, out, Screen::SignIn);
      if (identifier) state.sign_in.identifier = *identifier;
      state.sign_in.password.clear();
      state.notice = Notice::PasswordReset;
      return true;
    }
    default:
      return true;
  }
}

// The error of any other answer.
void refused(AppState& state, std::vector<Request>& out, const HttpAnswered& answer,
             const api::ErrorBody& error) {
  RecoveryForm& form = state.recovery;
  if (flow_over(error) &&
      (answer.kind == RequestKind::RecoveryPasswordCode || answer.kind == RequestKind::RecoveryPasswordSet)) {
    form.flow.clear();
    form.code_accepted = false;
    form.password.clear();
    form.confirmation.clear();
    go(state, out, Screen::RecoveryPasswordIdentifier);
    state.form_error = error.message;
    return;
  }
  if (!code_refused(state, error, form.code, form.remaining_code_attempts, Field::RecoveryCode))
    show_error(state, error);
}

}  // namespace

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  follow_answer(state, out, answer, accepted, refused);
}

bool can_show(const AppState& state, Screen screen) {
  switch (screen) {
    case Screen::RecoveryPasswordCode:
      return !state.recovery.flow.empty();
    case Screen::RecoveryPasswordNew:
      return !state.recovery.flow.empty() && state.recovery.code_accepted;
    default:
      return true;
  }
}

}  // namespace sesame::web::recovery
