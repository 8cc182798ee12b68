#pragma once
// "Mon compte ÉduConnect": the client side of the account's changes — the
// alerts switch (PATCH /me), the e-mail address and the mobile with a code,
// the password, the children newly known, the children of another account,
// FranceConnect linked after the password is proved, and a new temporary
// password for a child's own account (POST /me/children/{id}/temporary-password),
// shown once in that child's block.
// Each change checks its fields with the shared rules before anything is sent,
// then follows the server's answer; a lost session leads back to the sign-in.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::account_changes {

// ChildAccount.state (shared/api.h): a child's own account as the parent's page shows it.
inline constexpr std::string_view kChildAccountActive = "active";
inline constexpr std::string_view kChildAccountNotActivated = "not_activated";
inline constexpr std::string_view kChildAccountDisabled = "disabled";  // left every school of the ENT

// "Donner un nouveau mot de passe provisoire" is offered for this child: a confirmed
// child (GET /me gives its account) whose account is not disabled.
bool can_give_temporary_password(const api::Child& child);

// The screens of a signed-in account: #/compte and the screens of its changes,
// "Accéder à mes services", and the pupil's #/eleve/compte.
bool is_account_screen(Screen screen);

void toggle_alerts(AppState& state, std::vector<Request>& out, bool on);
// "Modifier" and the like, from #/compte: the change's screen, with an empty form.
void open(AppState& state, std::vector<Request>& out, Screen screen);
void submit(AppState& state, std::vector<Request>& out);  // the change screen's main button
void submit_code(AppState& state, std::vector<Request>& out);
void cancel(AppState& state, std::vector<Request>& out);  // back to "Mon compte"
void answer_guardian(AppState& state, const GuardianAnswered& answer);
// Back from FranceConnect once linked (kFranceConnectLinkedRoute): "Mon compte" says so.
void franceconnect_linked(AppState& state, std::vector<Request>& out);
void submit_new_children(AppState& state, std::vector<Request>& out);
void toggle_password_shown(AppState& state);
// "Donner un nouveau mot de passe provisoire" for the child of that id.
void give_temporary_password(AppState& state, std::vector<Request>& out, const std::string& child_id);
// "Copier le mot de passe": the temporary password shown for that child, to the clipboard.
void copy_temporary_password(const AppState& state, std::vector<Request>& out, const std::string& child_id);
// Leaving "Mon compte": the temporary passwords shown there are forgotten.
void forget_temporary_passwords(AppState& state);
// Where FieldEdited of a "Mon compte" field goes; nullptr for no such field (or child).
std::string* field(AppState& state, Field field, int index);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

// The parent's answer about account->new_children[i] so far (a blank one before any).
ChildForm new_child_form(const AppState& state, std::size_t i);

}  // namespace sesame::web::account_changes
