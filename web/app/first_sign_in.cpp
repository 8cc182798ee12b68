#include "web/app/first_sign_in.h"

#include <nlohmann/json.hpp>

#include "shared/date.h"
#include "shared/identifier.h"
#include "shared/messages.h"
#include "web/app/answers.h"
#include "web/app/navigation.h"
#include "web/app/sign_in.h"

namespace sesame::web::first_sign_in {

namespace {

using nlohmann::json;

std::string step_path(const AppState& state, const char* step) {
  return "/api/v1/first-sign-in/" + state.first_sign_in.flow + step;
}

// The steps' fields, by the names the server's refusals give them.
constexpr NamedField kFields[] = {{"birth_date", Field::PupilBirthDate},
                                  {"password", Field::PupilNewPassword},
                                  {"confirmation", Field::PupilConfirmation}};

// This first sign-in can no longer go on: locked after too many birth dates, or expired.
bool ended(const HttpAnswered& answer, const api::ErrorBody& error) {
  return answer.status == 410 || error.code == "first_sign_in_locked" || flow_over(error);
}

// The step shows the server's reason and "Retour à la connexion"; nothing typed stays.
void end(AppState& state, const std::string& message) {
  FirstSignInForm& form = state.first_sign_in;
  form.ended = message;
  form.birth_date.clear();
  form.password.clear();
  form.confirmation.clear();
  state.field_errors.clear();
}

// A success of the steps' requests; false when its body cannot be read.
bool accepted(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, const json& body) {
  FirstSignInForm& form = state.first_sign_in;
  switch (answer.kind) {
    case RequestKind::FirstSignInBirthDate:
      form.birth_date.clear();
      form.birth_date_confirmed = true;
      go(state, out, Screen::PupilPassword);
      return true;
    case RequestKind::FirstSignInPassword: {
      const auto session = api::decode<api::SessionAnswer>(body);
      if (!session) return false;
      // The manager saw the identifier typed on the sign-in form: the new password goes with it.
      if (!form.identifier.empty()) offer_password_save(out, form.identifier, form.password);
      state.first_sign_in = FirstSignInForm{};  // the password does not stay in memory
      sign_in::signed_in(state, out, session->account);
      return true;
    }
    default:
      return true;
  }
}

// The error of any other answer.
void refused(AppState& state, std::vector<Request>&, const HttpAnswered& answer,
             const api::ErrorBody& error) {
  if (ended(answer, error)) return end(state, error.message);
  if (answer.kind == RequestKind::FirstSignInBirthDate && error.code == "birth_date_mismatch") {
    state.first_sign_in.birth_date.clear();
    if (error.remaining_attempts && *error.remaining_attempts <= 0)
      return end(state, french_message("first_sign_in_locked"));
    state.field_errors[Field::PupilBirthDate] = code_refusal(error);  // "… Il vous reste 2 essais."
    return;
  }
  show_refusal(state, error, field_in(kFields, error.field));
}

}  // namespace

void started(AppState& state, std::vector<Request>& out, const api::FirstSignInAnswer& answer) {
  FirstSignInForm form;
  // Checked before it was sent: what the server knows the pupil by.
  if (const Checked<std::string> identifier = normalize_identifier(state.sign_in.identifier))
    form.identifier = *identifier;
  form.flow = answer.flow;
  form.first_name = answer.first_name;
  form.expires_at = answer.expires_at;
  state.first_sign_in = std::move(form);
  state.sign_in.identifier.clear();  // the temporary password does not stay in memory, nor the form
  state.sign_in.password.clear();
  state.sign_in.password_shown = false;
  go(state, out, Screen::PupilBirthDate);
}

void submit_birth_date(AppState& state, std::vector<Request>& out) {
  if (state.busy || state.screen != Screen::PupilBirthDate || !state.first_sign_in.ended.empty()) return;
  state.field_errors.clear();
  state.form_error.clear();
  // The date as the children's step of account creation reads it: JJ MM AAAA and its variants.
  const Checked<Date> birth = parse_french_date(state.first_sign_in.birth_date);
  if (!birth) {
    state.field_errors[Field::PupilBirthDate] = birth.error().message;
    return;
  }
  post_form(state, out, RequestKind::FirstSignInBirthDate, step_path(state, "/birth-date"),
            api::BirthDateCheck{*birth});
}

void submit_password(AppState& state, std::vector<Request>& out) {
  if (state.busy || state.screen != Screen::PupilPassword || !state.first_sign_in.ended.empty()) return;
  state.field_errors.clear();
  state.form_error.clear();
  const FirstSignInForm& form = state.first_sign_in;
  if (!password_choice_ok(state, form.password, form.confirmation, Field::PupilNewPassword, Field::PupilConfirmation))
    return;
  post_form(state, out, RequestKind::FirstSignInPassword, step_path(state, "/password"),
            api::PasswordChoice{form.password, form.confirmation});
}

void restart(AppState& state, std::vector<Request>& out) {
  if (state.busy) return;
  state.first_sign_in = FirstSignInForm{};
  state.sign_in = SignInForm{};
  state.sign_in.pupil = true;
  go(state, out, Screen::PupilSignIn);
}

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  follow_answer(state, out, answer, accepted, refused);
}

Screen reachable(const AppState& state, Screen screen) {
  const FirstSignInForm& form = state.first_sign_in;
  switch (screen) {
    case Screen::PupilBirthDate:
      if (form.flow.empty()) return Screen::PupilSignIn;
      return form.birth_date_confirmed && form.ended.empty() ? Screen::PupilPassword : screen;
    case Screen::PupilPassword:
      if (form.flow.empty()) return Screen::PupilSignIn;
      return form.birth_date_confirmed ? screen : Screen::PupilBirthDate;
    default:
      return screen;
  }
}

}  // namespace sesame::web::first_sign_in
