#include "web/app/sign_in.h"

#include <nlohmann/json.hpp>

#include "shared/identifier.h"
#include "web/app/account_changes.h"
#include "web/app/answers.h"
#include "web/app/first_sign_in.h"
#include "web/app/franceconnect.h"
#include "web/app/navigation.h"
#include "web/app/routes.h"

namespace sesame::web::sign_in {

namespace {

// The screens of a parent's account: "Mon compte" and its changes. "Accéder à mes
// services" is everyone's.
bool parents_only(Screen screen) {
  return account_changes::is_account_screen(screen) && screen != Screen::AccountServices &&
         screen != Screen::PupilAccount;
}

// GET /me answered on a screen that is not this account's: its own "Mon compte" instead,
// in place of the address (no history entry to come back to the refused one).
void fit_screen(AppState& state, std::vector<Request>& out) {
  const Screen screen = account_screen(state, state.screen);
  if (screen == state.screen) return;
  show(state, screen);
  const ReplaceRoute route{std::string(route_of(screen))};
  out.push_back(route);
}

}  // namespace

bool is_pupil(const api::Account& account) { return account.profile == kPupilProfile; }

Screen account_screen(const AppState& state, Screen screen) {
  if (!state.account) return screen;
  const bool pupil = is_pupil(*state.account);
  if (pupil && parents_only(screen)) return Screen::PupilAccount;
  if (!pupil && screen == Screen::PupilAccount) return Screen::Account;
  return screen;
}

Screen home(const AppState& state) {
  return state.account && is_pupil(*state.account) ? Screen::PupilAccount : Screen::Account;
}

void signed_in(AppState& state, std::vector<Request>& out, api::Account account) {
  if (!state.sign_in.password.empty())
    offer_password_save(out, account.identifier, state.sign_in.password);
  state.account = std::move(account);
  const bool pupil = state.sign_in.pupil;
  state.sign_in = SignInForm{};  // the password does not stay in memory
  state.sign_in.pupil = pupil;
  state.account_changes = AccountChanges{};  // nothing of an earlier session's changes
  go(state, out, home(state));
}

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
  const Screen sign_in = home(state) == Screen::PupilAccount ? Screen::PupilSignIn : Screen::SignIn;
  state.account.reset();
  state.services.reset();
  // Signed in through FranceConnect: the logout goes through the provider too.
  if (franceconnect) return out.push_back(OpenUrl{franceconnect::kLogoutPath});
  out.push_back(HttpRequest{RequestKind::SignOut, "DELETE", "/api/v1/session", ""});
  go(state, out, sign_in);
}

void session_lost(AppState& state, std::vector<Request>& out, const std::string& message) {
  const bool pupil = home(state) == Screen::PupilAccount || state.screen == Screen::PupilAccount;
  state.account.reset();
  state.services.reset();
  go(state, out, pupil ? Screen::PupilSignIn : Screen::SignIn);
  state.form_error = message;
}

void load_account(std::vector<Request>& out) {
  out.push_back(HttpRequest{RequestKind::Me, "GET", "/api/v1/me", ""});
}

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  switch (answer.kind) {
    case RequestKind::SignIn: {
      state.busy = false;
      const auto body = nlohmann::json::parse(answer.body, nullptr, false);
      if (answer.status == 200) {
        if (const auto decoded = api::decode<api::SessionAnswer>(body)) return signed_in(state, out, decoded->account);
      }
      // A temporary password (a pupil's letter, a parent's activation letter): the first sign-in starts.
      if (answer.status == 202) {
        if (const auto first = api::decode<api::FirstSignInAnswer>(body))
          return first_sign_in::started(state, out, *first);
      }
      const api::ErrorBody error = read_error(answer.status, answer.body);
      // On the parents' sign-in, a spent or expired letter is a parent's: a new letter, not "one of your parents".
      state.form_error =
          state.screen == Screen::SignIn ? first_sign_in::parent_letter_message(error) : error.message;
      state.sign_in.password.clear();  // typed again, never kept after a refusal
      return;
    }
    case RequestKind::Me: {
      const auto body = nlohmann::json::parse(answer.body, nullptr, false);
      if (answer.status == 200) {
        if (const auto account = api::decode<api::Account>(body)) {
          state.account = *account;
          fit_screen(state, out);
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
