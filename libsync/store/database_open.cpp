// Database::Open: checks that a file is a mutual database before anything
// writes to it, creates new databases atomically, and migrates.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "libsync/store/database.h"
#include "libsync/store/file_util.h"
#include "libsync/store/migrations.h"
#include "libsync/store/sqlite_status.h"

namespace mutual::store {
namespace {

constexpr char kSqliteMagic[] = "SQLite format 3";  // 16 bytes with its NUL
constexpr size_t kSqliteHeaderBytes = 100;

// Version of the last embedded migration; FailedPrecondition when the list
// is not 1, 2, ..., n (a build mistake, caught before it touches a file).
Result<int> LatestVersion() {
  const auto& migrations = EmbeddedMigrations();
  int expected = 1;
  for (const Migration& m : migrations) {
    if (m.version != expected) {
      return Status::FailedPrecondition(std::string("embedded migration ") + m.name +
                                        " is out of sequence");
    }
    ++expected;
  }
  return expected - 1;
}

// Corruption unless `path` is a regular file starting with the SQLite
// header. Reads only.
Status CheckSqliteHeader(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return ErrnoStatus("cannot open database " + path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("cannot stat database " + path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::FailedPrecondition("database path " + path + " is not a regular file");
  }
  uint8_t header[kSqliteHeaderBytes];
  auto got = ReadFully(fd, header, sizeof header);
  ::close(fd);
  if (!got.ok()) return got.status().WithContext("reading database " + path);
  if (*got < sizeof header) {
    return Status::Corruption("database " + path +
                              " is empty or truncated (shorter than an SQLite header); "
                              "it was left as it is");
  }
  if (std::memcmp(header, kSqliteMagic, sizeof kSqliteMagic) != 0) {
    return Status::Corruption("database " + path +
                              " is not an SQLite database (damaged or not mutual's); "
                              "it was left as it is");
  }
  return Status::Ok();
}

Result<int64_t> PragmaInt(Database& db, const char* sql) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st, db.Prepare(sql));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Status::Corruption(std::string(sql) + " returned no row");
  return st.ColumnInt(0);
}

// Reads only: application_id, schema version, quick_check.
Status CheckIsOurs(Database& db, int latest) {
  const std::string& path = db.path();
  auto app = PragmaInt(db, "PRAGMA application_id");
  if (!app.ok()) return app.status().WithContext("database " + path);
  if (*app != kApplicationId) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", static_cast<uint32_t>(*app));
    return Status::FailedPrecondition("database " + path +
                                      " belongs to another application (application_id " +
                                      buf + "); it was left as it is");
  }
  MUTUAL_ASSIGN_OR_RETURN(int version, db.SchemaVersion());
  if (version > latest) {
    return Status::FailedPrecondition(
        "database " + path + " has schema version " + std::to_string(version) +
        ", newer than this build of mutual knows (" + std::to_string(latest) +
        "); upgrade mutual. The database was left as it is");
  }
  MUTUAL_ASSIGN_OR_RETURN(Statement check, db.Prepare("PRAGMA quick_check(1)"));
  auto row = check.Step();
  std::string detail;
  if (!row.ok()) {
    if (!row.status().IsCorruption()) return row.status().WithContext("database " + path);
    detail = row.status().message();
  } else if (!*row) {
    detail = "integrity check gave no result";
  } else if (check.ColumnText(0) != "ok") {
    detail = check.ColumnText(0);
  } else {
    return Status::Ok();
  }
  // The first line names the first problem; the rest is SQLite's detail.
  detail = detail.substr(0, detail.find('\n'));
  return Status::Corruption("database " + path + " is damaged (" + detail +
                            "); it was left as it is");
}

Status ApplyMigrations(Database& db) {
  MUTUAL_ASSIGN_OR_RETURN(int current, db.SchemaVersion());
  for (const Migration& m : EmbeddedMigrations()) {
    if (m.version <= current) continue;
    MUTUAL_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db));
    Status st = db.Exec(m.sql);
    if (st.ok()) st = db.Exec("PRAGMA user_version = " + std::to_string(m.version));
    if (st.ok()) st = txn.Commit();
    if (!st.ok()) return st.WithContext(std::string("migration ") + m.name);
  }
  return Status::Ok();
}

Result<sqlite3*> OpenHandle(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status st = SqliteStatus(rc, "cannot open database " + path,
                             db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return st;
  }
  sqlite3_extended_result_codes(db, 1);
  return db;
}

void RemoveDatabaseFiles(const std::string& path) {
  ::unlink(path.c_str());
  ::unlink((path + "-wal").c_str());
  ::unlink((path + "-shm").c_str());
  ::unlink((path + "-journal").c_str());
}

}  // namespace

// Builds a fresh database under a temporary name beside `path` and links it
// into place (no-clobber). AlreadyExists when a file appeared at `path`
// meanwhile (the caller then opens that one).
Status Database::CreateNew(const std::string& path, const Options& options) {
  std::string tmp = path + ".new-XXXXXX";
  int fd = ::mkstemp(tmp.data());  // mode 0600: the database is private
  if (fd < 0) return ErrnoStatus("cannot create database beside " + path, errno);
  ::close(fd);
  Status st = [&]() -> Status {
    MUTUAL_ASSIGN_OR_RETURN(sqlite3 * handle,
                            OpenHandle(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    Database db(handle, tmp);
    sqlite3_busy_timeout(handle, options.busy_timeout_ms);
    MUTUAL_RETURN_IF_ERROR(
        db.Exec("PRAGMA application_id = " + std::to_string(kApplicationId) +
                "; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                " PRAGMA foreign_keys = ON"));
    return ApplyMigrations(db);
    // Closing checkpoints the WAL into the file (synced) and removes it.
  }();
  if (st.ok()) st = SyncPath(tmp);
  if (st.ok() && ::link(tmp.c_str(), path.c_str()) != 0) {
    st = errno == EEXIST ? Status::AlreadyExists("database appeared during creation")
                         : ErrnoStatus("cannot create database " + path, errno);
  }
  RemoveDatabaseFiles(tmp);
  if (st.ok()) st = SyncParentDir(path);
  return st;
}

Result<Database> Database::Open(const std::string& path, Options options) {
  MUTUAL_ASSIGN_OR_RETURN(int latest, LatestVersion());
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return ErrnoStatus("cannot stat database " + path, errno);
    Status created = CreateNew(path, options);
    if (!created.ok() && !created.IsAlreadyExists()) return created;
  }
  MUTUAL_RETURN_IF_ERROR(CheckSqliteHeader(path));
  MUTUAL_ASSIGN_OR_RETURN(sqlite3 * handle, OpenHandle(path, SQLITE_OPEN_READWRITE));
  Database db(handle, path);
  // Until the file is known to be ours, closing must not write to it (a
  // WAL checkpoint on close would).
  sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  sqlite3_busy_timeout(handle, options.busy_timeout_ms);
  MUTUAL_RETURN_IF_ERROR(CheckIsOurs(db, latest));
  {
    // journal_mode returns a row; the others return none.
    MUTUAL_ASSIGN_OR_RETURN(Statement wal, db.Prepare("PRAGMA journal_mode = WAL"));
    MUTUAL_ASSIGN_OR_RETURN(bool row, wal.Step());
    if (!row || wal.ColumnText(0) != "wal") {
      return Status::IOError("database " + path + " cannot use write-ahead logging");
    }
  }
  MUTUAL_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"));
  MUTUAL_RETURN_IF_ERROR(ApplyMigrations(db));
  sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
  return db;
}

}  // namespace mutual::store
