#include "web/app/activation.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "shared/messages.h"
#include "shared/names.h"
#include "shared/phone.h"
#include "web/app/answers.h"
#include "web/app/navigation.h"

namespace sesame::web::activation {

namespace {

using nlohmann::json;

std::string step_path(const AppState& state, const char* step) {
  return "/api/v1/activation/" + state.activation.flow + step;
}

// The flow's fields, by the names the server's refusals give them.
constexpr NamedField kFields[] = {
    {"last_name", Field::LastName},   {"first_name", Field::FirstName},
    {"phone", Field::Phone},          {"code", Field::Code},
    {"password", Field::NewPassword}, {"confirmation", Field::PasswordConfirmation}};

// A refusal under the field it names when this flow's screens have it.
void show_error(AppState& state, const api::ErrorBody& error) {
  show_refusal(state, error, field_in(kFields, error.field));
}

// The server sent an SMS just now: the next may go after the interval it applies.
void sms_sent(AppState& state) {
  state.activation.resend_allowed_at_ms = state.now_ms + 1000.0 * state.config.sms_resend_interval_seconds;
}

void resend_refused(AppState& state, const api::ErrorBody& error) {
  if (error.retry_after_seconds) {
    // The countdown says it; a second message above would only repeat it.
    state.activation.resend_allowed_at_ms = state.now_ms + 1000.0 * *error.retry_after_seconds;
    return;
  }
  state.activation.resends_used_up = true;
}

void children_answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  if (answer.status == 200) {
    go(state, out, Screen::ActivationPassword);
    return;
  }
  const api::ErrorBody error = read_error(answer.status, answer.body);
  if (error.code != "birth_date_mismatch" || !error.children) return show_error(state, error);
  children_mismatch(state.activation.children, error,
                    "Trop d'essais : cet élève ne peut pas être rattaché en ligne. Contactez son établissement.");
}

}  // namespace

void start(AppState& state, std::vector<Request>& out) {
  state.activation = ActivationForm{};
  go(state, out, Screen::ActivationIdentity);
}

void submit_identity(AppState& state, std::vector<Request>& out) {
  if (state.busy) return;
  ActivationForm& form = state.activation;
  state.field_errors.clear();
  state.form_error.clear();
  const Checked<std::string> last = check_person_name(form.last_name, "Nom");
  const Checked<std::string> first = check_person_name(form.first_name, "Prénom");
  const Checked<std::string> phone = normalize_mobile_phone(form.phone, form.dial_code);
  if (!last) state.field_errors[Field::LastName] = last.error().message;
  if (!first) state.field_errors[Field::FirstName] = first.error().message;
  if (!phone) state.field_errors[Field::Phone] = phone.error().message;
  if (!state.field_errors.empty()) return;
  post_form(state, out, RequestKind::ActivationStart, "/api/v1/activation",
            api::ActivationStart{form.last_name, form.first_name, form.phone, form.dial_code});
}

void submit_code(AppState& state, std::vector<Request>& out) {
  if (state.busy) return;
  state.field_errors.clear();
  post_sms_code(state, out, state.activation.code, Field::Code, RequestKind::ActivationCode,
                step_path(state, "/sms"));
}

void resend(AppState& state, std::vector<Request>& out) {
  if (state.busy || state.activation.resends_used_up || resend_wait_seconds(state) > 0) return;
  state.activation.sms_resent = false;
  post_form(state, out, RequestKind::ActivationResend, step_path(state, "/sms/resend"), json::object());
}

void answer_guardian(AppState& state, const GuardianAnswered& answer) {
  web::answer_guardian(state.activation.children, answer);
}

void submit_children(AppState& state, std::vector<Request>& out) {
  if (state.busy) return;
  state.form_error.clear();
  if (const auto request = children_answers(state, state.activation.children))
    post_form(state, out, RequestKind::ActivationChildren, step_path(state, "/children"), *request);
}

