#include "server/flows/session/queries.h"

namespace sesame::session {

namespace {

std::string login_key(std::string_view identifier) { return "login:" + std::string(identifier); }

}  // namespace

void insert_session(store::Connection& connection, std::string_view token_hash, std::int64_t account_id,
                    std::int64_t now, const std::optional<std::string>& id_token) {
  store::Statement insert = connection.prepare(
      "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, id_token) "
      "VALUES (?1, ?2, ?3, ?3, ?4)");
  insert.bind(1, token_hash).bind(2, account_id).bind(3, now).bind(4, id_token);
  insert.run();
}

std::optional<std::string> session_id_token(store::Connection& connection, std::string_view token_hash) {
  store::Statement query = connection.prepare("SELECT id_token FROM sessions WHERE token_hash = ?1");
  query.bind(1, token_hash);
  if (!query.step() || query.is_null(0)) return std::nullopt;
  return query.text(0);
}

std::optional<SessionRow> find_session(store::Connection& connection, std::string_view token_hash) {
  store::Statement query = connection.prepare(
      "SELECT s.account_id, s.created_at, s.last_seen_at, a.closed_at IS NOT NULL "
      "FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?1");
  query.bind(1, token_hash);
  if (!query.step()) return std::nullopt;
  return SessionRow{query.integer(0), query.integer(1), query.integer(2), query.integer(3) != 0};
}

void touch_session(store::Connection& connection, std::string_view token_hash, std::int64_t now) {
  store::Statement update = connection.prepare("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1");
  update.bind(1, token_hash).bind(2, now);
  update.run();
}

void delete_session(store::Connection& connection, std::string_view token_hash) {
  store::Statement remove = connection.prepare("DELETE FROM sessions WHERE token_hash = ?1");
  remove.bind(1, token_hash);
  remove.run();
}

void delete_sessions_of(store::Connection& connection, std::int64_t account_id,
                        std::optional<std::string_view> keep) {
  store::Statement remove = connection.prepare(
      "DELETE FROM sessions WHERE account_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)");
  remove.bind(1, account_id);
  if (keep) {
    remove.bind(2, *keep);
  } else {
    remove.bind_null(2);
  }
  remove.run();
}

void set_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view hash) {
  store::Statement update = connection.prepare("UPDATE accounts SET password_hash = ?2 WHERE id = ?1");
  update.bind(1, account_id).bind(2, hash);
  update.run();
}

void replace_password_hash(store::Connection& connection, std::int64_t account_id, std::string_view old_hash,
                           std::string_view new_hash) {
  store::Statement update =
      connection.prepare("UPDATE accounts SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2");
  update.bind(1, account_id).bind(2, old_hash).bind(3, new_hash);
  update.run();
}

std::optional<SignInAccount> find_account_for_sign_in(store::Connection& connection,
                                                      std::string_view identifier) {
  store::Statement query = connection.prepare(
      "SELECT id, guardian_id, password_hash, closed_at IS NOT NULL FROM accounts WHERE identifier = ?1");
  query.bind(1, identifier);
  if (!query.step()) return std::nullopt;
  SignInAccount account;
  account.id = query.integer(0);
  if (!query.is_null(1)) account.guardian_id = query.integer(1);
  account.password_hash = query.optional_text(2);
  account.closed = query.integer(3) != 0;
  return account;
}

LoginFailures read_login_failures(store::Connection& connection, std::string_view identifier) {
  store::Statement query = connection.prepare(
      "SELECT count, window_start FROM rate_limits WHERE key = ?1 ORDER BY window_start DESC LIMIT 1");
  query.bind(1, login_key(identifier));
  if (!query.step()) return {};
  return LoginFailures{query.integer(0), query.integer(1)};
}

void write_login_failures(store::Connection& connection, std::string_view identifier,
                          const LoginFailures& failures) {
  // One row per key: window_start holds the last failure's time.
  clear_login_failures(connection, identifier);
  store::Statement write =
      connection.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3)");
  write.bind(1, login_key(identifier)).bind(2, failures.last_failure_at).bind(3, failures.count);
  write.run();
}

void clear_login_failures(store::Connection& connection, std::string_view identifier) {
  store::Statement drop = connection.prepare("DELETE FROM rate_limits WHERE key = ?1");
  drop.bind(1, login_key(identifier));
  drop.run();
}

