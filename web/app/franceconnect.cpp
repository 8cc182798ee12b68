#include "web/app/franceconnect.h"

#include <nlohmann/json.hpp>

#include "shared/phone.h"
#include "web/app/activation.h"
#include "web/app/answers.h"
#include "web/app/navigation.h"
#include "web/app/routes.h"

namespace sesame::web::franceconnect {

namespace {

constexpr const char* kIdentityExpired =
    "Votre identification FranceConnect a expiré. Recommencez avec le bouton « S'identifier avec "
    "FranceConnect ».";

}  // namespace

void sign_in(AppState& state, std::vector<Request>& out) {
  if (state.busy || !state.config.franceconnect) return;
  out.push_back(OpenUrl{kAuthorizePath});  // the server redirects to the provider
}

void enter_attach(AppState& state, std::vector<Request>& out) {
  // A new attach: what an earlier activation typed does not carry over.
  if (!state.activation.franceconnect) {
    state.activation = ActivationForm{};
    state.activation.franceconnect = true;
  }
  out.push_back(HttpRequest{RequestKind::FranceConnectPending, "GET", "/api/v1/franceconnect/pending", ""});
}

void enter_failure(AppState& state, const std::string& route) {
  state.franceconnect.failure = franceconnect_failure_of(route);
}

void submit_attach(AppState& state, std::vector<Request>& out) {
  if (state.busy || state.screen != Screen::FranceConnectAttach) return;
  state.field_errors.clear();
  state.form_error.clear();
  const ActivationForm& form = state.activation;
  const Checked<std::string> phone = normalize_mobile_phone(form.phone, form.dial_code);
  if (!phone) {
    state.field_errors[Field::Phone] = phone.error().message;
    return;
  }
  post_form(state, out, RequestKind::FranceConnectAttach, "/api/v1/franceconnect/attach",
            api::PhoneChange{form.phone, form.dial_code});
}

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  const auto body = nlohmann::json::parse(answer.body, nullptr, false);
  if (answer.kind == RequestKind::FranceConnectPending) {
    if (answer.status == 200 && body.is_object()) {
      state.franceconnect.given_name = body.value("given_name", "");
      state.franceconnect.family_name = body.value("family_name", "");
      return;
    }
    state.form_error = answer.status == 410 ? kIdentityExpired : read_error(answer.status, answer.body).message;
    return;
  }
  state.busy = false;
  if (answer.status == 201) {
    if (const auto started = api::decode<api::ActivationStartAnswer>(body)) {
      state.activation.franceconnect = true;
      return activation::code_sent(state, out, *started);
    }
  }
  const api::ErrorBody error = read_error(answer.status, answer.body);
  if (answer.status == 410) {
    state.form_error = kIdentityExpired;
    return;
  }
  show_refusal(state, error, error.field == "phone" ? std::optional<Field>(Field::Phone) : std::nullopt);
}

}  // namespace sesame::web::franceconnect
