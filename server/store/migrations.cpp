#include "server/store/migrations.h"

#include <array>
#include <optional>
#include <string>

namespace sesame::store {

namespace {

// 1: the directory the schools export (see docs/csv-import.md). Names are kept
// as the school wrote them; the *_key columns hold shared::name_match_key() of
// them so that the activation step finds a guardian with one indexed lookup.
constexpr std::string_view kDirectory = R"sql(
CREATE TABLE schools (
  uai   TEXT PRIMARY KEY,
  name  TEXT NOT NULL,
  city  TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('ecole', 'college_lycee'))
) STRICT;

CREATE TABLE pupils (
  id          INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,
  school_uai  TEXT NOT NULL REFERENCES schools (uai),
  last_name   TEXT NOT NULL,
  first_name  TEXT NOT NULL,
  birth_date  TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
CREATE INDEX pupils_by_school ON pupils (school_uai);

CREATE TABLE guardians (
  id             INTEGER PRIMARY KEY,
  external_id    TEXT NOT NULL UNIQUE,
  last_name      TEXT NOT NULL,
  first_name     TEXT NOT NULL,
  last_name_key  TEXT NOT NULL,
  first_name_key TEXT NOT NULL,
  mobile_e164    TEXT CHECK (mobile_e164 GLOB '+[1-9]*'),
  email          TEXT
) STRICT;
CREATE INDEX guardians_by_identity ON guardians (last_name_key, first_name_key, mobile_e164);

CREATE TABLE guardian_pupils (
  guardian_id          INTEGER NOT NULL REFERENCES guardians (id) ON DELETE CASCADE,
  pupil_id             INTEGER NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
  legal_representative INTEGER NOT NULL CHECK (legal_representative IN (0, 1)),
  PRIMARY KEY (guardian_id, pupil_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX guardian_pupils_by_pupil ON guardian_pupils (pupil_id);
)sql";

// 2: Sésame's own data. Times are Unix seconds (INTEGER, UTC); phones E.164.
// - accounts: one per parent; the identifier (p.nomXX) is how they sign in.
//   guardian_id ties the account to the directory's guardian it was created
//   for; closed accounts keep their row (audit), with closed_at set.
// - flows: one row per multi-step procedure (docs/api.md, "Flows"): each step
//   checks `state`, and the counters enforce the limits of docs/security.md
//   ("Limits"). The SMS code is kept only as a keyed hash. `data` carries what
//   a kind needs beyond that.
// - sessions: only the hash of the cookie's token is stored, so a copy of the
//   database does not open anybody's account.
// - outbox: messages written in the same transaction as the step that sends
//   them, delivered by a thread (server/delivery).
// - rate_limits: fixed-window counters keyed by the caller ("sms:+336…",
//   "login:e.dupont07").
constexpr std::string_view kAccountsAndFlows = R"sql(
CREATE TABLE accounts (
  id                INTEGER PRIMARY KEY,
  identifier        TEXT NOT NULL UNIQUE,
  guardian_id       INTEGER REFERENCES guardians (id) ON DELETE SET NULL,
  password_hash     TEXT,
  email             TEXT,
  email_verified    INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  phone_e164        TEXT CHECK (phone_e164 GLOB '+[1-9]*'),
  alerts_at_login   INTEGER NOT NULL DEFAULT 1 CHECK (alerts_at_login IN (0, 1)),
  franceconnect_sub TEXT UNIQUE,
  created_at        INTEGER NOT NULL,
  closed_at         INTEGER,
  CHECK (password_hash IS NOT NULL OR franceconnect_sub IS NOT NULL OR closed_at IS NOT NULL)
) STRICT;
CREATE INDEX accounts_by_guardian ON accounts (guardian_id);
CREATE INDEX accounts_by_phone ON accounts (phone_e164);
CREATE INDEX accounts_by_email ON accounts (email COLLATE NOCASE);

CREATE TABLE account_children (
  account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  pupil_id     INTEGER NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
  confirmed_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, pupil_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX account_children_by_pupil ON account_children (pupil_id);

CREATE TABLE flows (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL
                  CHECK (kind IN ('activation', 'recovery', 'franceconnect_attach', 'email_change', 'phone_change')),
  state           TEXT NOT NULL,
  guardian_id     INTEGER REFERENCES guardians (id) ON DELETE SET NULL,
  account_id      INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  phone_e164      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  code_hash       TEXT,
  code_expires_at INTEGER,
  code_attempts   INTEGER NOT NULL DEFAULT 0 CHECK (code_attempts >= 0),
  resend_count    INTEGER NOT NULL DEFAULT 0 CHECK (resend_count >= 0),
  last_sent_at    INTEGER,
  data            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
) STRICT;
CREATE INDEX flows_by_expiry ON flows (expires_at);
CREATE INDEX flows_by_account ON flows (account_id) WHERE account_id IS NOT NULL;

CREATE TABLE flow_children (
  flow_id  TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  pupil_id INTEGER NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  state    TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'declined', 'refused')),
  PRIMARY KEY (flow_id, pupil_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  channel         TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient       TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER,
  sent_at         INTEGER,
  given_up_at     INTEGER,
  last_error      TEXT
) STRICT;
-- The sender's question, "what is due?", reads only the pending rows.
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
CREATE INDEX outbox_by_recipient ON outbox (recipient, id);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  account_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
  guardian_id INTEGER REFERENCES guardians (id) ON DELETE SET NULL,
  pupil_id    INTEGER REFERENCES pupils (id) ON DELETE SET NULL,
  detail      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;
CREATE INDEX audit_log_by_account ON audit_log (account_id, at) WHERE account_id IS NOT NULL;
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE TABLE rate_limits (
  key          TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count        INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (key, window_start)
) STRICT, WITHOUT ROWID;
)sql";

// 3: what the janitor (server/maintenance) needs to purge the outbox, which
// keeps a month of messages, without reading all of it every few minutes.
// - outbox_by_creation: the messages past their month.
// - outbox_bodies_kept: only the rows whose body (codes in clear) is still
//   there, by the time they were sent or given up; a row leaves the index when
//   its body is cleared, so it stays as small as the last hour's messages.
constexpr std::string_view kOutboxRetention = R"sql(
CREATE INDEX outbox_by_creation ON outbox (created_at);
CREATE INDEX outbox_bodies_kept ON outbox (coalesce(sent_at, given_up_at)) WHERE body <> '';
)sql";

// 4: children held through another guardian record, and children set aside.
// - account_children.guardian_id: the guardian whose directory link gives the
//   account this child. It is the account's own guardian, except for children
//   taken from another account ("Ajout d'un élève depuis un autre compte"),
//   which keep the link of the account they came from; a re-import that
//   removes that link removes the access.
// - account_children_set_aside: children the account's guardian represents but
//   the parent declined ("Je ne suis pas le représentant légal") or could not
//   confirm (birth date tries used up): they are not offered again as newly
//   known; the school settles them in person.
constexpr std::string_view kChildrenThroughGuardians = R"sql(
ALTER TABLE account_children ADD COLUMN guardian_id INTEGER REFERENCES guardians (id) ON DELETE CASCADE;
UPDATE account_children
   SET guardian_id = (SELECT a.guardian_id FROM accounts a WHERE a.id = account_children.account_id);
CREATE INDEX account_children_by_guardian ON account_children (guardian_id, pupil_id);

CREATE TABLE account_children_set_aside (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  pupil_id   INTEGER NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
  reason     TEXT NOT NULL CHECK (reason IN ('declined', 'refused')),
  at         INTEGER NOT NULL,
  PRIMARY KEY (account_id, pupil_id)
) STRICT, WITHOUT ROWID;
)sql";

