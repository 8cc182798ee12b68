#include "web/app/account_changes.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "shared/email.h"
#include "shared/identifier.h"
#include "shared/messages.h"
#include "shared/phone.h"
#include "web/app/answers.h"
#include "web/app/navigation.h"
#include "web/app/routes.h"
#include "web/app/sign_in.h"

namespace sesame::web::account_changes {

namespace {

using nlohmann::json;

constexpr const char* kEmailVerified = "Votre adresse mail est vérifiée : elle est maintenant celle de votre compte.";
constexpr const char* kPhoneVerified =
    "Votre numéro de téléphone portable est vérifié : il est maintenant celui de votre compte.";
constexpr const char* kPasswordChanged = "Votre mot de passe a été modifié.";
constexpr const char* kChildrenTaken = "Les élèves de votre autre compte ont été ajoutés. Cet autre compte est fermé.";
constexpr const char* kNewChildrenAnswered = "Vos réponses ont été enregistrées.";
constexpr const char* kFranceConnectLinked =
    "La connexion avec FranceConnect est activée : vous pourrez vous connecter avec FranceConnect ou avec votre "
    "identifiant et votre mot de passe.";

// The fields of these screens, by the names the server's refusals give them.
constexpr NamedField kFields[] = {{"email", Field::AccountEmail},
                                  {"phone", Field::AccountPhone},
                                  {"code", Field::AccountCode},
                                  {"current_password", Field::CurrentPassword},
                                  {"password", Field::AccountNewPassword},
                                  {"confirmation", Field::AccountConfirmation},
                                  {"identifier", Field::OtherIdentifier}};

std::optional<Field> field_named(const AppState& state, const std::optional<std::string>& name) {
  // The one password of the FranceConnect screen is the account's current one.
  if (name && *name == "password" && state.screen == Screen::AccountFranceConnect)
    return Field::CurrentPassword;
  return field_in(kFields, name);
}

// A refusal under the field it names when these screens have it.
void show_error(AppState& state, const api::ErrorBody& error) {
  show_refusal(state, error, field_named(state, error.field));
}

// Back on #/compte after a change, with its success alert and the account asked again.
void done(AppState& state, std::vector<Request>& out, const char* message) {
  go(state, out, Screen::Account);
  state.account_changes.success = message;
  sign_in::load_account(out);
}

// The forms of account->new_children, in its order; answers already given are kept by id.
std::vector<ChildForm>& synced_children(AppState& state) {
  std::vector<ChildForm>& forms = state.account_changes.new_children;
  std::vector<ChildForm> synced;
  if (state.account) {
    for (const api::Child& child : state.account->new_children) {
      const auto it =
          std::find_if(forms.begin(), forms.end(), [&](const ChildForm& f) { return f.child.id == child.id; });
      ChildForm form = it != forms.end() ? *it : ChildForm{};
      form.child = child;
      synced.push_back(std::move(form));
    }
  }
  forms = std::move(synced);
  return forms;
}

void submit_email(AppState& state, std::vector<Request>& out) {
  const Checked<std::string> email = check_email(state.account_changes.email);
  if (!email) {
    state.field_errors[Field::AccountEmail] = email.error().message;
    return;
  }
  state.account_changes.code.clear();
  post_form(state, out, RequestKind::AccountEmail, "/api/v1/me/email", api::EmailChange{*email});
}

void submit_phone(AppState& state, std::vector<Request>& out) {
  const AccountChanges& form = state.account_changes;
  const Checked<std::string> phone = normalize_mobile_phone(form.phone, form.dial_code);
  if (!phone) {
    state.field_errors[Field::AccountPhone] = phone.error().message;
    return;
  }
  state.account_changes.code.clear();
  post_form(state, out, RequestKind::AccountPhone, "/api/v1/me/phone",
            api::PhoneChange{form.phone, form.dial_code});
}

void submit_password(AppState& state, std::vector<Request>& out) {
  const AccountChanges& form = state.account_changes;
  if (form.current_password.empty()) state.field_errors[Field::CurrentPassword] = "Indiquez votre mot de passe actuel.";
  password_choice_ok(state, form.password, form.confirmation, Field::AccountNewPassword, Field::AccountConfirmation);
  if (!state.field_errors.empty()) return;
  post_form(state, out, RequestKind::AccountPassword, "/api/v1/me/password",
            api::PasswordChange{form.current_password, form.password, form.confirmation});
}

void submit_from_account(AppState& state, std::vector<Request>& out) {
  const AccountChanges& form = state.account_changes;
  const Checked<std::string> identifier = normalize_identifier(form.other_identifier);
  if (!identifier) state.field_errors[Field::OtherIdentifier] = identifier.error().message;
  if (form.other_password.empty())
    state.field_errors[Field::OtherPassword] = "Indiquez le mot de passe de votre autre compte.";
  if (!state.field_errors.empty()) return;
  post_form(state, out, RequestKind::AccountFromAccount, "/api/v1/me/children/from-account",
            api::FromAccount{*identifier, form.other_password});
}

void submit_franceconnect(AppState& state, std::vector<Request>& out) {
  const AccountChanges& form = state.account_changes;
  if (form.current_password.empty()) {
    state.field_errors[Field::CurrentPassword] = "Indiquez le mot de passe de votre compte.";
    return;
  }
  post_form(state, out, RequestKind::AccountFranceConnect, "/api/v1/me/franceconnect",
            api::PasswordProof{form.current_password});
}

// The provider's page, only at an address of the web (the server's answer, yet checked).
bool leave_for_provider(AppState& state, std::vector<Request>& out, const json& body) {
  const auto answer = api::decode<api::FranceConnectLinkAnswer>(body);
  if (!answer) return false;
  const std::string& url = answer->authorize_url;
  if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
  state.busy = true;  // the page is leaving: the button stays busy meanwhile
  // A named request: GCC 12 sees the temporary's move into the variant as maybe uninitialized.
  const OpenUrl provider{url};
  out.push_back(provider);
  return true;
}

void new_children_refused(AppState& state, std::vector<Request>& out, const api::ErrorBody& error) {
  std::vector<ChildForm>& forms = synced_children(state);
  std::string refused;
  for (ChildForm& form : forms) {
    const std::optional<int> left = tries_left_for(error, form.child);
    if (!left) continue;  // accepted or set aside: the reload tells
    form.remaining_attempts = left;
    form.birth_date.clear();
    if (*left > 0) {
      form.error = std::string(french_message("birth_date_mismatch")) + attempts_left(*left);
    } else {
      refused += (refused.empty() ? "" : ", ") + form.child.first_name + " " + form.child.last_name;
    }
  }
  if (!refused.empty())
    state.form_error = "Trop d'essais : " + refused +
                       " ne peut pas être rattaché en ligne. Contactez son établissement.";
  // The other answers of the request were kept: the account shows them.
  sign_in::load_account(out);
}

// Other 401 codes (a wrong current password, the other account's) keep the session.
bool signed_out(const HttpAnswered& answer, const api::ErrorBody& error) {
  return answer.status == 401 && error.code != "invalid_current_password" && error.code != "invalid_credentials";
}

}  // namespace

bool is_account_screen(Screen screen) {
  switch (screen) {
    case Screen::Account:
    case Screen::AccountEmail:
    case Screen::AccountPhone:
    case Screen::AccountPassword:
    case Screen::AccountFromAccount:
    case Screen::AccountServices:
    case Screen::AccountFranceConnect:
    case Screen::PupilAccount:
      return true;
    default:
      return false;
  }
}

void toggle_alerts(AppState& state, std::vector<Request>& out, bool on) {
  if (state.busy || !state.account || state.screen != Screen::Account) return;
  state.account_changes.success.clear();
  send_form(state, out, RequestKind::AccountAlerts, "PATCH", "/api/v1/me", api::AlertsPatch{on});
}

void open(AppState& state, std::vector<Request>& out, Screen screen) {
  if (state.busy || state.screen != Screen::Account || !is_account_screen(screen) || screen == Screen::Account ||
      screen == Screen::AccountServices || screen == Screen::PupilAccount)
    return;
  AccountChanges& form = state.account_changes;
  std::vector<ChildForm> children = std::move(form.new_children);
  form = AccountChanges{};
  form.new_children = std::move(children);
  go(state, out, screen);
}

void submit(AppState& state, std::vector<Request>& out) {
  if (state.busy) return;
  state.field_errors.clear();
  state.form_error.clear();
  switch (state.screen) {
    case Screen::AccountEmail: return submit_email(state, out);
    case Screen::AccountPhone: return submit_phone(state, out);
    case Screen::AccountPassword: return submit_password(state, out);
    case Screen::AccountFromAccount: return submit_from_account(state, out);
    case Screen::AccountFranceConnect: return submit_franceconnect(state, out);
    default: return;
  }
}

void submit_code(AppState& state, std::vector<Request>& out) {
  if (state.busy || !state.account_changes.code_sent) return;
  if (state.screen != Screen::AccountEmail && state.screen != Screen::AccountPhone) return;
  state.field_errors.clear();
  const std::optional<std::string> code = typed_code(state.account_changes.code);
  if (!code) {
    state.field_errors[Field::AccountCode] =
        state.screen == Screen::AccountEmail
            ? "Le code de vérification compte 6 chiffres : recopiez-le depuis le message reçu."
            : "Le code de vérification compte 6 chiffres : recopiez-le depuis le SMS reçu.";
    return;
  }
  if (state.screen == Screen::AccountEmail)
    post_form(state, out, RequestKind::AccountEmailVerify, "/api/v1/me/email/verify", api::CodeVerify{*code});
  else
    post_form(state, out, RequestKind::AccountPhoneVerify, "/api/v1/me/phone/verify", api::CodeVerify{*code});
}

void cancel(AppState& state, std::vector<Request>& out) {
  const Screen home = sign_in::home(state);
  if (state.busy || !is_account_screen(state.screen) || state.screen == home) return;
  state.account_changes.current_password.clear();  // passwords do not stay in memory
  state.account_changes.password.clear();
  state.account_changes.confirmation.clear();
  state.account_changes.other_password.clear();
  go(state, out, home);
}

void franceconnect_linked(AppState& state, std::vector<Request>& out) {
  state.account_changes.success = kFranceConnectLinked;
  // A reload does not say it twice. (A named route: GCC 12 sees the temporary's
  // move into the variant as maybe uninitialized.)
  const ReplaceRoute to_account{std::string(route_of(Screen::Account))};
  out.push_back(to_account);
}

void answer_guardian(AppState& state, const GuardianAnswered& answer) {
  std::vector<ChildForm>& forms = synced_children(state);
  if (answer.index < 0 || answer.index >= static_cast<int>(forms.size())) return;
  ChildForm& child = forms[static_cast<std::size_t>(answer.index)];
  child.answer = answer.answer;
  child.error.clear();
}

void submit_new_children(AppState& state, std::vector<Request>& out) {
  if (state.busy || state.screen != Screen::Account) return;
  state.form_error.clear();
  state.account_changes.success.clear();
  api::ChildrenConfirm request;
  bool complete = true;
  for (ChildForm& form : synced_children(state)) {
    form.error.clear();
    if (form.answer == GuardianAnswer::Unanswered) continue;  // a child not answered stays offered
    if (!add_child_answer(form, request)) complete = false;
  }
  if (!complete) return;
  if (request.children.empty()) {
    state.form_error = "Indiquez pour chaque élève si vous êtes son représentant légal.";
    return;
  }
  post_form(state, out, RequestKind::AccountChildren, "/api/v1/me/children", request);
}

void toggle_password_shown(AppState& state) {
  if (state.screen == Screen::AccountPassword || state.screen == Screen::AccountFromAccount ||
      state.screen == Screen::AccountFranceConnect)
    state.account_changes.password_shown = !state.account_changes.password_shown;
}

bool can_give_temporary_password(const api::Child& child) {
  return child.account && child.account->state != kChildAccountDisabled;
}

void give_temporary_password(AppState& state, std::vector<Request>& out, const std::string& child_id) {
  if (state.busy || state.screen != Screen::Account || !state.account) return;
  const auto& children = state.account->children;
  const auto child =
      std::find_if(children.begin(), children.end(), [&](const api::Child& c) { return c.id == child_id; });
  if (child == children.end() || !can_give_temporary_password(*child)) return;
  state.account_changes.success.clear();
  state.temporary_passwords.erase(child_id);  // a new one replaces the one shown
  state.temporary_password_asked = child_id;
  post_form(state, out, RequestKind::ChildTemporaryPassword,
            "/api/v1/me/children/" + child_id + "/temporary-password", json::object());
}

void copy_temporary_password(const AppState& state, std::vector<Request>& out, const std::string& child_id) {
  if (state.screen != Screen::Account) return;
  const auto shown = state.temporary_passwords.find(child_id);
  if (shown == state.temporary_passwords.end() || !shown->second.answer) return;
  out.push_back(CopyText{shown->second.answer->temporary_password});
}

void forget_temporary_passwords(AppState& state) {
  state.temporary_passwords.clear();
  state.temporary_password_asked.clear();
}

std::string* field(AppState& state, Field field, int index) {
  AccountChanges& form = state.account_changes;
  switch (field) {
    case Field::AccountEmail: return &form.email;
    case Field::AccountPhone: return &form.phone;
    case Field::AccountCode: return &form.code;
    case Field::CurrentPassword: return &form.current_password;
    case Field::AccountNewPassword: return &form.password;
    case Field::AccountConfirmation: return &form.confirmation;
    case Field::OtherIdentifier: return &form.other_identifier;
    case Field::OtherPassword: return &form.other_password;
    case Field::NewChildBirthDate: {
      std::vector<ChildForm>& forms = synced_children(state);
      if (index < 0 || index >= static_cast<int>(forms.size())) return nullptr;
      ChildForm& child = forms[static_cast<std::size_t>(index)];
      child.error.clear();
      return &child.birth_date;
    }
    default: return nullptr;
  }
}

namespace {

// A success of these screens' requests; false when its body cannot be read.
bool accepted(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, const json& body) {
  AccountChanges& form = state.account_changes;
  switch (answer.kind) {
    case RequestKind::AccountAlerts:
      if (auto account = api::decode<api::Account>(body)) {
        state.account = std::move(*account);
        return true;
      }
      return false;
    case RequestKind::AccountEmail:
    case RequestKind::AccountPhone:
      form.code_sent = true;
      form.code.clear();
      return true;
    case RequestKind::AccountEmailVerify:
      done(state, out, kEmailVerified);
      return true;
    case RequestKind::AccountPhoneVerify:
      done(state, out, kPhoneVerified);
      return true;
    case RequestKind::AccountPassword:
      if (state.account) offer_password_save(out, state.account->identifier, form.password);
      form.current_password.clear();  // the passwords do not stay in memory
      form.password.clear();
      form.confirmation.clear();
      done(state, out, kPasswordChanged);
      return true;
    case RequestKind::AccountFromAccount:
      form.other_identifier.clear();
      form.other_password.clear();
      done(state, out, kChildrenTaken);
      return true;
    case RequestKind::AccountFranceConnect:
      form.current_password.clear();
      return leave_for_provider(state, out, body);
    case RequestKind::AccountChildren:
      form.new_children.clear();
      form.success = kNewChildrenAnswered;
      sign_in::load_account(out);
      return true;
    default:
      return true;
  }
}

// The error of any other answer.
void refused(AppState& state, std::vector<Request>& out, const HttpAnswered& answer,
             const api::ErrorBody& error) {
  if (signed_out(answer, error)) return sign_in::session_lost(state, out, error.message);
  if (answer.kind == RequestKind::AccountChildren && error.code == "birth_date_mismatch" && error.children)
    return new_children_refused(state, out, error);
  AccountChanges& form = state.account_changes;
  if (answer.kind == RequestKind::AccountPassword || answer.kind == RequestKind::AccountFromAccount ||
      answer.kind == RequestKind::AccountFranceConnect) {
    form.current_password.clear();  // typed again, never kept after a refusal
    form.other_password.clear();
  }
  const bool verify =
      answer.kind == RequestKind::AccountEmailVerify || answer.kind == RequestKind::AccountPhoneVerify;
  if (verify && error.code == "invalid_code") {
    form.code.clear();
    state.field_errors[Field::AccountCode] = code_refusal(error);
    return;
  }
  if (verify && flow_over(error)) {
    // This code can no longer be used: the parent asks for a new one from the address step.
    form.code_sent = false;
    form.code.clear();
    state.form_error = error.message;
    return;
  }
  show_error(state, error);
}

// The answer to "Donner un nouveau mot de passe provisoire", in the block of the child it was
// asked for; nothing when the parent left the screen meanwhile (it is shown there only).
bool temporary_password_accepted(AppState& state, std::vector<Request>& out, const HttpAnswered&,
                                 const json& body) {
  const std::string child_id = std::exchange(state.temporary_password_asked, std::string());
  if (child_id.empty() || state.screen != Screen::Account) return true;
  TemporaryPasswordShown& shown = state.temporary_passwords[child_id];
  if (auto given = api::decode<api::TemporaryPasswordAnswer>(body)) {
    shown.answer = std::move(*given);
    sign_in::load_account(out);  // the child's account as it is now
  } else {
    shown.error = french_message("internal_error");
  }
  return true;
}

void temporary_password_refused(AppState& state, std::vector<Request>& out, const HttpAnswered& answer,
                                const api::ErrorBody& error) {
  if (signed_out(answer, error)) return sign_in::session_lost(state, out, error.message);
  const std::string child_id = std::exchange(state.temporary_password_asked, std::string());
  if (child_id.empty() || state.screen != Screen::Account) return;
  state.temporary_passwords[child_id].error = error.message + retry_wait(error);
}

}  // namespace

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  if (answer.kind == RequestKind::ChildTemporaryPassword)
    return follow_answer(state, out, answer, temporary_password_accepted, temporary_password_refused);
  follow_answer(state, out, answer, accepted, refused);
}

ChildForm new_child_form(const AppState& state, std::size_t i) {
  ChildForm form;
  if (!state.account || i >= state.account->new_children.size()) return form;
  form.child = state.account->new_children[i];
  for (const ChildForm& known : state.account_changes.new_children)
    if (known.child.id == form.child.id) {
      form = known;
      form.child = state.account->new_children[i];
    }
  return form;
}

}  // namespace sesame::web::account_changes
