#pragma once
// "Identifiant oublié ?" and "Mot de passe oublié ?": the client side of the
// recovery routes (/api/v1/recovery). Each step checks its fields with the
// shared rules before anything is sent, then follows the server's answer.
#include <vector>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::recovery {

void start_identifier(AppState& state, std::vector<Request>& out);  // "Identifiant oublié ?"
void start_password(AppState& state, std::vector<Request>& out);    // "Mot de passe oublié ?"
void pick_channel(AppState& state, RecoveryChannel channel);        // "Par SMS" / "Par mail"
// "Envoyer", "Suivant" or "Valider": the step of the screen shown.
void submit(AppState& state, std::vector<Request>& out);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

// A step of "Mot de passe oublié ?" that needs what an earlier step gave (the
// flow id, the accepted code): after a reload, the flow starts again from the
// identifier.
bool can_show(const AppState& state, Screen screen);

}  // namespace sesame::web::recovery
