// Database: one open mutual SQLite database (RAII over sqlite3*), with
// prepared statements and explicit transactions.
//
// Open() only ever accepts a database that is mutual's: it checks, before
// writing anything, that the file is SQLite, carries mutual's
// application_id, has a schema version this build knows, and passes
// `PRAGMA quick_check`. Any other file gives a clear error and is left
// untouched. A new database is built under a temporary name and renamed
// into place, so a crash during creation never leaves a half-made file at
// the real path. Settings: WAL, synchronous=FULL (a committed transaction
// is on disk before Commit() returns), foreign keys on, busy timeout.
// Details: doc/store.md.
//
// No transaction is held between calls unless the caller holds a
// Transaction object; callers never keep one across a co_await (STYLE.md).
//
// Thread-safety: a Database and its Statements and Transactions belong to
// one thread at a time (the connection is opened SQLITE_OPEN_NOMUTEX).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace mutual::store {

// PRAGMA application_id of every mutual database: "mutl".
inline constexpr int32_t kApplicationId = 0x6d75746c;

class Statement;

class Database {
 public:
  struct Options {
    // How long a statement waits for another connection's lock.
    int busy_timeout_ms = 5000;
  };

  // Opens the database at `path`, creating it when no file exists there,
  // and applies every embedded migration it lacks (one transaction each).
  // Errors, all leaving an existing file as it was:
  //   Corruption          — not an SQLite file, empty, truncated or damaged;
  //   FailedPrecondition  — an SQLite database of another application, or a
  //                         schema version newer than this build knows;
  //   IOError / PermissionDenied / Unavailable — the file system or a lock.
  static Result<Database> Open(const std::string& path, Options options);
  static Result<Database> Open(const std::string& path) { return Open(path, Options{}); }

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs SQL with no parameters and no result rows (may hold several
  // statements).
  Status Exec(std::string_view sql);

  // A prepared statement for `sql` (a single statement). Statements are
  // cached per SQL text; a statement still in use is not handed out twice.
  Result<Statement> Prepare(std::string_view sql);

  // The schema version (PRAGMA user_version).
  Result<int> SchemaVersion();

  // Rows changed by the last INSERT/UPDATE/DELETE.
  int64_t Changes() const;

  // An error Status for the connection's last error code and message,
  // prefixed with `context`.
  Status LastError(std::string_view context) const;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  friend class Statement;
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  static Status CreateNew(const std::string& path, const Options& options);
  void Close();

  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, CachedStatement> cache_;
};

// A prepared statement. Parameters are 1-based, columns 0-based (SQLite's
// convention). Returns its cached statement, reset, when destroyed.
// REQUIRES: the Database outlives it.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Status BindInt(int index, int64_t value);
  Status BindBlob(int index, ByteView value);
  Status BindText(int index, std::string_view value);

  // Advances: true when a row is available, false when done.
  Result<bool> Step();
  // Steps a statement that returns no rows to completion.
  Status Run();

  int64_t ColumnInt(int column) const;
  Bytes ColumnBlob(int column) const;
  std::string ColumnText(int column) const;
  // The blob column as exactly N bytes; Corruption when its size differs.
  template <size_t N>
  Result<FixedBytes<N>> ColumnFixed(int column) const {
    Bytes b = ColumnBlob(column);
    if (b.size() != N) return Status::Corruption("stored value has the wrong length");
    FixedBytes<N> out;
    std::copy(b.begin(), b.end(), out.begin());
    return out;
  }

 private:
  friend class Database;
  Statement(Database* db, sqlite3_stmt* stmt, Database::CachedStatement* cached)
      : db_(db), stmt_(stmt), cached_(cached) {}
  Status Check(int rc, std::string_view what);

  Database* db_;
  sqlite3_stmt* stmt_;
  Database::CachedStatement* cached_;  // null when not from the cache
};

// An open transaction: BEGIN IMMEDIATE (or a SAVEPOINT when one is already
// open, so store operations compose inside a caller's transaction). Rolled
// back when destroyed without Commit().
// REQUIRES: the Database outlives it.
class Transaction {
 public:
  static Result<Transaction> Begin(Database& db);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Makes the changes durable (outermost transaction) or folds them into
  // the enclosing one (savepoint). REQUIRES: not yet committed.
  Status Commit();

 private:
  Transaction(Database* db, bool nested) : db_(db), nested_(nested) {}

  Database* db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace mutual::store
