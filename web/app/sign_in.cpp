#include "web/app/sign_in.h"

#include <nlohmann/json.hpp>

#include "shared/identifier.h"
#include "web/app/account_changes.h"
#include "web/app/answers.h"
#include "web/app/franceconnect.h"
#include "web/app/navigation.h"

namespace sesame::web::sign_in {

namespace {

void signed_in(AppState& state, std::vector<Request>& out, api::Account account) {
  if (!state.sign_in.password.empty())
    offer_password_save(out, account.identifier, state.sign_in.password);
  state.account = std::move(account);
  state.sign_in = SignInForm{};  // the password does not stay in memory
  state.account_changes = AccountChanges{};  // nothing of an earlier session's changes
  go(state, out, Screen::Account);
}

}  // namespace

void press_sign_in(AppState& state, std::vector<Request>& out) {
  if (state.busy) return;
  state.field_errors.clear();
  state.form_error.clear();
  const Checked<std::string> identifier = normalize_identifier(state.sign_in.identifier);
  if (!identifier) state.field_errors[Field::SignInIdentifier] = identifier.error().message;
  if (state.sign_in.password.empty()) state.field_errors[Field::SignInPassword] = "Indiquez votre mot de passe.";
  if (!state.field_errors.empty()) return;
  state.busy = true;
  out.push_back(HttpRequest{RequestKind::SignIn, "POST", "/api/v1/session",
                            nlohmann::json(api::SignIn{*identifier, state.sign_in.password}).dump()});
}

void sign_out(AppState& state, std::vector<Request>& out) {
  const bool franceconnect = state.account && state.account->franceconnect.value_or(false);
  state.account.reset();
  state.services.reset();
  // Signed in through FranceConnect: the logout goes through the provider too.
  if (franceconnect) return out.push_back(OpenUrl{franceconnect::kLogoutPath});
  out.push_back(HttpRequest{RequestKind::SignOut, "DELETE", "/api/v1/session", ""});
  go(state, out, Screen::SignIn);
}

void session_lost(AppState& state, std::vector<Request>& out, const std::string& message) {
  state.account.reset();
  state.services.reset();
  go(state, out, Screen::SignIn);
  state.form_error = message;
}

void load_account(std::vector<Request>& out) {
  out.push_back(HttpRequest{RequestKind::Me, "GET", "/api/v1/me", ""});
}

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  switch (answer.kind) {
    case RequestKind::SignIn: {
      state.busy = false;
      if (answer.status == 200) {
        const auto body = nlohmann::json::parse(answer.body, nullptr, false);
        if (const auto decoded = api::decode<api::SessionAnswer>(body)) return signed_in(state, out, decoded->account);
      }
      const api::ErrorBody error = read_error(answer.status, answer.body);
      state.form_error = error.message;
      state.sign_in.password.clear();  // typed again, never kept after a refusal
      return;
    }
    case RequestKind::Me: {
      const auto body = nlohmann::json::parse(answer.body, nullptr, false);
      if (answer.status == 200) {
        if (const auto account = api::decode<api::Account>(body)) {
          state.account = *account;
          return;
        }
      }
      if (answer.status == 401 && account_changes::is_account_screen(state.screen))
        return session_lost(state, out, read_error(answer.status, answer.body).message);
      state.form_error = read_error(answer.status, answer.body).message;
      return;
    }
    default:
      return;  // SignOut: the page already left; nothing to show
  }
}

}  // namespace sesame::web::sign_in
