#include "server/store/database.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <utility>

#include "server/store/migrations.h"

namespace sesame::store {

namespace {

// How long a connection waits for another one's write lock before giving up.
constexpr int kBusyTimeoutMs = 5000;

std::string describe(sqlite3* db, std::string_view what) {
  return std::string(what) + ": " + sqlite3_errmsg(db);
}

struct CodeName {
  int code;
  const char* name;
};

// The codes a storage failure is likely to show, extended ones first so that
// the most precise name is found; any other falls back to its primary code.
constexpr CodeName kCodeNames[] = {
    {SQLITE_IOERR_READ, "SQLITE_IOERR_READ"},
    {SQLITE_IOERR_SHORT_READ, "SQLITE_IOERR_SHORT_READ"},
    {SQLITE_IOERR_WRITE, "SQLITE_IOERR_WRITE"},
    {SQLITE_IOERR_FSYNC, "SQLITE_IOERR_FSYNC"},
    {SQLITE_IOERR_DIR_FSYNC, "SQLITE_IOERR_DIR_FSYNC"},
    {SQLITE_IOERR_TRUNCATE, "SQLITE_IOERR_TRUNCATE"},
    {SQLITE_IOERR_FSTAT, "SQLITE_IOERR_FSTAT"},
    {SQLITE_IOERR_UNLOCK, "SQLITE_IOERR_UNLOCK"},
    {SQLITE_IOERR_RDLOCK, "SQLITE_IOERR_RDLOCK"},
    {SQLITE_IOERR_DELETE, "SQLITE_IOERR_DELETE"},
    {SQLITE_IOERR_NOMEM, "SQLITE_IOERR_NOMEM"},
    {SQLITE_IOERR_ACCESS, "SQLITE_IOERR_ACCESS"},
    {SQLITE_IOERR_LOCK, "SQLITE_IOERR_LOCK"},
    {SQLITE_IOERR_CLOSE, "SQLITE_IOERR_CLOSE"},
    {SQLITE_IOERR_SHMOPEN, "SQLITE_IOERR_SHMOPEN"},
    {SQLITE_IOERR_SHMSIZE, "SQLITE_IOERR_SHMSIZE"},
    {SQLITE_IOERR_SHMMAP, "SQLITE_IOERR_SHMMAP"},
    {SQLITE_IOERR_SEEK, "SQLITE_IOERR_SEEK"},
    {SQLITE_IOERR_MMAP, "SQLITE_IOERR_MMAP"},
    {SQLITE_IOERR_CORRUPTFS, "SQLITE_IOERR_CORRUPTFS"},
    {SQLITE_READONLY_RECOVERY, "SQLITE_READONLY_RECOVERY"},
    {SQLITE_READONLY_CANTLOCK, "SQLITE_READONLY_CANTLOCK"},
    {SQLITE_READONLY_ROLLBACK, "SQLITE_READONLY_ROLLBACK"},
    {SQLITE_READONLY_DBMOVED, "SQLITE_READONLY_DBMOVED"},
    {SQLITE_READONLY_CANTINIT, "SQLITE_READONLY_CANTINIT"},
    {SQLITE_READONLY_DIRECTORY, "SQLITE_READONLY_DIRECTORY"},
    {SQLITE_CANTOPEN_ISDIR, "SQLITE_CANTOPEN_ISDIR"},
    {SQLITE_CANTOPEN_FULLPATH, "SQLITE_CANTOPEN_FULLPATH"},
    {SQLITE_BUSY_RECOVERY, "SQLITE_BUSY_RECOVERY"},
    {SQLITE_BUSY_SNAPSHOT, "SQLITE_BUSY_SNAPSHOT"},
    {SQLITE_BUSY_TIMEOUT, "SQLITE_BUSY_TIMEOUT"},
    {SQLITE_ABORT_ROLLBACK, "SQLITE_ABORT_ROLLBACK"},
    {SQLITE_CORRUPT_VTAB, "SQLITE_CORRUPT_VTAB"},
    {SQLITE_CORRUPT_SEQUENCE, "SQLITE_CORRUPT_SEQUENCE"},
    {SQLITE_CORRUPT_INDEX, "SQLITE_CORRUPT_INDEX"},
    {SQLITE_CONSTRAINT_FOREIGNKEY, "SQLITE_CONSTRAINT_FOREIGNKEY"},
    {SQLITE_CONSTRAINT_NOTNULL, "SQLITE_CONSTRAINT_NOTNULL"},
    {SQLITE_CONSTRAINT_PRIMARYKEY, "SQLITE_CONSTRAINT_PRIMARYKEY"},
    {SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE"},
    {SQLITE_CONSTRAINT_CHECK, "SQLITE_CONSTRAINT_CHECK"},
    {SQLITE_ERROR, "SQLITE_ERROR"},
    {SQLITE_INTERNAL, "SQLITE_INTERNAL"},
    {SQLITE_PERM, "SQLITE_PERM"},
    {SQLITE_ABORT, "SQLITE_ABORT"},
    {SQLITE_BUSY, "SQLITE_BUSY"},
    {SQLITE_LOCKED, "SQLITE_LOCKED"},
    {SQLITE_NOMEM, "SQLITE_NOMEM"},
    {SQLITE_READONLY, "SQLITE_READONLY"},
    {SQLITE_INTERRUPT, "SQLITE_INTERRUPT"},
    {SQLITE_IOERR, "SQLITE_IOERR"},
    {SQLITE_CORRUPT, "SQLITE_CORRUPT"},
    {SQLITE_FULL, "SQLITE_FULL"},
    {SQLITE_CANTOPEN, "SQLITE_CANTOPEN"},
    {SQLITE_PROTOCOL, "SQLITE_PROTOCOL"},
    {SQLITE_SCHEMA, "SQLITE_SCHEMA"},
    {SQLITE_TOOBIG, "SQLITE_TOOBIG"},
    {SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT"},
    {SQLITE_MISMATCH, "SQLITE_MISMATCH"},
    {SQLITE_MISUSE, "SQLITE_MISUSE"},
    {SQLITE_NOLFS, "SQLITE_NOLFS"},
    {SQLITE_RANGE, "SQLITE_RANGE"},
    {SQLITE_NOTADB, "SQLITE_NOTADB"},
};

}  // namespace

FailureKind failure_kind(int sqlite_code) {
  // Extended codes that say more than their primary one.
  switch (sqlite_code) {
    case SQLITE_IOERR_CORRUPTFS:  // the file system found damage
      return FailureKind::corrupt;
    case SQLITE_ABORT_ROLLBACK:  // the transaction was rolled back under it, by one of the failures below
      return FailureKind::unavailable;
    default:
      break;
  }
  switch (sqlite_code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_PERM:
      return FailureKind::unavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return FailureKind::corrupt;
    default:
      return FailureKind::bug;
  }
}

std::string sqlite_code_name(int sqlite_code) {
  for (const CodeName& entry : kCodeNames)
    if (entry.code == sqlite_code) return std::string(entry.name) + " (" + std::to_string(sqlite_code) + ")";
  for (const CodeName& entry : kCodeNames)
    if (entry.code == (sqlite_code & 0xff))
      return std::string(entry.name) + " (" + std::to_string(sqlite_code) + ")";
  return "SQLite code " + std::to_string(sqlite_code);
}

// ---- Statement -----------------------------------------------------------------

Statement::~Statement() {
  if (stmt_) owner_->give_back(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), owner_(other.owner_) {}

void Statement::fail(std::string_view what, int code) const {
  owner_->fail(describe(db_, std::string(what) + " «" + sqlite3_sql(stmt_) + "»"), code);
}

Statement& Statement::bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail("cannot bind text", rc);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t number) {
  if (const int rc = sqlite3_bind_int64(stmt_, index, number); rc != SQLITE_OK) fail("cannot bind integer", rc);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& number) {
  return number ? bind(index, *number) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail("cannot bind null", rc);
  return *this;
}

bool Statement::step() {
  switch (const int rc = sqlite3_step(stmt_)) {
    case SQLITE_ROW:
      return true;
    case SQLITE_DONE:
      return false;
    default:
      fail("cannot run", rc);
  }
}

void Statement::run() {
  const bool has_row = step();
  reset();
  if (has_row) throw StoreError(std::string("statement returned a row: ") + sqlite3_sql(stmt_));
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
  const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return bytes ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
               : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

// ---- Connection ----------------------------------------------------------------

namespace {

// SQLite counts every allocation under one process-wide mutex unless told not
// to: the server's threads would queue on it at each query. Only possible
// before SQLite initialises; later (a program that used SQLite first) it is
// refused, harmlessly.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

Connection::Connection(const std::filesystem::path& file) {
  configure_sqlite_once();
  // NOMUTEX: a connection is only ever used by the thread that holds its lease.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
    const int code = db_ ? sqlite3_extended_errcode(db_) : rc;
    std::string message = describe(db_, "cannot open database " + file.string());
    sqlite3_close(db_);
    throw StoreError(message, code);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  try {
    // Foreign keys are off by default in SQLite and are set per connection.
    // synchronous=NORMAL is durable enough in WAL mode (a power cut may lose the
    // last commits, never corrupt the file) and much faster.
    execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
  } catch (const StoreError&) {
    sqlite3_close_v2(db_);
    throw;
  }
}

Connection::~Connection() {
  for (const auto& [sql, stmt] : idle_statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void Connection::execute(std::string_view sql) {
  char* error = nullptr;
  if (const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error); rc != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    fail("cannot execute «" + std::string(sql) + "»: " + message, rc);
  }
}

Statement Connection::prepare(std::string_view sql) {
  const auto idle = idle_statements_.find(sql);
  if (idle != idle_statements_.end()) {
    sqlite3_stmt* stmt = idle->second;
    idle_statements_.erase(idle);
    return Statement(db_, stmt, this);
  }
  sqlite3_stmt* stmt = nullptr;
  if (const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
      rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    fail(describe(db_, "cannot prepare «" + std::string(sql) + "»"), rc);
  }
  return Statement(db_, stmt, this);
}

void Connection::give_back(sqlite3_stmt* stmt) {
  // Reset ends its read, if a row was left unread; the bindings go with it.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  // Keyed by the text SQLite kept: the SQL as given, for a single statement.
  if (idle_statements_.size() >= kMaxCachedStatements ||
      !idle_statements_.try_emplace(sqlite3_sql(stmt), stmt).second)
    sqlite3_finalize(stmt);
}

std::int64_t Connection::query_integer(std::string_view sql) {
  Statement statement = prepare(sql);
  if (!statement.step()) throw StoreError("query returned no row: " + std::string(sql));
  return statement.integer(0);
}

void Connection::fail(std::string message, int code) {
  if (failure_kind(code) != FailureKind::bug) damaged_ = true;
  throw StoreError(message, code);
}

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

bool Connection::reusable() const {
  // Opened read-only (the file system was read-only then): it would refuse
  // every write even once the disk is writable again.
  return !damaged_ && !in_transaction() && sqlite3_db_readonly(db_, "main") != 1;
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Connection::changes() const { return sqlite3_changes(db_); }

// ---- Transaction ---------------------------------------------------------------

Transaction::Transaction(Connection& connection) : connection_(connection) {
  connection_.prepare("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  // After SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM or SQLITE_BUSY, SQLite may
  // already have rolled the whole transaction back by itself: then there is
  // nothing left to end. A COMMIT that failed leaves it open: rolled back here.
  if (!open_ || !connection_.in_transaction()) return;
  try {
    connection_.execute("ROLLBACK");
  } catch (const StoreError&) {
    // Still inside the transaction: the pool will close this connection
    // (reusable() is false), and closing rolls back.
  }
}

void Transaction::commit() {
  connection_.prepare("COMMIT").run();
  open_ = false;
}

ReadTransaction::ReadTransaction(Connection& connection) : connection_(connection) {
  connection_.prepare("BEGIN").run();
}

ReadTransaction::~ReadTransaction() {
  if (!connection_.in_transaction()) return;  // SQLite ended it after a failure
  try {
    connection_.prepare("COMMIT").run();
  } catch (const StoreError&) {
    try {  // a read has nothing to keep: end it anyhow, so the connection can begin again
      connection_.execute("ROLLBACK");
    } catch (const StoreError&) {
    }
  }
}

// ---- Pool ----------------------------------------------------------------------

namespace {

// SQLite opens a file it may not write read-only, silently (a read-only file
// system, a file without write permission), and every write would then fail.
// Checked on a bare handle, before anything reads: in WAL mode the first read
// would fail for want of the WAL and its index, with a vaguer message.
void refuse_read_only(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  const int opened = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  const bool read_only = opened == SQLITE_OK && sqlite3_db_readonly(db, "main") == 1;
  sqlite3_close_v2(db);  // a file that does not exist yet is created by the real open
  if (read_only)
    throw StoreError("database " + file.string() +
                         " can only be read (read-only file system or no write permission): "
                         "the server must be able to write it",
                     SQLITE_READONLY);
}

}  // namespace

ConnectionLease::ConnectionLease(Database& database, std::unique_ptr<Connection> connection)
    : database_(&database), connection_(std::move(connection)) {}

ConnectionLease::~ConnectionLease() {
  if (connection_) database_->give_back(std::move(connection_));
}

Database::Database(std::filesystem::path file) : file_(std::move(file)) {
  refuse_read_only(file_);
  auto first = std::make_unique<Connection>(file_);
  // WAL lets readers go on while one writer commits; the mode is stored in the file.
  first->execute("PRAGMA journal_mode = WAL");
  const MigrationOutcome outcome = apply_migrations(*first);
  migrated_from_ = outcome.from_version;
  schema_version_ = outcome.to_version;
  idle_.push_back(std::move(first));
}

ConnectionLease Database::connection() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return ConnectionLease(*this, std::move(connection));
    }
  }
  return ConnectionLease(*this, std::make_unique<Connection>(file_));
}

void Database::give_back(std::unique_ptr<Connection> connection) {
  if (!connection->reusable()) {
    // Closed (outside the lock) rather than lent again: a fresh one is opened
    // on demand, so the pool recovers by itself once the storage does.
    spdlog::warn("store: a connection that met a storage failure is closed");
    return;
  }
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace sesame::store
