#pragma once
// "Je n'ai pas de compte" (guide steps 4 bis to 8 bis): the client side of the
// activation flow. Each step checks its fields with the shared rules before
// anything is sent, then follows the server's answer.
#include <optional>
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

// The server started a flow and sent its SMS: the code screen (also after "Rattacher des élèves").
void code_sent(AppState& state, std::vector<Request>& out, const api::ActivationStartAnswer& started);

// Whole seconds before "Renvoyer le SMS" may be pressed again (0: now).
int resend_wait_seconds(const AppState& state);
// When the code screen's countdown shows its next number (now_ms's clock);
// nullopt when nothing counts down, so the client can sleep.
std::optional<double> next_redraw_ms(const AppState& state);

// A screen of the flow that needs what an earlier step gave (a flow id, the
// children): after a reload, the flow starts again from the identity screen.
bool can_show(const AppState& state, Screen screen);

}  // namespace sesame::web::activation