// 5: wrong birth dates typed for a child newly known to the schools, once the
// account exists (POST /me/children). Kept per account and child until the
// child is confirmed or set aside: unlike rate limits, they never expire, so
// the three tries per child (docs/api.md, "POST /api/v1/me/children") cannot
// be spread over days.
constexpr std::string_view kNewChildAttempts = R"sql(
CREATE TABLE account_child_attempts (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  pupil_id   INTEGER NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
  attempts   INTEGER NOT NULL CHECK (attempts > 0),
  PRIMARY KEY (account_id, pupil_id)
) STRICT, WITHOUT ROWID;
)sql";

// 6: a session opened through FranceConnect keeps the provider's ID token, the
// id_token_hint of its logout at the provider's end-session endpoint.
constexpr std::string_view kFranceConnectSessions = R"sql(
ALTER TABLE sessions ADD COLUMN id_token TEXT;
)sql";

// 7: pupils' accounts (docs/security.md, "Pupils' accounts").
// - pupils.class_name: the class when the export gives one; pupils.left_at: the
//   import no longer lists the pupil in its school (a pupils file is
//   authoritative for the schools it covers); cleared when listed again.
// - accounts: rebuilt (SQLite cannot change a CHECK) with `profile` ('parent' or
//   'pupil'), `pupil_id` (the directory's pupil a pupil account belongs to, at
//   most one account each) and `disabled_at` (a pupil who left every school:
//   the account keeps its identifier until the retention purge). A pupil
//   account needs no password until its first sign-in.
// - temporary_passwords: at most one per account (a new letter replaces it),
//   argon2id like every password, with the birth-date tries of the first
//   sign-in it opens (three, then it is deleted).
// - flows: rebuilt without the CHECK on `kind`; the kinds are the code's
//   (flow_store.h), so a new flow needs no rebuild.
constexpr std::string_view kPupilAccounts = R"sql(
ALTER TABLE pupils ADD COLUMN class_name TEXT;
ALTER TABLE pupils ADD COLUMN left_at INTEGER;

