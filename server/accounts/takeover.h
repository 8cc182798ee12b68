#pragma once
// When a parent or a school reports an account taken over (docs/security.md):
// the operator runs `sesame-admin secure-account`, which takes back from
// whoever holds the account everything that could keep them in, in one
// transaction. The parent then chooses a new password with "Mot de passe
// oublié", the code going to the mobile number the school knows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/security/password_hasher.h"
#include "server/store/database.h"

namespace sesame::accounts {

struct SecuredAccount {
  std::int64_t account_id = 0;
  std::string identifier;
  std::optional<std::string> phone;  // E.164, the directory's mobile; empty: none known
  int sessions_closed = 0;
  int flows_cancelled = 0;  // resets, e-mail and phone changes, FranceConnect links (in progress or not)
  bool email_removed = false;
  bool franceconnect_unlinked = false;
};

// Closes every session; replaces the password by a random one nobody knows;
// puts back the directory's mobile number as the account's phone; removes the
// e-mail address; unlinks FranceConnect; cancels every procedure in progress on
// the account; writes an "account_secured" audit row. Children stay.
// nullopt when no open account has this identifier.
std::optional<SecuredAccount> secure_taken_over_account(store::Connection& connection,
                                                        security::PasswordHasher& hasher,
                                                        std::string_view identifier, std::int64_t now);

}  // namespace sesame::accounts
