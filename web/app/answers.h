#pragma once
// Reading the server's answers: its JSON errors ({"error": {code, message, …}})
// and the French sentence to show when there is no answer at all; and what the
// flows' forms share around them (sending, a typed code, a child's answer).
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/api.h"
#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web {

// The error of a 4xx/5xx body; for a body that is not one (a proxy's HTML page,
// nothing at all), a generic French error for `status`.
api::ErrorBody read_error(int status, const std::string& body);

// A form's request: its button shows busy and the previous refusal goes.
void send_form(AppState& state, std::vector<Request>& out, RequestKind kind, std::string method, std::string path,
               const nlohmann::json& body);
// send_form() with POST, what most forms send.
void post_form(AppState& state, std::vector<Request>& out, RequestKind kind, std::string path,
               const nlohmann::json& body);

// What a flow does with the answer to one of its requests: `accepted` follows a
// success, its body parsed (discarded when it is not JSON), and returns false when
// it cannot read that body; `refused` follows the error of any other answer.
using Accepted = bool (*)(AppState& state, std::vector<Request>& out, const HttpAnswered& answer,
                          const nlohmann::json& body);
using Refused = void (*)(AppState& state, std::vector<Request>& out, const HttpAnswered& answer,
                         const api::ErrorBody& error);
// The form is no longer busy; a success whose body cannot be read is said above the form.
void follow_answer(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, Accepted accepted,
                   Refused refused);

// A field of the server's API ("last_name") and the field of a flow's screens
// that shows its errors.
struct NamedField {
  std::string_view name;
  Field field;
};
// The field that `fields` give for `name`; nullopt for none, or no name.
std::optional<Field> field_in(std::span<const NamedField> fields, const std::optional<std::string>& name);

// A refusal under `field` when the screen shown has it, above the form
// otherwise; a limit also says how long to wait, in minutes.
void show_refusal(AppState& state, const api::ErrorBody& error, std::optional<Field> field);

// " Réessayez dans 5 minutes." (with its leading space) for a limit that says how long
// to wait; empty otherwise.
std::string retry_wait(const api::ErrorBody& error);

// The guide's rules and the confirmation checked before a new password is sent
// (shared/password.h): false, with the error under `password` or `confirmation`
// (a mismatch), when the choice is refused.
bool password_choice_ok(AppState& state, const std::string& password, const std::string& confirmation,
                        Field password_field, Field confirmation_field);

// " Il vous reste 2 essais." (with its leading space), for codes and birth dates.
std::string attempts_left(int remaining);
// invalid_code's sentence followed by the tries left, when the server says them.
std::string code_refusal(const api::ErrorBody& error);
// An invalid_code refusal: the code typed goes, the tries left are kept, and the
// refusal saying them stands under `field`. False, and nothing done, for another error.
bool code_refused(AppState& state, const api::ErrorBody& error, std::string& code,
                  std::optional<int>& remaining_attempts, Field field);

// The tries left that a birth_date_mismatch refusal gives for `child`; nullopt when
// it does not name that child (its answer was accepted, or set aside).
std::optional<int> tries_left_for(const api::ErrorBody& error, const api::Child& child);

// The parent's answer about one child (Yes or No, not Unanswered) added to `request`;
// false, with the error under the child, when the birth date given cannot be read.
bool add_child_answer(ChildForm& form, api::ChildrenConfirm& request);

// The children a step offers (account creation, a parent's first sign-in), none answered yet.
std::vector<ChildForm> child_forms(const std::vector<api::Child>& children);
// "Je suis / Je ne suis pas le représentant légal de cet élève" about children[answer.index];
// a child already confirmed keeps its answer.
void answer_guardian(std::vector<ChildForm>& children, const GuardianAnswered& answer);
// Every child's answer checked with the shared rules before anything is sent (each
// answered, its birth date readable, at least one child confirmed): the request, or
// nullopt with the errors under the children or above the form. Children confirmed by an
// earlier answer, or refused for good, are not asked again.
std::optional<api::ChildrenConfirm> children_answers(AppState& state, std::vector<ChildForm>& children);
// A birth_date_mismatch refusal: under each child it names, the mismatch and the tries
// left (`spent` once none is left); the others' "yes" were accepted and stay confirmed.
void children_mismatch(std::vector<ChildForm>& children, const api::ErrorBody& error, const std::string& spent);

// A code as the parent typed it, spaces dropped; nullopt unless six digits remain.
std::optional<std::string> typed_code(const std::string& typed);
// The code of an SMS as typed, posted for checking once it reads as six digits;
// otherwise refused under `field`, and nothing is sent.
void post_sms_code(AppState& state, std::vector<Request>& out, const std::string& typed, Field field,
                   RequestKind kind, std::string path);

// A flow that is over (expired, locked, finished) cannot go on: the parent starts it again.
bool flow_over(const api::ErrorBody& error);

inline constexpr const char* kNoAnswerMessage =
    "Le service ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.";

}  // namespace sesame::web
