#include "libsync/store/database.h"

#include <sqlite3.h>

#include <cassert>
#include <climits>

#include "libsync/store/sqlite_status.h"

namespace mutual::store {

Database::Database(Database&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), cache_(std::move(other.cache_)) {
  other.db_ = nullptr;
  other.cache_.clear();
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    Close();
    db_ = other.db_;
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
    other.db_ = nullptr;
    other.cache_.clear();
  }
  return *this;
}

Database::~Database() { Close(); }

void Database::Close() {
  for (auto& [sql, cached] : cache_) {
    assert(!cached.in_use && "a Statement outlived its Database");
    sqlite3_finalize(cached.stmt);
  }
  cache_.clear();
  if (db_ != nullptr) {
    // Every statement is finalized, so close cannot report SQLITE_BUSY.
    sqlite3_close(db_);
    db_ = nullptr;
  }
}

Status Database::LastError(std::string_view context) const {
  return SqliteStatus(sqlite3_extended_errcode(db_), context, sqlite3_errmsg(db_));
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string detail = err != nullptr ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return SqliteStatus(sqlite3_extended_errcode(db_), "sqlite exec", detail);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(this, it->second.stmt, &it->second);
  }
  if (sql.size() > INT_MAX) return Status::InvalidArgument("SQL too long");
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return LastError("sqlite prepare");
  if (stmt == nullptr) return Status::InvalidArgument("empty SQL statement");
  if (it != cache_.end()) {  // the cached one is busy: hand out a private one
    return Statement(this, stmt, nullptr);
  }
  CachedStatement& slot = cache_[key];
  slot.stmt = stmt;
  slot.in_use = true;
  return Statement(this, stmt, &slot);
}

Result<int> Database::SchemaVersion() {
  MUTUAL_ASSIGN_OR_RETURN(Statement st, Prepare("PRAGMA user_version"));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Status::Corruption("PRAGMA user_version returned no row");
  return static_cast<int>(st.ColumnInt(0));
}

int64_t Database::Changes() const { return sqlite3_changes64(db_); }

// --- Statement ---

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), cached_(other.cached_) {
  other.stmt_ = nullptr;
  other.cached_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (cached_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    cached_->in_use = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

Status Statement::Check(int rc, std::string_view what) {
  if (rc == SQLITE_OK) return Status::Ok();
  return db_->LastError(what);
}

Status Statement::BindInt(int index, int64_t value) {
  return Check(sqlite3_bind_int64(stmt_, index, value), "sqlite bind");
}

Status Statement::BindBlob(int index, ByteView value) {
  // A zero-length blob must still bind as a blob, not NULL: give SQLite a
  // valid pointer.
  static const uint8_t kEmpty = 0;
  const void* data = value.empty() ? &kEmpty : value.data();
  return Check(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT),
               "sqlite bind");
}

Status Statement::BindText(int index, std::string_view value) {
  return Check(sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                                   SQLITE_TRANSIENT, SQLITE_UTF8),
               "sqlite bind");
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status st = db_->LastError("sqlite step");
  sqlite3_reset(stmt_);  // clears the error so the cached statement is reusable
  return st;
}

Status Statement::Run() {
  MUTUAL_ASSIGN_OR_RETURN(bool row, Step());
  if (row)
    return Status::InvalidArgument("statement returned rows where none were expected");
  return Status::Ok();
}

int64_t Statement::ColumnInt(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

Bytes Statement::ColumnBlob(int column) const {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  int n = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr || n <= 0) return {};
  return Bytes(data, data + n);
}

std::string Statement::ColumnText(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  int n = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr || n <= 0) return {};
  return std::string(data, static_cast<size_t>(n));
}

// --- Transaction ---

Result<Transaction> Transaction::Begin(Database& db) {
  bool nested = sqlite3_get_autocommit(db.handle()) == 0;
  MUTUAL_RETURN_IF_ERROR(db.Exec(nested ? "SAVEPOINT mutual_txn" : "BEGIN IMMEDIATE"));
  return Transaction(&db, nested);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), nested_(other.nested_), done_(other.done_) {
  other.done_ = true;
}

Transaction::~Transaction() {
  if (done_) return;
  // Rollback cannot be reported from a destructor; if it fails SQLite has
  // already rolled the transaction back (the usual reason is that an error
  // ended it), so there is nothing left to undo.
  if (nested_) {
    (void)db_->Exec("ROLLBACK TO mutual_txn; RELEASE mutual_txn");
  } else {
    (void)db_->Exec("ROLLBACK");
  }
}

Status Transaction::Commit() {
  assert(!done_);
  done_ = true;
  Status st = db_->Exec(nested_ ? "RELEASE mutual_txn" : "COMMIT");
  if (!st.ok() && sqlite3_get_autocommit(db_->handle()) == 0) {
    // COMMIT failed and left the transaction open: undo it rather than
    // leave it to a later call.
    (void)db_->Exec(nested_ ? "ROLLBACK TO mutual_txn; RELEASE mutual_txn" : "ROLLBACK");
  }
  return st.WithContext("commit");
}

}  // namespace mutual::store
