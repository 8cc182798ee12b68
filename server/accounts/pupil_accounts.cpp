#include "server/accounts/pupil_accounts.h"

#include <unordered_set>

#include "server/flows/audit.h"
#include "server/security/secrets.h"
#include "shared/identifier.h"

namespace sesame::accounts {

namespace {

using IdentifierSet = std::unordered_set<std::string>;

// Every identifier in use, parents' and pupils' alike, closed accounts included
// (an identifier is never given twice): one read, then each new pupil's is
// chosen in memory. The import holds the write lock, so nobody takes one meanwhile.
IdentifierSet identifiers_in_use(store::Connection& connection) {
  IdentifierSet taken;
  taken.reserve(static_cast<std::size_t>(connection.query_integer("SELECT count(*) FROM accounts")) + 1024);
  store::Statement query = connection.query("SELECT identifier FROM accounts");
  while (query.step()) taken.insert(query.text(0));
  return taken;
}

std::size_t create_missing_accounts(store::Connection& connection, std::int64_t now,
                                    std::vector<std::string>& without_identifier) {
  store::Statement missing = connection.query(
      "SELECT p.id, p.external_id, p.first_name, p.last_name FROM pupils p "
      "WHERE p.left_at IS NULL AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.pupil_id = p.id) ORDER BY p.id");
  if (!missing.step()) return 0;
  IdentifierSet taken = identifiers_in_use(connection);
  store::Statement insert = connection.prepare(
      "INSERT INTO accounts (identifier, profile, pupil_id, created_at) VALUES (?1, 'pupil', ?2, ?3)");
  std::size_t created = 0;
  do {
    // A random first suffix, as for parents: an identifier tells nothing of its namesakes.
    const int first_suffix = std::stoi(security::random_digits(2));
    const Checked<std::string> identifier = generate_identifier(
        missing.text(2), missing.text(3), [&](std::string_view candidate) { return taken.contains(std::string(candidate)); },
        first_suffix);
    if (!identifier) {
      without_identifier.push_back(missing.text(1));
      continue;
    }
    insert.bind_all(*identifier, missing.integer(0), now);
    insert.run();
    taken.insert(*identifier);
    ++created;
  } while (missing.step());
  return created;
}

}  // namespace

PupilAccountsSync sync_pupil_accounts(store::Connection& connection, std::int64_t now) {
  PupilAccountsSync sync;
  sync.created = create_missing_accounts(connection, now, sync.without_identifier);

  connection.run(
      "UPDATE accounts SET disabled_at = ?1 WHERE profile = 'pupil' AND disabled_at IS NULL AND closed_at IS NULL "
      "AND pupil_id IN (SELECT id FROM pupils WHERE left_at IS NOT NULL)",
      now);
  sync.disabled = static_cast<std::size_t>(connection.changes());
  if (sync.disabled > 0) {
    // What a disabled account had going ends with it.
    constexpr const char* kDisabled = "(SELECT id FROM accounts WHERE disabled_at = ?1)";
    connection.run(std::string("DELETE FROM sessions WHERE account_id IN ") + kDisabled, now);
    connection.run(std::string("DELETE FROM temporary_passwords WHERE account_id IN ") + kDisabled, now);
    connection.run(std::string("DELETE FROM flows WHERE account_id IN ") + kDisabled, now);
    connection.run(
        "INSERT INTO audit_log (at, kind, account_id, pupil_id) "
        "SELECT ?1, 'pupil_account_disabled', id, pupil_id FROM accounts WHERE disabled_at = ?1",
        now);
  }

  connection.run(
      "INSERT INTO audit_log (at, kind, account_id, pupil_id) "
      "SELECT ?1, 'pupil_account_enabled', a.id, a.pupil_id FROM accounts a JOIN pupils p ON p.id = a.pupil_id "
      "WHERE a.disabled_at IS NOT NULL AND p.left_at IS NULL",
      now);
  connection.run(
      "UPDATE accounts SET disabled_at = NULL WHERE profile = 'pupil' AND disabled_at IS NOT NULL "
      "AND pupil_id IN (SELECT id FROM pupils WHERE left_at IS NULL)");
  sync.enabled = static_cast<std::size_t>(connection.changes());
  return sync;
}

std::optional<PupilAccount> find_pupil_account(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(
      "SELECT a.id, a.identifier, a.pupil_id, p.first_name, a.disabled_at IS NOT NULL "
      "FROM accounts a JOIN pupils p ON p.id = a.pupil_id WHERE a.id = ?1 AND a.closed_at IS NULL",
      account_id);
  if (!query.step()) return std::nullopt;
  return PupilAccount{query.integer(0), query.text(1), query.integer(2), query.text(3), query.integer(4) != 0};
}

std::vector<LetterRecipient> letter_recipients(store::Connection& connection, std::string_view uai,
                                               const std::optional<std::string>& class_name,
                                               const std::optional<std::string>& identifier) {
  store::Statement query = connection.query(
      "SELECT a.id, a.identifier, p.first_name, p.last_name, p.class_name, s.uai, s.name, s.city "
      "FROM pupils p JOIN accounts a ON a.pupil_id = p.id JOIN schools s ON s.uai = p.school_uai "
      "WHERE p.school_uai = ?1 AND p.left_at IS NULL AND a.disabled_at IS NULL AND a.closed_at IS NULL "
      "AND (?2 IS NULL OR p.class_name = ?2) AND (?3 IS NULL OR a.identifier = ?3) "
      "ORDER BY coalesce(p.class_name, ''), p.last_name, p.first_name, p.id",
      uai, class_name, identifier);
  std::vector<LetterRecipient> recipients;
  while (query.step()) {
    recipients.push_back(LetterRecipient{query.integer(0), query.text(1), query.text(2), query.text(3),
                                         query.optional_text(4), query.text(5), query.text(6), query.text(7)});
  }
  return recipients;
}

ChildAccountForParent child_account_for_parent(store::Connection& connection, std::int64_t parent_account_id,
                                               std::int64_t pupil_id) {
  // The same links as the account page's children: the guardian the child was
  // confirmed through must still be linked, and as legal representative.
  store::Statement query = connection.query(
      "SELECT ca.id, ca.identifier, p.first_name, ca.disabled_at IS NOT NULL "
      "FROM account_children c "
      "JOIN accounts a ON a.id = c.account_id AND a.closed_at IS NULL AND a.profile = 'parent' "
      "JOIN guardian_pupils gp ON gp.guardian_id = coalesce(c.guardian_id, a.guardian_id) "
      "                       AND gp.pupil_id = c.pupil_id AND gp.legal_representative = 1 "
      "JOIN pupils p ON p.id = c.pupil_id "
      "LEFT JOIN accounts ca ON ca.pupil_id = p.id AND ca.closed_at IS NULL "
      "WHERE c.account_id = ?1 AND c.pupil_id = ?2",
      parent_account_id, pupil_id);
  ChildAccountForParent child;
  if (!query.step()) return child;  // not_confirmed
  const std::optional<std::int64_t> child_account = query.optional_integer(0);
  if (!child_account || query.integer(3) != 0) {
    child.access = ChildAccountAccess::disabled;
    return child;
  }
  return ChildAccountForParent{ChildAccountAccess::allowed, *child_account, query.text(1), query.text(2)};
}

}  // namespace sesame::accounts