std::optional<api::Account> load_account(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.prepare(
      "SELECT a.identifier, coalesce(g.first_name, ''), coalesce(g.last_name, ''), a.email, "
      "a.email_verified, "
      "       a.phone_e164, a.alerts_at_login, a.franceconnect_sub IS NOT NULL "
      "FROM accounts a LEFT JOIN guardians g ON g.id = a.guardian_id "
      "WHERE a.id = ?1 AND a.closed_at IS NULL");
  query.bind(1, account_id);
  if (!query.step()) return std::nullopt;
  api::Account account;
  account.identifier = query.text(0);
  account.first_name = query.text(1);
  account.last_name = query.text(2);
  account.email = query.optional_text(3);
  if (account.email && account.email->empty()) account.email.reset();
  account.email_verified = query.integer(4) != 0;
  account.phone = query.optional_text(5);
  account.alerts_at_login = query.integer(6) != 0;
  account.franceconnect = query.integer(7) != 0;

  // Only children the guardian is still linked to in the directory: a link the
  // school removed takes the access away at the next page load.
  store::Statement children = connection.prepare(
      "SELECT p.id, p.first_name, p.last_name, s.name, s.city, s.uai "
      "FROM account_children c "
      "JOIN accounts a ON a.id = c.account_id "
      "JOIN guardian_pupils gp ON gp.guardian_id = coalesce(c.guardian_id, a.guardian_id) "
      "                       AND gp.pupil_id = c.pupil_id "
      "JOIN pupils p ON p.id = c.pupil_id JOIN schools s ON s.uai = p.school_uai "
      "WHERE c.account_id = ?1 ORDER BY p.last_name, p.first_name, p.id");
  children.bind(1, account_id);
  while (children.step()) {
    account.children.push_back(api::Child{std::to_string(children.integer(0)), children.text(1),
                                          children.text(2),
                                          api::School{children.text(3), children.text(4), children.text(5)}});
  }
  return account;
}

void set_alerts_at_login(store::Connection& connection, std::int64_t account_id, bool alerts_at_login) {
  store::Statement update = connection.prepare("UPDATE accounts SET alerts_at_login = ?2 WHERE id = ?1");
  update.bind(1, account_id).bind(2, alerts_at_login);
  update.run();
}

FailedSignIns recent_failed_sign_ins(store::Connection& connection, std::int64_t account_id,
                                     std::int64_t since) {
  store::Statement query = connection.prepare(
      "SELECT count(*), coalesce(max(at), 0) FROM audit_log "
      "WHERE account_id = ?1 AND kind = 'sign_in_failed' AND at >= ?2 AND id > coalesce(("
      "  SELECT id FROM audit_log WHERE account_id = ?1 AND kind IN ('sign_in', 'account_created') "
      "  ORDER BY id DESC LIMIT 1 OFFSET 1), 0)");
  query.bind(1, account_id).bind(2, since);
  query.step();
  return FailedSignIns{query.integer(0), query.integer(1)};
}

std::vector<api::Child> newly_known_children(store::Connection& connection, std::int64_t account_id) {
  store::Statement query = connection.prepare(
      "SELECT p.id, p.first_name, p.last_name, s.name, s.city, s.uai "
      "FROM accounts a "
      "JOIN guardian_pupils gp ON gp.guardian_id = a.guardian_id AND gp.legal_representative = 1 "
      "JOIN pupils p ON p.id = gp.pupil_id JOIN schools s ON s.uai = p.school_uai "
      "WHERE a.id = ?1 "
      "  AND NOT EXISTS (SELECT 1 FROM account_children c WHERE c.account_id = a.id AND c.pupil_id = p.id) "
      "  AND NOT EXISTS (SELECT 1 FROM account_children_set_aside x "
      "                  WHERE x.account_id = a.id AND x.pupil_id = p.id) "
      "ORDER BY p.last_name, p.first_name, p.id");
  query.bind(1, account_id);
  std::vector<api::Child> children;
  while (query.step()) {
    children.push_back(api::Child{std::to_string(query.integer(0)), query.text(1), query.text(2),
                                  api::School{query.text(3), query.text(4), query.text(5)}});
  }
  return children;
}

}  // namespace sesame::session