CREATE TABLE accounts_new (
  id                INTEGER PRIMARY KEY,
  identifier        TEXT NOT NULL UNIQUE,
  profile           TEXT NOT NULL DEFAULT 'parent' CHECK (profile IN ('parent', 'pupil')),
  guardian_id       INTEGER REFERENCES guardians (id) ON DELETE SET NULL,
  pupil_id          INTEGER UNIQUE REFERENCES pupils (id) ON DELETE CASCADE,
  password_hash     TEXT,
  email             TEXT,
  email_verified    INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  phone_e164        TEXT CHECK (phone_e164 GLOB '+[1-9]*'),
  alerts_at_login   INTEGER NOT NULL DEFAULT 1 CHECK (alerts_at_login IN (0, 1)),
  franceconnect_sub TEXT UNIQUE,
  created_at        INTEGER NOT NULL,
  closed_at         INTEGER,
  disabled_at       INTEGER,
  CHECK ((profile = 'pupil') = (pupil_id IS NOT NULL)),
  CHECK (profile = 'pupil' OR password_hash IS NOT NULL OR franceconnect_sub IS NOT NULL OR closed_at IS NOT NULL)
) STRICT;
INSERT INTO accounts_new (id, identifier, guardian_id, password_hash, email, email_verified, phone_e164,
                          alerts_at_login, franceconnect_sub, created_at, closed_at)
  SELECT id, identifier, guardian_id, password_hash, email, email_verified, phone_e164,
         alerts_at_login, franceconnect_sub, created_at, closed_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE INDEX accounts_by_guardian ON accounts (guardian_id);
CREATE INDEX accounts_by_phone ON accounts (phone_e164);
CREATE INDEX accounts_by_email ON accounts (email COLLATE NOCASE);

CREATE TABLE temporary_passwords (
  account_id          INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  hash                TEXT NOT NULL,
  issued_at           INTEGER NOT NULL,
  expires_at          INTEGER NOT NULL,
  issued_by           TEXT NOT NULL CHECK (issued_by IN ('school', 'parent')),
  issuer_account_id   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
  birth_date_attempts INTEGER NOT NULL DEFAULT 0 CHECK (birth_date_attempts >= 0)
) STRICT;

