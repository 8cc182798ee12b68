#pragma once
// "Mon compte ÉduConnect": the client side of the account's changes — the
// alerts switch (PATCH /me), the e-mail address and the mobile with a code,
// the password, the children newly known, the children of another account,
// and FranceConnect linked after the password is proved.
// Each change checks its fields with the shared rules before anything is sent,
// then follows the server's answer; a lost session leads back to the sign-in.
#include <cstddef>
#include <string>
#include <vector>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::account_changes {

// #/compte and the screens of its changes.
bool is_account_screen(Screen screen);

void toggle_alerts(AppState& state, std::vector<Request>& out, bool on);
// "Modifier" and the like, from #/compte: the change's screen, with an empty form.
void open(AppState& state, std::vector<Request>& out, Screen screen);
void submit(AppState& state, std::vector<Request>& out);  // the change screen's main button
void submit_code(AppState& state, std::vector<Request>& out);
void cancel(AppState& state, std::vector<Request>& out);  // back to #/compte
void answer_guardian(AppState& state, const GuardianAnswered& answer);
// Back from FranceConnect once linked (kFranceConnectLinkedRoute): "Mon compte" says so.
void franceconnect_linked(AppState& state, std::vector<Request>& out);
void submit_new_children(AppState& state, std::vector<Request>& out);
void toggle_password_shown(AppState& state);
// Where FieldEdited of a "Mon compte" field goes; nullptr for no such field (or child).
std::string* field(AppState& state, Field field, int index);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

// The parent's answer about account->new_children[i] so far (a blank one before any).
ChildForm new_child_form(const AppState& state, std::size_t i);

}  // namespace sesame::web::account_changes