void submit_password(AppState& state, std::vector<Request>& out) {
  if (state.busy) return;
  state.field_errors.clear();
  const ActivationForm& form = state.activation;
  if (!password_choice_ok(state, form.password, form.confirmation, Field::NewPassword, Field::PasswordConfirmation))
    return;
  post_form(state, out, RequestKind::ActivationPassword, step_path(state, "/password"),
            api::PasswordChoice{form.password, form.confirmation});
}

namespace {

// A success of the flow's requests; false when its body cannot be read.
bool accepted(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, const json& body) {
  ActivationForm& form = state.activation;
  switch (answer.kind) {
    case RequestKind::ActivationStart:
      if (const auto started = api::decode<api::ActivationStartAnswer>(body)) {
        code_sent(state, out, *started);
        return true;
      }
      return false;
    case RequestKind::ActivationResend:
      form.sms_resent = true;
      sms_sent(state);
      return true;
    case RequestKind::ActivationCode:
      if (const auto offered = api::decode<api::ChildrenAnswer>(body)) {
        form.children = child_forms(offered->children);
        go(state, out, Screen::ActivationChildren);
        return true;
      }
      return false;
    case RequestKind::ActivationChildren:
      if (answer.status == 201 && form.franceconnect) {
        // Through FranceConnect the account is made with the children, signed in: "Mon compte".
        form = ActivationForm{};
        go(state, out, Screen::Account);
        out.push_back(HttpRequest{RequestKind::Me, "GET", "/api/v1/me", ""});
        return true;
      }
      children_answered(state, out, answer);
      return true;
    case RequestKind::ActivationPassword:
      if (const auto created = api::decode<api::IdentifierAnswer>(body)) {
        form.identifier = created->identifier;
        offer_password_save(out, form.identifier, form.password);
        form.password.clear();  // the password does not stay in memory
        form.confirmation.clear();
        go(state, out, Screen::ActivationIdentifier);
        return true;
      }
      return false;
    default:
      return true;
  }
}

// The error of any other answer.
void refused(AppState& state, std::vector<Request>& out, const HttpAnswered& answer,
             const api::ErrorBody& error) {
  if (answer.kind == RequestKind::ActivationChildren) return children_answered(state, out, answer);
  ActivationForm& form = state.activation;
  if (flow_over(error) && answer.kind != RequestKind::ActivationStart) {
    form.flow.clear();
    go(state, out, Screen::ActivationIdentity);
    state.form_error = error.message;
    return;
  }
  if (answer.kind == RequestKind::ActivationResend && answer.status == 429)
    return resend_refused(state, error);
  if (!code_refused(state, error, form.code, form.remaining_code_attempts, Field::Code))
    show_error(state, error);
}

}  // namespace

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  follow_answer(state, out, answer, accepted, refused);
}

void code_sent(AppState& state, std::vector<Request>& out, const api::ActivationStartAnswer& started) {
  ActivationForm& form = state.activation;
  form.flow = started.flow;
  form.phone_masked = started.phone_masked;
  form.code.clear();
  form.remaining_code_attempts.reset();
  form.resends_used_up = false;
  sms_sent(state);
  go(state, out, Screen::ActivationCode);
}

int resend_wait_seconds(const AppState& state) {
  const double left_ms = state.activation.resend_allowed_at_ms - state.now_ms;
  return left_ms > 0 ? static_cast<int>(std::ceil(left_ms / 1000.0)) : 0;
}

std::optional<double> next_redraw_ms(const AppState& state) {
  if (state.screen != Screen::ActivationCode || state.activation.resends_used_up) return std::nullopt;
  const int wait = resend_wait_seconds(state);
  if (wait == 0) return std::nullopt;
  return state.activation.resend_allowed_at_ms - 1000.0 * (wait - 1);
}

bool can_show(const AppState& state, Screen screen) {
  switch (screen) {
    case Screen::ActivationCode:
      return !state.activation.flow.empty();
    case Screen::ActivationChildren:
    case Screen::ActivationPassword:
      return !state.activation.flow.empty() && !state.activation.children.empty();
    case Screen::ActivationIdentifier:
      return !state.activation.identifier.empty();
    default:
      return true;
  }
}

}  // namespace sesame::web::activation
