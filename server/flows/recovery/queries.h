#pragma once
// The SQL of recovery: which open accounts a mobile number, a verified e-mail
// address or an identifier leads to. Callers hold the transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/database.h"

namespace sesame::recovery {

// Identifiers of the open accounts with this mobile, oldest first.
std::vector<std::string> identifiers_by_phone(store::Connection& connection, std::string_view phone_e164);
// Identifiers of the open accounts with this verified address (any case), oldest first.
std::vector<std::string> identifiers_by_email(store::Connection& connection, std::string_view email);

struct RecoverableAccount {
  std::int64_t id = 0;
  std::optional<std::string> phone_e164;  // where the code goes; none: no reset by SMS
  std::optional<std::string> verified_email;
};
std::optional<RecoverableAccount> find_recoverable(store::Connection& connection, std::string_view identifier);
std::optional<RecoverableAccount> find_recoverable(store::Connection& connection, std::int64_t account_id);

}  // namespace sesame::recovery
