#include "server/accounts/school_letters.h"

namespace sesame::accounts {

PreparedLetters prepare_letters(security::PasswordHasher& hasher, const std::vector<LetterRecipient>& recipients,
                                std::string_view address, std::int64_t now) {
  PreparedLetters prepared;
  for (const LetterRecipient& pupil : recipients) {
    prepared.passwords.push_back(prepare_temporary_password(hasher, now));
    const IssuedTemporaryPassword& issued = prepared.passwords.back().issued;
    prepared.letters.push_back(letters::Letter{pupil.school_name, pupil.school_city, pupil.school_uai,
                                               pupil.first_name, pupil.last_name, pupil.class_name,
                                               pupil.identifier, issued.password, issued.last_day,
                                               std::string(address), letters::Recipient::pupil, {}});
  }
  return prepared;
}

void store_letters(store::Connection& connection, const std::vector<LetterRecipient>& recipients,
                   const PreparedLetters& prepared, std::int64_t now) {
  for (std::size_t i = 0; i < recipients.size(); ++i)
    store_temporary_password(connection, recipients[i].account_id, prepared.passwords[i], Issuer::school,
                             std::nullopt, now);
}

}  // namespace sesame::accounts
