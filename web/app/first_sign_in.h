#pragma once
// A pupil's way in (issue 17): the identifier and temporary password of the
// school's letter, typed on the pupils' sign-in screen, open a first sign-in
// (POST /api/v1/session answers 202); the pupil confirms their birth date, then
// chooses their own password, and lands signed in on their "Mon compte". The
// client side of /api/v1/first-sign-in; each step checks its field with the
// shared rules before anything is sent.
#include <vector>

#include "shared/api.h"
#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::first_sign_in {

// POST /session answered 202: the first step, greeting the pupil by first name.
void started(AppState& state, std::vector<Request>& out, const api::FirstSignInAnswer& answer);
void submit_birth_date(AppState& state, std::vector<Request>& out);
void submit_password(AppState& state, std::vector<Request>& out);
// "Retour à la connexion": the pupils' sign-in screen with its fields emptied.
void restart(AppState& state, std::vector<Request>& out);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

// Where an address of the first sign-in leads: its steps need the flow (a reload
// starts again from the pupils' sign-in), the password's step a confirmed birth
// date, and a birth date already confirmed leads on to the password.
Screen reachable(const AppState& state, Screen screen);

}  // namespace sesame::web::first_sign_in
