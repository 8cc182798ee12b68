#include "server/flows/recovery/queries.h"

namespace sesame::recovery {

namespace {

std::vector<std::string> identifiers(store::Statement& query) {
  std::vector<std::string> found;
  while (query.step()) found.push_back(query.text(0));
  return found;
}

constexpr const char* kRecoverable =
    "SELECT id, phone_e164, CASE WHEN email_verified = 1 THEN email END FROM accounts "
    "WHERE closed_at IS NULL AND ";

std::optional<RecoverableAccount> read_recoverable(store::Statement& query) {
  if (!query.step()) return std::nullopt;
  return RecoverableAccount{query.integer(0), query.optional_text(1), query.optional_text(2)};
}

}  // namespace

std::vector<std::string> identifiers_by_phone(store::Connection& connection, std::string_view phone_e164) {
  store::Statement query = connection.prepare(
      "SELECT identifier FROM accounts WHERE phone_e164 = ?1 AND closed_at IS NULL ORDER BY id");
  query.bind(1, phone_e164);
  return identifiers(query);
}

std::vector<std::string> identifiers_by_email(store::Connection& connection, std::string_view email) {
  // COLLATE NOCASE, like the index accounts_by_email.
  store::Statement query = connection.prepare(
      "SELECT identifier FROM accounts WHERE email = ?1 COLLATE NOCASE AND email_verified = 1 "
      "AND closed_at IS NULL ORDER BY id");
  query.bind(1, email);
  return identifiers(query);
}

std::optional<RecoverableAccount> find_recoverable(store::Connection& connection, std::string_view identifier) {
  store::Statement query = connection.prepare(std::string(kRecoverable) + "identifier = ?1");
  query.bind(1, identifier);
  return read_recoverable(query);
}

std::optional<RecoverableAccount> find_recoverable(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.prepare(std::string(kRecoverable) + "id = ?1");
  query.bind(1, account_id);
  return read_recoverable(query);
}

}  // namespace sesame::recovery
