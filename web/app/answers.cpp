#include "web/app/answers.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "shared/date.h"
#include "shared/messages.h"
#include "shared/password.h"

namespace sesame::web {

namespace {

api::ErrorBody error_of(const char* code, const char* message) {
  api::ErrorBody error;
  error.code = code;
  error.message = message;
  return error;
}

}  // namespace

api::ErrorBody read_error(int status, const std::string& body) {
  if (status == 0) return error_of("no_answer", kNoAnswerMessage);
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object()) {
    const Checked<api::ErrorAnswer> answer = api::decode<api::ErrorAnswer>(json);
    if (answer) {
      api::ErrorBody error = answer->error;
      if (error.message.empty()) error.message = french_message(error.code);
      return error;
    }
  }
  const char* code = status >= 500 ? "service_unavailable" : "bad_request";
  return error_of(code, french_message(code));
}

void send_form(AppState& state, std::vector<Request>& out, RequestKind kind, std::string method, std::string path,
               const nlohmann::json& body) {
  state.busy = true;
  state.form_error.clear();
  out.push_back(HttpRequest{kind, std::move(method), std::move(path), body.dump()});
}

void post_form(AppState& state, std::vector<Request>& out, RequestKind kind, std::string path,
               const nlohmann::json& body) {
  send_form(state, out, kind, "POST", std::move(path), body);
}

void follow_answer(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, Accepted accepted,
                   Refused refused) {
  state.busy = false;
  if (answer.status < 200 || answer.status >= 300)
    return refused(state, out, answer, read_error(answer.status, answer.body));
  if (!accepted(state, out, answer, nlohmann::json::parse(answer.body, nullptr, false)))
    state.form_error = french_message("internal_error");
}

std::optional<Field> field_in(std::span<const NamedField> fields, const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  for (const NamedField& named : fields)
    if (named.name == *name) return named.field;
  return std::nullopt;
}

void show_refusal(AppState& state, const api::ErrorBody& error, std::optional<Field> field) {
  if (field) {
    state.field_errors[*field] = error.message;
  } else {
    state.form_error = error.message;
  }
  state.form_error += retry_wait(error);
}

std::string retry_wait(const api::ErrorBody& error) {
  if (!error.retry_after_seconds || *error.retry_after_seconds <= 0) return {};
  const int minutes = (*error.retry_after_seconds + 59) / 60;
  return minutes <= 1 ? " Réessayez dans une minute." : " Réessayez dans " + std::to_string(minutes) + " minutes.";
}

bool password_choice_ok(AppState& state, const std::string& password, const std::string& confirmation,
                        Field password_field, Field confirmation_field) {
  const auto error = password_choice_error(password, confirmation);
  if (!error) return true;
  state.field_errors[error->code == "password_mismatch" ? confirmation_field : password_field] = error->message;
  return false;
}

std::string attempts_left(int remaining) {
  return " Il vous reste " + std::to_string(remaining) + (remaining == 1 ? " essai." : " essais.");
}

std::string code_refusal(const api::ErrorBody& error) {
  return error.message + (error.remaining_attempts ? attempts_left(*error.remaining_attempts) : std::string());
}

bool code_refused(AppState& state, const api::ErrorBody& error, std::string& code,
                  std::optional<int>& remaining_attempts, Field field) {
  if (error.code != "invalid_code") return false;
  remaining_attempts = error.remaining_attempts;
  code.clear();
  state.field_errors[field] = code_refusal(error);
  return true;
}

std::optional<int> tries_left_for(const api::ErrorBody& error, const api::Child& child) {
  if (!error.children) return std::nullopt;
  const auto it = std::find_if(error.children->begin(), error.children->end(),
                               [&](const api::ChildAttempts& c) { return c.id == child.id; });
  if (it == error.children->end()) return std::nullopt;
  return it->remaining_attempts;
}

bool add_child_answer(ChildForm& form, api::ChildrenConfirm& request) {
  if (form.answer == GuardianAnswer::No) {
    request.children.push_back(api::ChildConfirmation{form.child.id, false, std::nullopt});
    return true;
  }
  const Checked<Date> birth = parse_french_date(form.birth_date);
  if (!birth) {
    form.error = birth.error().message;
    return false;
  }
  request.children.push_back(api::ChildConfirmation{form.child.id, true, *birth});
  return true;
}

std::vector<ChildForm> child_forms(const std::vector<api::Child>& children) {
  std::vector<ChildForm> forms;
  for (const api::Child& child : children) {
    ChildForm form;
    form.child = child;
    forms.push_back(std::move(form));
  }
  return forms;
}

void answer_guardian(std::vector<ChildForm>& children, const GuardianAnswered& answer) {
  if (answer.index < 0 || answer.index >= static_cast<int>(children.size())) return;
  ChildForm& child = children[static_cast<std::size_t>(answer.index)];
  if (child.confirmed) return;
  child.answer = answer.answer;
  child.error.clear();
}

std::optional<api::ChildrenConfirm> children_answers(AppState& state, std::vector<ChildForm>& children) {
  api::ChildrenConfirm request;
  bool complete = true;
  bool any_guardian = false;
  for (ChildForm& form : children) {
    form.error.clear();
    if (form.confirmed) {
      any_guardian = true;
      continue;
    }
    if (form.remaining_attempts && *form.remaining_attempts == 0) continue;  // refused: the school will see
    if (form.answer == GuardianAnswer::Unanswered) {
      form.error = "Indiquez si vous êtes le représentant légal de cet élève.";
      complete = false;
      continue;
    }
    if (!add_child_answer(form, request)) {
      complete = false;
    } else if (form.answer == GuardianAnswer::Yes) {
      any_guardian = true;
    }
  }
  if (!complete) return std::nullopt;
  if (!any_guardian) {
    state.form_error = french_message("no_child_confirmed");
    return std::nullopt;
  }
  return request;
}

void children_mismatch(std::vector<ChildForm>& children, const api::ErrorBody& error, const std::string& spent) {
  // The answers not named here were accepted and are kept by the server.
  for (ChildForm& form : children) {
    const std::optional<int> left = tries_left_for(error, form.child);
    if (!left) {
      if (form.answer == GuardianAnswer::Yes) form.confirmed = true;
      continue;
    }
    form.remaining_attempts = left;
    form.error = *left > 0 ? french_message("birth_date_mismatch") + attempts_left(*left) : spent;
  }
}

std::optional<std::string> typed_code(const std::string& typed) {
  std::string code;
  for (char c : typed)
    if (c != ' ') code += c;
  if (code.size() != 6 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return code;
}

void post_sms_code(AppState& state, std::vector<Request>& out, const std::string& typed, Field field,
                   RequestKind kind, std::string path) {
  const std::optional<std::string> code = typed_code(typed);
  if (!code) {
    state.field_errors[field] = "Le code de sécurité compte 6 chiffres : recopiez-le depuis le SMS reçu.";
    return;
  }
  post_form(state, out, kind, std::move(path), api::CodeVerify{*code});
}

bool flow_over(const api::ErrorBody& error) {
  return error.code == "flow_expired" || error.code == "flow_locked" || error.code == "flow_completed";
}

}  // namespace sesame::web
