#include "web/app/first_sign_in.h"

#include <algorithm>
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

constexpr const char* kParentProfile = "parent";
// The letter spent: what the server answers at its last wrong date.
api::ErrorBody locked_letter() {
  api::ErrorBody error;
  error.code = "first_sign_in_locked";
  return error;
}

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
    case RequestKind::FirstSignInChildren: {
      const auto confirmed = api::decode<api::ChildrenAnswer>(body);
      if (!confirmed) return false;
      for (ChildForm& child : form.children)
        child.confirmed = std::any_of(confirmed->children.begin(), confirmed->children.end(),
                                      [&](const api::Child& c) { return c.id == child.child.id; });
      form.children_confirmed = true;
      go(state, out, Screen::ParentFirstSignInPassword);
      return true;
    }
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

// A parent's first sign-in can no longer go on: back to the parents' sign-in, which says
// why; nothing of the letter's first sign-in stays in memory.
void parent_ended(AppState& state, std::vector<Request>& out, const api::ErrorBody& error) {
  state.first_sign_in = FirstSignInForm{};
  state.sign_in = SignInForm{};
  go(state, out, Screen::SignIn);
  state.form_error = parent_letter_message(error);
}

// The error of a parent's step.
void parent_refused(AppState& state, std::vector<Request>& out, const HttpAnswered& answer,
                    const api::ErrorBody& error) {
  if (ended(answer, error) || error.code == "temporary_password_expired") return parent_ended(state, out, error);
  if (answer.kind == RequestKind::FirstSignInChildren && error.code == "birth_date_mismatch" && error.children) {
    // The server locks the letter at its last try (410); no try left is the same.
    const bool spent = std::any_of(error.children->begin(), error.children->end(),
                                   [](const api::ChildAttempts& c) { return c.remaining_attempts <= 0; });
    if (spent) return parent_ended(state, out, locked_letter());
    // The tries belong to the letter: every child named says how many are left.
    children_mismatch(state.first_sign_in.children, error, parent_letter_message(locked_letter()));
    return;
  }
  show_refusal(state, error, field_in(kFields, error.field));
}

// The error of any other answer.
void refused(AppState& state, std::vector<Request>& out, const HttpAnswered& answer,
             const api::ErrorBody& error) {
  if (state.first_sign_in.parent) return parent_refused(state, out, answer, error);
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
  // A parent's activation letter: the children to confirm, not a birth date of one's own.
  form.parent = answer.profile == kParentProfile || !answer.children.empty();
  form.children = child_forms(answer.children);
  const bool parent = form.parent;
  state.first_sign_in = std::move(form);
  state.sign_in.identifier.clear();  // the temporary password does not stay in memory, nor the form
  state.sign_in.password.clear();
  state.sign_in.password_shown = false;
  go(state, out, parent ? Screen::ParentFirstSignInChildren : Screen::PupilBirthDate);
}

void answer_guardian(AppState& state, const GuardianAnswered& answer) {
  if (state.busy || state.screen != Screen::ParentFirstSignInChildren) return;
  web::answer_guardian(state.first_sign_in.children, answer);
}

void submit_children(AppState& state, std::vector<Request>& out) {
  if (state.busy || state.screen != Screen::ParentFirstSignInChildren) return;
  state.field_errors.clear();
  state.form_error.clear();
  if (const auto request = children_answers(state, state.first_sign_in.children))
    post_form(state, out, RequestKind::FirstSignInChildren, step_path(state, "/children"), *request);
}

std::string parent_letter_message(const api::ErrorBody& error) {
  if (error.code == "first_sign_in_locked")
    return "Trop d'essais : le mot de passe provisoire de votre lettre ne peut plus servir. Demandez une "
           "nouvelle lettre à l'établissement.";
  if (error.code == "temporary_password_expired")
    return "Le mot de passe provisoire de votre lettre a expiré. Demandez une nouvelle lettre à "
           "l'établissement.";
  return error.message;
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
  const Screen step = state.first_sign_in.parent ? Screen::ParentFirstSignInPassword : Screen::PupilPassword;
  if (state.busy || state.screen != step || !state.first_sign_in.ended.empty()) return;
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
  const bool parent = state.first_sign_in.parent || is_parent_screen(state.screen);
  state.first_sign_in = FirstSignInForm{};
  state.sign_in = SignInForm{};
  state.sign_in.pupil = !parent;
  go(state, out, parent ? Screen::SignIn : Screen::PupilSignIn);
}

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  follow_answer(state, out, answer, accepted, refused);
}

bool is_parent_screen(Screen screen) {
  return screen == Screen::ParentFirstSignInChildren || screen == Screen::ParentFirstSignInPassword;
}

Screen reachable(const AppState& state, Screen screen) {
  const FirstSignInForm& form = state.first_sign_in;
  // A parent's letter has no birth date of one's own: the parent's steps.
  if (form.parent && (screen == Screen::PupilBirthDate || screen == Screen::PupilPassword))
    screen = Screen::ParentFirstSignInChildren;
  switch (screen) {
    case Screen::PupilBirthDate:
      if (form.flow.empty()) return Screen::PupilSignIn;
      return form.birth_date_confirmed && form.ended.empty() ? Screen::PupilPassword : screen;
    case Screen::PupilPassword:
      if (form.flow.empty()) return Screen::PupilSignIn;
      return form.birth_date_confirmed ? screen : Screen::PupilBirthDate;
    // A parent's steps: only with a parent's flow, the password once the children are confirmed.
    case Screen::ParentFirstSignInChildren:
      if (form.flow.empty() || !form.parent) return Screen::SignIn;
      return form.children_confirmed ? Screen::ParentFirstSignInPassword : screen;
    case Screen::ParentFirstSignInPassword:
      if (form.flow.empty() || !form.parent) return Screen::SignIn;
      return form.children_confirmed ? screen : Screen::ParentFirstSignInChildren;
    default:
      return screen;
  }
}

}  // namespace sesame::web::first_sign_in
