#pragma once
// A pupil's way in (issue 17): the identifier and temporary password of the
// school's letter, typed on the pupils' sign-in screen, open a first sign-in
// (POST /api/v1/session answers 202); the pupil confirms their birth date, then
// chooses their own password, and lands signed in on their "Mon compte". A
// parent's activation letter, typed on the parents' sign-in, opens the same
// first sign-in with the children to confirm (as at account creation) in place
// of the birth date. The client side of /api/v1/first-sign-in; each step checks
// its fields with the shared rules before anything is sent.
#include <string>
#include <vector>

#include "shared/api.h"
#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::first_sign_in {

// POST /session answered 202: the first step, greeting the pupil (or the parent) by first
// name: the birth date for a pupil, the children for a parent.
void started(AppState& state, std::vector<Request>& out, const api::FirstSignInAnswer& answer);
void submit_birth_date(AppState& state, std::vector<Request>& out);
// A parent's children: "Je suis / Je ne suis pas le représentant légal", "Né(e) le".
void answer_guardian(AppState& state, const GuardianAnswered& answer);
void submit_children(AppState& state, std::vector<Request>& out);
void submit_password(AppState& state, std::vector<Request>& out);
// "Retour à la connexion": the sign-in screen (the pupils', or the parents' for a
// parent's letter) with its fields emptied.
void restart(AppState& state, std::vector<Request>& out);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

// Why a parent's letter no longer opens, in a parent's words (the server's are a pupil's:
// "Demandez-en un nouveau à l'un de vos parents"): locked or expired, a new letter.
std::string parent_letter_message(const api::ErrorBody& error);

// The steps of a parent's first sign-in (#/premiere-connexion/…).
bool is_parent_screen(Screen screen);

// Where an address of the first sign-in leads: its steps need the flow (a reload
// starts again from the pupils' sign-in, or the parents'), the password's step a
// confirmed birth date (a parent's: the children confirmed), and a step already
// done leads on to the password.
Screen reachable(const AppState& state, Screen screen);

}  // namespace sesame::web::first_sign_in