CREATE TABLE flows_new (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL,
  state           TEXT NOT NULL,
  guardian_id     INTEGER REFERENCES guardians (id) ON DELETE SET NULL,
  account_id      INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  phone_e164      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  code_hash       TEXT,
  code_expires_at INTEGER,
  code_attempts   INTEGER NOT NULL DEFAULT 0 CHECK (code_attempts >= 0),
  resend_count    INTEGER NOT NULL DEFAULT 0 CHECK (resend_count >= 0),
  last_sent_at    INTEGER,
  data            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
) STRICT;
INSERT INTO flows_new SELECT id, kind, state, guardian_id, account_id, phone_e164, created_at, updated_at,
                             expires_at, code_hash, code_expires_at, code_attempts, resend_count,
                             last_sent_at, data FROM flows;
DROP TABLE flows;
ALTER TABLE flows_new RENAME TO flows;
CREATE INDEX flows_by_expiry ON flows (expires_at);
CREATE INDEX flows_by_account ON flows (account_id) WHERE account_id IS NOT NULL;
)sql";

// 8: school staff and their console (docs/security.md, "School staff").
// - staff_members: a staff member signs in with an e-mail address, a password
//   and a TOTP second factor; `totp_secret` is sealed with a key derived from
//   the server key (security::SecretBox), `totp_last_step` the last 30-second
//   step a code was accepted for (a code is never accepted twice). Removed
//   members keep their row (the audit log names them) with removed_at set.
// - staff_schools: the schools a member helps; staff_invitations: the one
//   pending invitation of a member (keyed hash of the link's token), with the
//   password and secret chosen before the TOTP code proves the enrolment;
//   staff_recovery_codes: keyed hashes of the unused recovery codes;
//   staff_sessions: like sessions, for staff only.
// - audit_log: the staff member and the school of a staff action.
// - accounts: rebuilt without the CHECK that a parent's account has a password
//   or FranceConnect: an activation letter creates the account before its
//   first sign-in, as for pupils.
constexpr std::string_view kStaff = R"sql(
CREATE TABLE staff_members (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  password_hash  TEXT,
  totp_secret    TEXT,
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  enrolled_at    INTEGER,
  removed_at     INTEGER
) STRICT;

CREATE TABLE staff_schools (
  staff_id   INTEGER NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
  school_uai TEXT NOT NULL REFERENCES schools (uai),
  PRIMARY KEY (staff_id, school_uai)
) STRICT, WITHOUT ROWID;

CREATE TABLE staff_invitations (
  staff_id      INTEGER PRIMARY KEY REFERENCES staff_members (id) ON DELETE CASCADE,
  token_hash    TEXT NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  used_at       INTEGER,
  password_hash TEXT,
  totp_secret   TEXT
) STRICT;

CREATE TABLE staff_recovery_codes (
  staff_id  INTEGER NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  PRIMARY KEY (staff_id, code_hash)
) STRICT, WITHOUT ROWID;

