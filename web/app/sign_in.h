#pragma once
// "Je me connecte avec mon compte ÉduConnect", "Mon compte" and sign-out: the
// client side of POST/DELETE /api/v1/session and GET /api/v1/me.
#include <string>
#include <vector>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::sign_in {

void press_sign_in(AppState& state, std::vector<Request>& out);
// "Se déconnecter"; through the provider's logout when signed in with FranceConnect.
void sign_out(AppState& state, std::vector<Request>& out);
// The server no longer knows the session (401 on a signed-in page): back to the
// sign-in screen with `message`, nothing of the account kept.
void session_lost(AppState& state, std::vector<Request>& out, const std::string& message);
// Opening #/compte (reload, back button): the account is asked again.
void load_account(std::vector<Request>& out);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

}  // namespace sesame::web::sign_in
