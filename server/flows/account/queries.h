#pragma once
// The SQL of "Mon compte": contact details, the account's children (taken,
// set aside, moved from another account that is then closed). Callers hold
// the transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/store/database.h"

namespace sesame::account {

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

// `guardian_id`: whose directory link gives the account this child.
void insert_account_child(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                          std::int64_t guardian_id, std::int64_t now);
// A child the parent declined or could not confirm (`reason`: declined, refused):
// not offered again as newly known.
void set_child_aside(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                     std::string_view reason, std::int64_t now);

// A pupil's birth date as the school exported it (ISO), if the pupil exists.
std::optional<std::string> pupil_birth_date(store::Connection& connection, std::int64_t pupil_id);

// Wrong birth dates typed so far for a newly known child (0 when none).
int child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id);
void set_child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id, int attempts);
// Once the child is confirmed or set aside, its tries are no longer needed.
void clear_child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id);

// Moves the children of `from` to `to` (a child both have stays once, with the
// earlier confirmation), each keeping the guardian link it was confirmed
// through, then closes `from`: its sessions and flows go, and its FranceConnect
// identity moves to `to` when `to` has none. Answers how many children moved.
std::int64_t merge_account_into(store::Connection& connection, std::int64_t from, std::int64_t to,
                                std::int64_t now);

}  // namespace sesame::account
