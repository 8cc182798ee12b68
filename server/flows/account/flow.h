#pragma once
// "Mon compte ÉduConnect" once signed in: change the e-mail (code by e-mail)
// or the mobile (code by SMS to the new number), change the password, confirm
// children newly known to the schools, and take the children of another
// account of the parent's ("Ajout d'un élève depuis un autre compte").
//
// A change of e-mail or mobile is a flow row of kind email_change or
// phone_change, one at a time per account (a new request replaces the
// previous one): state code_sent, the new address in its data, the code's
// keyed hash with the tries of SecurityConfig::sms_code. The account keeps its
// old address until the code proves the new one. Every change is written to
// the audit log, and a verified e-mail address hears of it (a takeover does
// not go unnoticed).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/flows/refusal.h"
#include "server/services.h"
#include "shared/api.h"

namespace sesame::account {

using flows::Outcome;
using flows::Refusal;

inline constexpr std::string_view kEmailChange = "email_change";  // flows.kind
inline constexpr std::string_view kPhoneChange = "phone_change";
inline constexpr std::string_view kCodeSent = "code_sent";  // flows.state

struct CodeSent {
  std::int64_t expires_at = 0;  // of the code, Unix seconds
};

struct Done {};

inline constexpr std::int64_t kTemporaryPasswordsPerDay = 5;

class AccountFlow {
 public:
  explicit AccountFlow(Services& services) : services_(services) {}

  // `email` already accepted by check_email; `phone_e164` by normalize_mobile_phone.
  Outcome<CodeSent> start_email_change(std::int64_t account_id, std::string_view email,
                                       std::string_view client_address);
  Outcome<Done> verify_email(std::int64_t account_id, std::string_view code);
  Outcome<CodeSent> start_phone_change(std::int64_t account_id, std::string_view phone_e164,
                                       std::string_view client_address);
  Outcome<Done> verify_phone(std::int64_t account_id, std::string_view code);

  // The current password proves the parent is at the keyboard (throttled like a
  // sign-in); other sessions of the account are closed, `session_token_hash`'s kept.
  Outcome<Done> change_password(std::int64_t account_id, std::string_view session_token_hash,
                                const api::PasswordChange& change);

  // Children newly known to the schools (GET /me new_children): each confirmed
  // by its birth date joins the account, each declined is set aside; the tries
  // of SecurityConfig::birth_date hold per child, then the child is set aside
  // as refused (the school settles it in person). Answers this account's children.
  Outcome<api::ChildrenAnswer> confirm_new_children(std::int64_t account_id, const api::ChildrenConfirm& request);

  // `identifier` normalized. The other account's children join this one and it
  // is closed, in one transaction; answers this account's children.
  Outcome<api::ChildrenAnswer> take_children(std::int64_t account_id, std::string_view identifier,
                                             std::string_view password);

  // "Donner un nouveau mot de passe provisoire": a new temporary password for
  // the account of pupil `pupil_id`, a child this account holds as its legal
  // representative; shown once, replacing the one before (a letter's too).
  // kTemporaryPasswordsPerDay per parent account (too_many_requests past it).
  Outcome<api::TemporaryPasswordAnswer> give_temporary_password(std::int64_t account_id, std::int64_t pupil_id);

 private:
  Outcome<CodeSent> start_change(std::int64_t account_id, std::string_view kind, std::string_view address,
                                 std::string_view client_address);
  Outcome<Done> verify_change(std::int64_t account_id, std::string_view kind, std::string_view code);

  Services& services_;
};

}  // namespace sesame::account
