#pragma once
// SQLite access: one connection per thread at a time, taken from a small pool,
// prepared statements, and write transactions with BEGIN IMMEDIATE.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sesame::store {

// What a failure of the storage means for the request that met it.
enum class FailureKind {
  // SQL the code should not have run (a syntax error, a constraint it should
  // have checked, a misuse of the API): a fault to fix. HTTP 500.
  bug,
  // The storage cannot serve for now, with nothing wrong in the request or the
  // file: the disk is full, read-only or failing, the file cannot be opened,
  // another writer kept the lock past the busy timeout, memory ran out.
  // Nothing was applied; the same request may succeed later. HTTP 503.
  unavailable,
  // The file is damaged or is not a database: no retry will help, an operator
  // must check it and restore a backup. HTTP 500, logged as critical.
  corrupt,
};

// The kind of an SQLite result code (primary or extended).
FailureKind failure_kind(int sqlite_code);
// "SQLITE_IOERR_WRITE (778)": the code's name for the log, or "SQLite code N".
std::string sqlite_code_name(int sqlite_code);

// A failure of the storage itself (disk, corruption, a bug in SQL): never a
// client's mistake. Carries SQLite's extended result code; errors found by
// this layer itself (a query without its row) count as SQLITE_ERROR: bugs.
class StoreError : public std::runtime_error {
 public:
  static constexpr int kGenericError = 1;  // SQLITE_ERROR

  explicit StoreError(const std::string& what, int sqlite_code = kGenericError)
      : std::runtime_error(what), sqlite_code_(sqlite_code) {}

  int sqlite_code() const { return sqlite_code_; }
  FailureKind kind() const { return failure_kind(sqlite_code_); }
  bool unavailable() const { return kind() == FailureKind::unavailable; }

 private:
  int sqlite_code_;
};

class Connection;

// A prepared statement. Parameters are numbered from 1 and columns from 0, as in SQLite.
// Reuse one statement for many rows: bind, step or run, and it resets itself.
// Made by Connection::prepare, it goes back to its connection's cache when destroyed.
class Statement {
 public:
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t number);
  Statement& bind(int index, int number) { return bind(index, static_cast<std::int64_t>(number)); }
  Statement& bind(int index, bool flag) { return bind(index, static_cast<std::int64_t>(flag ? 1 : 0)); }
  Statement& bind(int index, const std::optional<std::string>& text);     // NULL when empty
  Statement& bind(int index, const std::optional<std::int64_t>& number);  // NULL when empty
  Statement& bind_null(int index);
  Statement& bind(int index, std::nullopt_t) { return bind_null(index); }
  // Binds ?1, ?2, … in order: statement.bind_all(account_id, phone_e164).
  template <class... Values>
  Statement& bind_all(const Values&... values) {
    int index = 0;
    (bind(++index, values), ...);
    return *this;
  }

  // Advances to the next row: true while a row is available.
  bool step();
  // Runs a statement that returns no row, then resets it for the next use.
  void run();
  // Ready for new parameters: rewinds and clears the bindings.
  void reset();

  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;  // nullopt for NULL
  bool is_null(int column) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* stmt, Connection* owner) : db_(db), stmt_(stmt), owner_(owner) {}
  [[noreturn]] void fail(std::string_view what, int code) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Connection* owner_;  // takes the statement back, reset, for the next prepare() of its SQL
};

// Looks the statement cache up with the caller's string_view: no string is built per query.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

// One open database handle with Sésame's pragmas (foreign keys, busy timeout).
class Connection {
 public:
  explicit Connection(const std::filesystem::path& file);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that take no parameters (DDL, pragmas).
  void execute(std::string_view sql);
  // Compiling SQL costs more than running these small queries: a statement is
  // compiled once per connection and kept, reset, between uses (a statement in
  // use is not shared: preparing the same SQL meanwhile compiles another copy).
  Statement prepare(std::string_view sql);
  // prepare() with ?1, ?2, … bound in order, ready to step():
  //   store::Statement rows = connection.query("SELECT … WHERE id = ?1", account_id);
  template <class... Values>
  Statement query(std::string_view sql, const Values&... values) {
    Statement statement = prepare(sql);
    statement.bind_all(values...);
    return statement;
  }
  // The same for a statement that returns no row, run at once.
  template <class... Values>
  void run(std::string_view sql, const Values&... values) {
    query(sql, values...).run();
  }
  // The number of rows of a one-integer query such as "SELECT count(*) FROM t".
  std::int64_t query_integer(std::string_view sql);
  std::int64_t last_insert_id() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int changes() const;

  sqlite3* handle() { return db_; }

  // False once the connection met a storage failure (unavailable or corrupt),
  // is still inside a transaction it could not end, or could only open the
  // file read-only: the pool closes it instead of lending it again, and opens
  // a fresh one when needed.
  bool reusable() const;

 private:
  friend class Statement;
  friend class Transaction;
  friend class ReadTransaction;
  void give_back(sqlite3_stmt* stmt);
  // Remembers a failure and throws it.
  [[noreturn]] void fail(std::string message, int code);
  bool in_transaction() const;

  bool damaged_ = false;

  // Enough for every query of the code; SQL built at run time beyond it is finalized.
  static constexpr std::size_t kMaxCachedStatements = 256;

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> idle_statements_;  // by SQL text
};

// A write transaction taken with BEGIN IMMEDIATE, so that the write lock is held
// from the start and a concurrent writer waits (busy_timeout) instead of failing
// half-way. Rolled back unless commit() is called.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

// A read transaction: the queries inside it see one snapshot of the database,
// and take SQLite's shared locks once rather than once per query. Ended
// (nothing to roll back) when it goes out of scope.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& connection);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection& connection_;
};

class Database;

// A connection borrowed from the pool; it goes back when the lease ends.
class ConnectionLease {
 public:
  ConnectionLease(Database& database, std::unique_ptr<Connection> connection);
  ~ConnectionLease();
  ConnectionLease(ConnectionLease&&) noexcept = default;
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;

  Connection& operator*() { return *connection_; }
  Connection* operator->() { return connection_.get(); }

 private:
  Database* database_;
  std::unique_ptr<Connection> connection_;
};

// The database file: opening it switches it to WAL and applies the pending
// migrations; afterwards threads borrow connections. Connections are opened on
// demand, so their number follows the number of threads that use them at once.
class Database {
 public:
  explicit Database(std::filesystem::path file);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  ConnectionLease connection();
  const std::filesystem::path& file() const { return file_; }
  // The schema version found in the file before this start, and the one now.
  int migrated_from() const { return migrated_from_; }
  int schema_version() const { return schema_version_; }

 private:
  friend class ConnectionLease;
  void give_back(std::unique_ptr<Connection> connection);

  std::filesystem::path file_;
  int migrated_from_ = 0;
  int schema_version_ = 0;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace sesame::store
