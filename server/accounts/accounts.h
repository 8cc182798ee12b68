#pragma once
// Accounts: the rows of the `accounts` table and every read or write of them,
// whichever flow asks (activation creates, "Mon compte" changes contacts,
// sign-in and recovery look up, a take-over merges). Callers hold the
// transaction when they write. The children an account has are children.h's.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/database.h"

namespace sesame::accounts {

// --- Creation ---------------------------------------------------------------
bool identifier_taken(store::Connection& connection, std::string_view identifier);
// An account signs in with a password, through FranceConnect (its `sub`), or both.
std::int64_t insert_account(store::Connection& connection, std::string_view identifier,
                            std::int64_t guardian_id, const std::optional<std::string>& password_hash,
                            std::string_view phone_e164, std::int64_t now,
                            const std::optional<std::string>& franceconnect_sub = std::nullopt);

// A parent's account made by a school's activation letter (the staff console),
// for a guardian without a usable mobile: no password until its first sign-in
// with the letter's temporary password; the mobile the school knows, if any.
std::int64_t insert_letter_account(store::Connection& connection, std::string_view identifier,
                                   std::int64_t guardian_id, const std::optional<std::string>& phone_e164,
                                   std::int64_t now);

// --- Contacts ---------------------------------------------------------------
struct Contacts {
  std::string identifier;
  std::optional<std::int64_t> guardian_id;
  std::optional<std::string> email;  // set only once verified by a code
  bool email_verified = false;
  std::optional<std::string> phone_e164;
};
// nullopt for an unknown or closed account.
std::optional<Contacts> find_contacts(store::Connection& connection, std::int64_t account_id);

void set_verified_email(store::Connection& connection, std::int64_t account_id, std::string_view email);
void set_phone(store::Connection& connection, std::int64_t account_id, std::string_view phone_e164);
void set_alerts_at_login(store::Connection& connection, std::int64_t account_id, bool alerts_at_login);

// --- Passwords ----------------------------------------------------------------
struct SignInAccount {
  std::int64_t id = 0;
  std::optional<std::int64_t> guardian_id;
  std::optional<std::string> password_hash;  // empty for FranceConnect-only and not yet activated accounts
  bool closed = false;                       // closed, or a pupil's account disabled
  bool pupil = false;
  std::optional<std::string> temporary_hash;  // a temporary password (temporary_passwords.h)
  std::int64_t temporary_expires_at = 0;
};
std::optional<SignInAccount> find_account_for_sign_in(store::Connection& connection,
                                                      std::string_view identifier);
// Sets a new hash whatever the old one was (password change and reset).
void set_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view hash);
// Replaces `old_hash` by `new_hash` only if it is still the stored one (rehash
// at sign-in must not undo a password change made meanwhile).
void replace_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view old_hash,
                           std::string_view new_hash);

// --- Recovery -----------------------------------------------------------------
// Identifiers of the open accounts with this mobile, oldest first.
std::vector<std::string> identifiers_by_phone(store::Connection& connection, std::string_view phone_e164);
// Identifiers of the open accounts with this verified address (any case), oldest first.
std::vector<std::string> identifiers_by_email(store::Connection& connection, std::string_view email);

struct RecoverableAccount {
  std::int64_t id = 0;
  std::optional<std::string> phone_e164;  // where the code goes; none: no reset by SMS
  std::optional<std::string> verified_email;
};
std::optional<RecoverableAccount> find_recoverable(store::Connection& connection,
                                                   std::string_view identifier);
std::optional<RecoverableAccount> find_recoverable(store::Connection& connection, std::int64_t account_id);

// --- Closing ------------------------------------------------------------------
// Moves the children of `from` to `to` (a child both have stays once, with the
// earlier confirmation), each keeping the guardian link it was confirmed
// through, then closes `from`: its sessions and flows go, and its FranceConnect
// identity moves to `to` when `to` has none. Answers how many children moved.
std::int64_t merge_account_into(store::Connection& connection, std::int64_t from, std::int64_t to,
                                std::int64_t now);

}  // namespace sesame::accounts
