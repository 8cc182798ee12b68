#pragma once
// "Je n'ai pas de compte" (guide steps 4 bis to 8 bis): the client side of the
// activation flow. Each step checks its fields with the shared rules before
// anything is sent, then follows the server's answer.
#include <vector>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::activation {

void start(AppState& state, std::vector<Request>& out);  // "Je n'ai pas de compte"
void submit_identity(AppState& state, std::vector<Request>& out);
void submit_code(AppState& state, std::vector<Request>& out);
void resend(AppState& state, std::vector<Request>& out);
void answer_guardian(AppState& state, const GuardianAnswered& answer);
void submit_children(AppState& state, std::vector<Request>& out);
void submit_password(AppState& state, std::vector<Request>& out);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

// A screen of the flow that needs what an earlier step gave (a flow id, the
// children): after a reload, the flow starts again from the identity screen.
bool can_show(const AppState& state, Screen screen);

}  // namespace sesame::web::activation
