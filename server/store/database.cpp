#include "server/store/database.h"

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

}  // namespace

// ---- Statement -----------------------------------------------------------------

Statement::~Statement() {
  if (stmt_) owner_->give_back(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), owner_(other.owner_) {}

void Statement::fail(std::string_view what) const {
  throw StoreError(describe(db_, std::string(what) + " «" + sqlite3_sql(stmt_) + "»"));
}

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK) {
    fail("cannot bind text");
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t number) {
  if (sqlite3_bind_int64(stmt_, index, number) != SQLITE_OK) fail("cannot bind integer");
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& number) {
  return number ? bind(index, *number) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail("cannot bind null");
  return *this;
}

bool Statement::step() {
  switch (sqlite3_step(stmt_)) {
    case SQLITE_ROW:
      return true;
    case SQLITE_DONE:
      return false;
    default:
      fail("cannot run");
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
  if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = describe(db_, "cannot open database " + file.string());
    sqlite3_close(db_);
    throw StoreError(message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // Foreign keys are off by default in SQLite and are set per connection.
  // synchronous=NORMAL is durable enough in WAL mode (a power cut may lose the
  // last commits, never corrupt the file) and much faster.
  execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
}

Connection::~Connection() {
  for (const auto& [sql, stmt] : idle_statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void Connection::execute(std::string_view sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw StoreError("cannot execute «" + std::string(sql) + "»: " + message);
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
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    throw StoreError(describe(db_, "cannot prepare «" + std::string(sql) + "»"));
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

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Connection::changes() const { return sqlite3_changes(db_); }

// ---- Transaction ---------------------------------------------------------------

Transaction::Transaction(Connection& connection) : connection_(connection) {
  connection_.prepare("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    connection_.execute("ROLLBACK");
  } catch (const StoreError&) {
    // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
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

ConnectionLease::ConnectionLease(Database& database, std::unique_ptr<Connection> connection)
    : database_(&database), connection_(std::move(connection)) {}

ConnectionLease::~ConnectionLease() {
  if (connection_) database_->give_back(std::move(connection_));
}

Database::Database(std::filesystem::path file) : file_(std::move(file)) {
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
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace sesame::store
