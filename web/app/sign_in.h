#pragma once
// "Je me connecte avec mon compte ÉduConnect" (the parents' and the pupils'),
// "Mon compte" and sign-out: the client side of POST/DELETE /api/v1/session and
// GET /api/v1/me. A pupil's account has its own "Mon compte" (#/eleve/compte);
// the parents' account screens are not a pupil's, nor the reverse.
#include <string>
#include <vector>

#include "shared/api.h"
#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::sign_in {

// Account.profile of a pupil's account (a code of shared/profiles.h).
inline constexpr const char* kPupilProfile = "eleve";

// A pupil's account, as GET /me or the sign-in's answer says.
bool is_pupil(const api::Account& account);
// Where `screen` leads for the account signed in: a pupil asking for a parents'
// account screen gets their own "Mon compte", a parent asking for the pupil's
// gets theirs; any other screen, or no account known yet, is itself.
Screen account_screen(const AppState& state, Screen screen);
// "Mon compte" of the account signed in (the parents' until one says otherwise).
Screen home(const AppState& state);

// "Se connecter" on either sign-in screen.
void press_sign_in(AppState& state, std::vector<Request>& out);
// The server opened a session for `account`: its "Mon compte".
void signed_in(AppState& state, std::vector<Request>& out, api::Account account);
// "Se déconnecter"; through the provider's logout when signed in with FranceConnect.
void sign_out(AppState& state, std::vector<Request>& out);
// The server no longer knows the session (401 on a signed-in page): back to the
// sign-in screen (a pupil's to theirs) with `message`, nothing of the account kept.
void session_lost(AppState& state, std::vector<Request>& out, const std::string& message);
// Opening #/compte or #/eleve/compte (reload, back button): the account is asked again.
void load_account(std::vector<Request>& out);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

}  // namespace sesame::web::sign_in