CREATE TABLE staff_sessions (
  token_hash   TEXT PRIMARY KEY,
  staff_id     INTEGER NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX staff_sessions_by_member ON staff_sessions (staff_id);

ALTER TABLE audit_log ADD COLUMN staff_id INTEGER REFERENCES staff_members (id) ON DELETE SET NULL;
ALTER TABLE audit_log ADD COLUMN school_uai TEXT;
CREATE INDEX audit_log_by_school ON audit_log (school_uai, at) WHERE school_uai IS NOT NULL;

CREATE TABLE accounts_new (
  id                INTEGER PRIMARY KEY,
  identifier        TEXT NOT NULL UNIQUE,
  profile           TEXT NOT NULL DEFAULT 'parent' CHECK (profile IN ('parent', 'pupil')),
  guardian_id       INTEGER REFERENCES guardians (id) ON DELETE SET NULL,
  pupil_id          INTEGER UNIQUE REFERENCES pupils (id) ON DELETE CASCADE,
  password_hash     TEXT,
  email             TEXT,
  email_verified    INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  phone_e164        TEXT CHECK (phone_e164 GLOB '+[1-9]*'),
  alerts_at_login   INTEGER NOT NULL DEFAULT 1 CHECK (alerts_at_login IN (0, 1)),
  franceconnect_sub TEXT UNIQUE,
  created_at        INTEGER NOT NULL,
  closed_at         INTEGER,
  disabled_at       INTEGER,
  CHECK ((profile = 'pupil') = (pupil_id IS NOT NULL))
) STRICT;
INSERT INTO accounts_new SELECT id, identifier, profile, guardian_id, pupil_id, password_hash, email, email_verified,
                                phone_e164, alerts_at_login, franceconnect_sub, created_at, closed_at, disabled_at
                           FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE INDEX accounts_by_guardian ON accounts (guardian_id);
CREATE INDEX accounts_by_phone ON accounts (phone_e164);
CREATE INDEX accounts_by_email ON accounts (email COLLATE NOCASE);
)sql";

constexpr std::array kMigrations = {
    Migration{1, "directory: schools, pupils, guardians, links", kDirectory},
    Migration{2, "accounts, flows, sessions, outbox, audit log, rate limits", kAccountsAndFlows},
    Migration{3, "outbox indexes for the retention purge", kOutboxRetention},
    Migration{4, "children through a guardian, children set aside", kChildrenThroughGuardians},
    Migration{5, "birth-date tries on newly known children", kNewChildAttempts},
    Migration{6, "FranceConnect ID tokens of sessions", kFranceConnectSessions},
    Migration{7, "pupils' accounts and temporary passwords", kPupilAccounts, true},
    Migration{8, "school staff, their sessions and their audit", kStaff, true},
};

int read_user_version(Connection& connection) {
  return static_cast<int>(connection.query_integer("PRAGMA user_version"));
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

namespace {

// A table rebuilt (CREATE new, copy, DROP old, RENAME) with foreign keys on
// would delete the rows that refer to it (ON DELETE CASCADE runs for the DROP):
// SQLite's way is to switch them off around the transaction, which only works
// outside one, and to check every reference before committing.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(Connection& connection) : connection_(connection) {
    connection_.execute("PRAGMA foreign_keys = OFF");
  }
  ~ForeignKeysOff() {
    try {
      connection_.execute("PRAGMA foreign_keys = ON");
    } catch (...) {  // a connection that cannot take a pragma is unusable anyway
    }
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

 private:
  Connection& connection_;
};

bool rebuilds_pending(int current) {
  for (const Migration& migration : kMigrations)
    if (migration.version > current && migration.rebuilds_tables) return true;
  return false;
}

}  // namespace

MigrationOutcome apply_migrations(Connection& connection) {
  std::optional<ForeignKeysOff> keys_off;
  if (rebuilds_pending(read_user_version(connection))) keys_off.emplace(connection);
  // The write lock is taken before reading the version, so two processes
  // starting together cannot both apply the same migration.
  Transaction transaction(connection);
  const int current = read_user_version(connection);
  if (current > latest_schema_version()) {
    throw StoreError("the database schema is version " + std::to_string(current) +
                     ", newer than this program knows (" + std::to_string(latest_schema_version()) +
                     "): use a newer Sésame");
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current) continue;
    connection.execute(migration.sql);
    // user_version lives in the file header, which the transaction covers too.
    connection.execute("PRAGMA user_version = " + std::to_string(migration.version));
  }
  if (keys_off && connection.query_integer("SELECT count(*) FROM pragma_foreign_key_check") != 0)
    throw StoreError("a rebuilt table left references that point nowhere; nothing was changed");
  transaction.commit();
  return {current, latest_schema_version()};
}

}  // namespace sesame::store
