#pragma once
// The SQL of "Mon compte": contact details, closing an account whose children
// moved to another, and the account's children. Callers hold the transaction.
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

// Moves the children of `from` to `to` (a child both have stays once, with the
// earlier confirmation), each keeping the guardian link it was confirmed
// through, then closes `from`: its sessions and flows go, and its FranceConnect
// identity moves to `to` when `to` has none. Answers how many children moved.
std::int64_t merge_account_into(store::Connection& connection, std::int64_t from, std::int64_t to,
                                std::int64_t now);

}  // namespace sesame::account
