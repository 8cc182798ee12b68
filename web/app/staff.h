#pragma once
// School staff ("Personnel Éducation nationale", issue 18): the client side of
// /api/v1/staff (docs/api.md, "School staff: the console").
//
//   staff_access.cpp   the way in: the invitation (#/personnel/invitation/<token>:
//                      password, authenticator app, recovery codes), the sign-in
//                      (#/personnel/connexion) and its second factor (#/personnel/code)
//   staff_console.cpp  the console (#/personnel/console: "Rechercher", "Avancement",
//                      "Journal"), a person (#/personnel/personne/<kind>/<id>) and the
//                      actions, whose letters come back as PDF files (SaveFile)
//   staff_words.cpp    what both say in French: account states, local dates, file names
//
// Every console request that answers 401 (the staff session ended: 15 minutes idle,
// 8 hours at most) leads back to the sign-in with a notice.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/api.h"
#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::staff {

// The profile code of the first screen that leads here (shared/profiles.h).
inline constexpr const char* kStaffProfile = "personnel";

bool is_staff_screen(Screen screen);

// --- The way in (staff_access.cpp) ---------------------------------------------------
// "Se connecter" on the first screen with "Personnel Éducation nationale".
void open_sign_in(AppState& state, std::vector<Request>& out);
void submit_sign_in(AppState& state, std::vector<Request>& out);
void submit_code(AppState& state, std::vector<Request>& out);
void toggle_recovery_code(AppState& state);
// The address named an invitation: its token is read, and the invitation asked for once.
void enter_invitation(AppState& state, std::vector<Request>& out, std::string_view route);
void submit_invitation(AppState& state, std::vector<Request>& out);
void recovery_codes_noted(AppState& state, std::vector<Request>& out);
// The answers of the invitation's and the sign-in's requests (answered() hands them on).
void answered_access(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

// --- The console (staff_console.cpp) -------------------------------------------------
void enter_console(AppState& state, std::vector<Request>& out);
void enter_person(AppState& state, std::vector<Request>& out, std::string_view route);
void pick_school(AppState& state, std::vector<Request>& out, const std::string& uai);
void pick_tab(AppState& state, std::vector<Request>& out, StaffTab tab);
void pick_kind(AppState& state, StaffKindFilter kind);
void submit_search(AppState& state, std::vector<Request>& out);
void open_person(AppState& state, std::vector<Request>& out, const std::string& kind, const std::string& id);
// An action's button: the actions that replace or end something ask "Confirmer" first.
void press_action(AppState& state, std::vector<Request>& out, StaffAction action, const std::string& class_name);
void confirm_action(AppState& state, std::vector<Request>& out);
void cancel_action(AppState& state);
void show_missing(AppState& state, std::vector<Request>& out, const std::string& class_name);
void sign_out(AppState& state, std::vector<Request>& out);
// A console request answered 401: back to the sign-in, nothing of the console kept; the
// sign-in says the session ended when one was open.
void session_lost(AppState& state, std::vector<Request>& out);

// Whether an action applies to the person shown (the page offers only those).
bool can_act(const api::PersonDetails& person, StaffAction action);
// The school chosen, as the profile gives it; nullptr before the profile is known.
const api::School* chosen_school(const AppState& state);

// --- Both ----------------------------------------------------------------------------
// Where an address of the staff's screens leads: the code needs the sign-in's flow, a
// person page needs a person in its address.
Screen reachable(const AppState& state, Screen screen, std::string_view route);
// The route of a staff screen as it is now (a person's and an invitation's carry their ids).
std::string route_now(const AppState& state, Screen screen);
// The string a staff field edits; nullptr for another field.
std::string* field(AppState& state, Field field);
void toggle_password_shown(AppState& state);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

// --- French words (staff_words.cpp) -----------------------------------------------------
// An ISO 8601 UTC time ("2026-12-07T13:05:00Z") as local time: "le 07/12/2026 à 14:05";
// the time alone: "14:05". The raw text when it cannot be read.
std::string local_date_time(std::string_view iso);
std::string local_time(std::string_view iso);
// Seconds since 1970 of an ISO 8601 time (Z or ±hh:mm); nullopt when it cannot be read.
std::optional<long long> parse_iso_time(std::string_view iso);
// "Pas de compte", "Non activé", "Activé", "Bloqué jusqu'à 14:05", "Désactivé", "Fermé".
std::string account_state_words(std::string_view state, const std::optional<std::string>& locked_until = {});
// "DUPONT Albert": the last name in capitals as the schools give it, then the first name.
std::string person_name(std::string_view first_name, std::string_view last_name);
// "4e B", or "Sans classe" for pupils the export gives no class.
std::string class_words(std::string_view class_name);
// A file name from words: spaces and apostrophes become '-', nothing that a path could
// misread; "lettre-DUPONT-Albert.pdf".
std::string file_name(std::string_view stem);
// "letter_issued" → "Nouvelle lettre imprimée" …; the code itself when unknown.
std::string audit_action_words(std::string_view action);
// The accessible sentence of a class's progress: "4e B : 18 élèves sur 25 ont activé leur
// compte, 30 parents sur 47."
std::string progress_sentence(const api::ClassProgress& progress);
// A query string's value, percent-encoded (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view text);

}  // namespace sesame::web::staff
