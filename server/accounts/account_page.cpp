#include "server/accounts/account_page.h"

namespace sesame::accounts {

namespace {

// A child with its school, from columns p.id, p.first_name, p.last_name, s.name, s.city, s.uai.
api::Child read_child(const store::Statement& row) {
  return api::Child{std::to_string(row.integer(0)), row.text(1), row.text(2),
                    api::School{row.text(3), row.text(4), row.text(5)}, std::nullopt};
}

}  // namespace

namespace {

// A pupil's own page: who they are, their school and class; nothing of their parents.
std::optional<api::Account> load_pupil_account(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(
      "SELECT a.identifier, p.first_name, p.last_name, s.name, s.city, s.uai, p.class_name "
      "FROM accounts a JOIN pupils p ON p.id = a.pupil_id JOIN schools s ON s.uai = p.school_uai "
      "WHERE a.id = ?1 AND a.closed_at IS NULL AND a.disabled_at IS NULL",
      account_id);
  if (!query.step()) return std::nullopt;
  api::Account account;
  account.identifier = query.text(0);
  account.profile = "eleve";
  account.first_name = query.text(1);
  account.last_name = query.text(2);
  account.pupil = api::PupilDetails{api::School{query.text(3), query.text(4), query.text(5)},
                                    query.optional_text(6)};
  account.franceconnect = false;
  return account;
}

}  // namespace

std::optional<api::Account> load_account(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(
      "SELECT a.identifier, coalesce(g.first_name, ''), coalesce(g.last_name, ''), a.email, "
      "a.email_verified, "
      "       a.phone_e164, a.alerts_at_login, a.franceconnect_sub IS NOT NULL, a.profile "
      "FROM accounts a LEFT JOIN guardians g ON g.id = a.guardian_id "
      "WHERE a.id = ?1 AND a.closed_at IS NULL",
      account_id);
  if (!query.step()) return std::nullopt;
  if (query.text(8) == "pupil") return load_pupil_account(connection, account_id);
  api::Account account;
  account.identifier = query.text(0);
  account.profile = "parent";
  account.first_name = query.text(1);
  account.last_name = query.text(2);
  account.email = query.optional_text(3);
  if (account.email && account.email->empty()) account.email.reset();
  account.email_verified = query.integer(4) != 0;
  account.phone = query.optional_text(5);
  account.alerts_at_login = query.integer(6) != 0;
  account.franceconnect = query.integer(7) != 0;

  // Only children the guardian is still linked to in the directory: a link the
  // school removed takes the access away at the next page load. Each with the
  // state of the child's own account, so the parent can help at the first sign-in.
  store::Statement children = connection.query(
      "SELECT p.id, p.first_name, p.last_name, s.name, s.city, s.uai, ca.identifier, "
      "       CASE WHEN ca.disabled_at IS NOT NULL THEN 'disabled' "
      "            WHEN ca.password_hash IS NOT NULL THEN 'active' ELSE 'not_activated' END "
      "FROM account_children c "
      "JOIN accounts a ON a.id = c.account_id "
      "JOIN guardian_pupils gp ON gp.guardian_id = coalesce(c.guardian_id, a.guardian_id) "
      "                       AND gp.pupil_id = c.pupil_id "
      "JOIN pupils p ON p.id = c.pupil_id JOIN schools s ON s.uai = p.school_uai "
      "LEFT JOIN accounts ca ON ca.pupil_id = p.id "
      "WHERE c.account_id = ?1 ORDER BY p.last_name, p.first_name, p.id",
      account_id);
  while (children.step()) {
    api::Child child = read_child(children);
    if (const auto identifier = children.optional_text(6))
      child.account = api::ChildAccount{*identifier, children.text(7)};
    account.children.push_back(std::move(child));
  }
  return account;
}

FailedSignIns recent_failed_sign_ins(store::Connection& connection, std::int64_t account_id,
                                     std::int64_t since) {
  store::Statement query = connection.query(
      "SELECT count(*), coalesce(max(at), 0) FROM audit_log "
      "WHERE account_id = ?1 AND kind = 'sign_in_failed' AND at >= ?2 AND id > coalesce(("
      "  SELECT id FROM audit_log WHERE account_id = ?1 AND kind IN ('sign_in', 'account_created') "
      "  ORDER BY id DESC LIMIT 1 OFFSET 1), 0)",
      account_id, since);
  query.step();
  return FailedSignIns{query.integer(0), query.integer(1)};
}

std::vector<api::Child> newly_known_children(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.query(
      "SELECT p.id, p.first_name, p.last_name, s.name, s.city, s.uai "
      "FROM accounts a "
      "JOIN guardian_pupils gp ON gp.guardian_id = a.guardian_id AND gp.legal_representative = 1 "
      "JOIN pupils p ON p.id = gp.pupil_id JOIN schools s ON s.uai = p.school_uai "
      "WHERE a.id = ?1 "
      "  AND NOT EXISTS (SELECT 1 FROM account_children c WHERE c.account_id = a.id AND c.pupil_id = p.id) "
      "  AND NOT EXISTS (SELECT 1 FROM account_children_set_aside x "
      "                  WHERE x.account_id = a.id AND x.pupil_id = p.id) "
      "ORDER BY p.last_name, p.first_name, p.id",
      account_id);
  std::vector<api::Child> children;
  while (query.step()) {
    children.push_back(read_child(query));
  }
  return children;
}

}  // namespace sesame::accounts
