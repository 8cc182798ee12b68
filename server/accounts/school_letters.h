#pragma once
// The school's letters of first sign-in, the same whether `sesame-admin
// letters` or the staff console asks: a new temporary password per pupil,
// hashed first (outside any transaction), then the PDF, and only then the
// passwords stored, so that a failure on the way leaves the earlier letters valid.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/accounts/pupil_accounts.h"
#include "server/accounts/temporary_passwords.h"
#include "server/letters/letters.h"
#include "server/security/password_hasher.h"
#include "server/store/database.h"

namespace sesame::accounts {

struct PreparedLetters {
  std::vector<letters::Letter> letters;
  std::vector<PreparedTemporaryPassword> passwords;  // in the order of the recipients
};

// The slow part: one argon2id hash per recipient. `address` is where to sign in.
PreparedLetters prepare_letters(security::PasswordHasher& hasher, const std::vector<LetterRecipient>& recipients,
                                std::string_view address, std::int64_t now);

// Stores the passwords once the PDF is made, in the caller's transaction; each
// replaces the account's earlier one (and ends the first sign-in it opened).
void store_letters(store::Connection& connection, const std::vector<LetterRecipient>& recipients,
                   const PreparedLetters& prepared, std::int64_t now);

}  // namespace sesame::accounts
