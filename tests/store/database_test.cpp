#include "libsync/store/database.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "libsync/store/migrations.h"
#include "tests/store/store_test_helpers.h"

namespace mutual::store {
namespace {

using testing::MtimeNs;
using testing::RawExec;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

int64_t QueryInt(Database& db, const char* sql) {
  auto st = db.Prepare(sql);
  REQUIRE(st.ok());
  auto row = st->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return st->ColumnInt(0);
}

std::string QueryText(Database& db, const char* sql) {
  auto st = db.Prepare(sql);
  REQUIRE(st.ok());
  auto row = st->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return st->ColumnText(0);
}

// A database at `path` with a table holding `rows` rows of 1 KiB each.
void MakeDatabaseWithRows(const std::string& path, int rows) {
  auto db = Database::Open(path);
  REQUIRE(db.ok());
  REQUIRE(db->Exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, v BLOB)").ok());
  REQUIRE(
      db->Exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
            std::to_string(rows) +
            ") INSERT INTO filler (v) SELECT randomblob(1024) FROM n")
          .ok());
}

TEST_CASE("MigrationsFromEmptyBuildTheWholeSchema") {
  TempDir dir;
  auto db = Database::Open(dir.File("mutual.db"));
  REQUIRE(db.ok());
  REQUIRE(!EmbeddedMigrations().empty());
  auto version = db->SchemaVersion();
  REQUIRE(version.ok());
  REQUIRE(*version == EmbeddedMigrations().back().version);
  for (const char* table : {"identity", "docs", "doc_keys", "envelopes", "fork_evidence",
                            "peers", "peer_addresses", "snapshots", "store_meta"}) {
    auto st = db->Prepare(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    REQUIRE(st.ok());
    REQUIRE(st->BindText(1, table).ok());
    REQUIRE(*st->Step());
    INFO(table);
    REQUIRE(st->ColumnInt(0) == 1);
  }
}

TEST_CASE("EmbeddedMigrationsAreNumberedFromOneWithoutGaps") {
  int expected = 1;
  for (const Migration& m : EmbeddedMigrations()) {
    REQUIRE(m.version == expected);
    REQUIRE(
        std::string(m.name).rfind(std::string(4 - std::to_string(expected).size(), '0') +
                                      std::to_string(expected) + "_",
                                  0) == 0);
    ++expected;
  }
}

TEST_CASE("OpenSetsApplicationIdWalFullSyncAndForeignKeys") {
  TempDir dir;
  auto db = Database::Open(dir.File("mutual.db"));
  REQUIRE(db.ok());
  REQUIRE(QueryInt(*db, "PRAGMA application_id") == kApplicationId);
  REQUIRE(QueryText(*db, "PRAGMA journal_mode") == "wal");
  REQUIRE(QueryInt(*db, "PRAGMA synchronous") == 2);  // FULL
  REQUIRE(QueryInt(*db, "PRAGMA foreign_keys") == 1);
}

TEST_CASE("NewDatabaseFileIsPrivateAndNoTemporaryFileIsLeft") {
  TempDir dir;
  std::string path = dir.File("mutual.db");
  { REQUIRE(Database::Open(path).ok()); }
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  REQUIRE((st.st_mode & 0777) == 0600);
  REQUIRE(dir.Entries() == std::vector<std::string>{"mutual.db"});
}

TEST_CASE("ReopenKeepsCommittedData") {
  TempDir dir;
  std::string path = dir.File("mutual.db");
  {
    auto db = Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE(
        db->Exec("INSERT INTO store_meta (name, value) VALUES ('probe', x'0102')").ok());
  }
  auto db = Database::Open(path);
  REQUIRE(db.ok());
  REQUIRE(QueryInt(*db, "SELECT length(value) FROM store_meta WHERE name = 'probe'") ==
          2);
  REQUIRE(*db->SchemaVersion() == EmbeddedMigrations().back().version);
}

TEST_CASE("NewerSchemaVersionIsRefusedAndLeftUntouched") {
  TempDir dir;
  std::string path = dir.File("mutual.db");
  { REQUIRE(Database::Open(path).ok()); }
  RawExec(path, "PRAGMA user_version = 999");
  Bytes before = ReadFile(path);
  int64_t mtime = MtimeNs(path);
  ::usleep(20000);  // so any write would show in the mtime
  auto db = Database::Open(path);
  REQUIRE(!db.ok());
  REQUIRE(db.status().IsFailedPrecondition());
  REQUIRE(db.status().message().find("newer") != std::string::npos);
  REQUIRE(ReadFile(path) == before);
  REQUIRE(MtimeNs(path) == mtime);
}

TEST_CASE("ForeignSqliteDatabaseIsRefusedAndLeftUntouched") {
  TempDir dir;
  std::string path = dir.File("other.db");
  RawExec(path,
          "PRAGMA application_id = 1234; CREATE TABLE notes (t TEXT);"
          "INSERT INTO notes VALUES ('someone else''s data')");
  Bytes before = ReadFile(path);
  int64_t mtime = MtimeNs(path);
  ::usleep(20000);
  auto db = Database::Open(path);
  REQUIRE(!db.ok());
  REQUIRE(db.status().IsFailedPrecondition());
  REQUIRE(db.status().message().find("another application") != std::string::npos);
  REQUIRE(ReadFile(path) == before);
  REQUIRE(MtimeNs(path) == mtime);
}

TEST_CASE("PlainSqliteDatabaseWithoutApplicationIdIsRefused") {
  TempDir dir;
  std::string path = dir.File("plain.db");
  RawExec(path, "CREATE TABLE t (x)");
  Bytes before = ReadFile(path);
  auto db = Database::Open(path);
  REQUIRE(db.status().IsFailedPrecondition());
  REQUIRE(ReadFile(path) == before);
}

TEST_CASE("ForeignWalDatabaseIsNotCheckpointedByTheRefusal") {
  TempDir dir;
  std::string path = dir.File("other.db");
  // Leave a WAL holding an uncheckpointed write beside the file. Whoever
  // closes the last connection normally folds it into the file.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw,
                       "PRAGMA journal_mode = WAL; PRAGMA application_id = 7;"
                       "CREATE TABLE t (x); PRAGMA wal_checkpoint;"
                       "PRAGMA wal_autocheckpoint = 0; INSERT INTO t VALUES (1)",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_close(raw) == SQLITE_OK);
  Bytes before = ReadFile(path);
  Bytes wal_before = ReadFile(path + "-wal");
  REQUIRE(!wal_before.empty());
  auto db = Database::Open(path);
  REQUIRE(db.status().IsFailedPrecondition());
  REQUIRE(ReadFile(path) == before);
  REQUIRE(ReadFile(path + "-wal") == wal_before);
}

TEST_CASE("GarbageFileIsRefusedAsCorruptionAndLeftUntouched") {
  TempDir dir;
  std::string path = dir.File("mutual.db");
  Bytes garbage(8192);
  for (size_t i = 0; i < garbage.size(); ++i)
    garbage[i] = static_cast<uint8_t>(i * 31 + 7);
  WriteFile(path, garbage);
  int64_t mtime = MtimeNs(path);
  ::usleep(20000);
  auto db = Database::Open(path);
  REQUIRE(!db.ok());
  REQUIRE(db.status().IsCorruption());
  REQUIRE(db.status().message().find(path) != std::string::npos);
  REQUIRE(ReadFile(path) == garbage);
  REQUIRE(MtimeNs(path) == mtime);
  REQUIRE(dir.Entries() == std::vector<std::string>{"mutual.db"});
}

TEST_CASE("EmptyFileIsRefusedAndNotTurnedIntoADatabase") {
  TempDir dir;
  std::string path = dir.File("mutual.db");
  WriteFile(path, Bytes{});
  auto db = Database::Open(path);
  REQUIRE(db.status().IsCorruption());
  REQUIRE(ReadFile(path).empty());
}

TEST_CASE("TruncatedDatabaseIsRefusedAsCorruption") {
  TempDir dir;
  std::string path = dir.File("mutual.db");
  MakeDatabaseWithRows(path, 200);
  Bytes full = ReadFile(path);
  REQUIRE(full.size() > 100 * 1024);
  Bytes half(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(full.size() / 2));
  WriteFile(path, half);
  auto db = Database::Open(path);
  REQUIRE(!db.ok());
  REQUIRE(db.status().IsCorruption());
  REQUIRE(ReadFile(path) == half);
}

TEST_CASE("DatabaseWithDamagedPagesIsRefusedAsCorruption") {
  TempDir dir;
  std::string path = dir.File("mutual.db");
  MakeDatabaseWithRows(path, 200);
  Bytes bytes = ReadFile(path);
  // Overwrite a stretch in the middle of the file (b-tree pages of `filler`).
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 8192; ++i) bytes[i] = 0xA5;
  WriteFile(path, bytes);
  auto db = Database::Open(path);
  REQUIRE(!db.ok());
  REQUIRE(db.status().IsCorruption());
  REQUIRE(ReadFile(path) == bytes);
}

TEST_CASE("DirectoryAtDatabasePathIsRefused") {
  TempDir dir;
  std::string path = dir.File("mutual.db");
  REQUIRE(::mkdir(path.c_str(), 0700) == 0);
  auto db = Database::Open(path);
  REQUIRE(!db.ok());
  REQUIRE(db.status().IsFailedPrecondition());
}

TEST_CASE("MissingDirectoryGivesAnErrorNotACrash") {
  TempDir dir;
  auto db = Database::Open(dir.File("no/such/dir/mutual.db"));
  REQUIRE(!db.ok());
  REQUIRE(db.status().IsNotFound());
}

TEST_CASE("UncommittedTransactionIsRolledBack") {
  TempDir dir;
  auto db = Database::Open(dir.File("mutual.db"));
  REQUIRE(db.ok());
  {
    auto txn = Transaction::Begin(*db);
    REQUIRE(txn.ok());
    REQUIRE(db->Exec("INSERT INTO store_meta VALUES ('a', x'00')").ok());
  }
  REQUIRE(QueryInt(*db, "SELECT count(*) FROM store_meta WHERE name = 'a'") == 0);
  {
    auto txn = Transaction::Begin(*db);
    REQUIRE(txn.ok());
    REQUIRE(db->Exec("INSERT INTO store_meta VALUES ('a', x'00')").ok());
    REQUIRE(txn->Commit().ok());
  }
  REQUIRE(QueryInt(*db, "SELECT count(*) FROM store_meta WHERE name = 'a'") == 1);
}

TEST_CASE("NestedTransactionRollsBackOnlyItsOwnWrites") {
  TempDir dir;
  auto db = Database::Open(dir.File("mutual.db"));
  REQUIRE(db.ok());
  auto outer = Transaction::Begin(*db);
  REQUIRE(outer.ok());
  REQUIRE(db->Exec("INSERT INTO store_meta VALUES ('outer', x'00')").ok());
  {
    auto inner = Transaction::Begin(*db);
    REQUIRE(inner.ok());
    REQUIRE(db->Exec("INSERT INTO store_meta VALUES ('inner', x'00')").ok());
  }
  REQUIRE(outer->Commit().ok());
  REQUIRE(QueryInt(*db, "SELECT count(*) FROM store_meta WHERE name = 'outer'") == 1);
  REQUIRE(QueryInt(*db, "SELECT count(*) FROM store_meta WHERE name = 'inner'") == 0);
}

TEST_CASE("SqliteErrorsBecomeStatusCodes") {
  TempDir dir;
  auto db = Database::Open(dir.File("mutual.db"));
  REQUIRE(db.ok());
  REQUIRE(db->Exec("INSERT INTO store_meta VALUES ('k', x'00')").ok());
  Status dup = db->Exec("INSERT INTO store_meta VALUES ('k', x'01')");
  REQUIRE(dup.IsAlreadyExists());
  Status check = db->Exec(
      "INSERT INTO envelopes VALUES (x'00', x'00', 0, x'00', x'00', "
      "'bogus', x'')");
  REQUIRE(check.IsInvalidArgument());
  auto bad = db->Prepare("SELEC nonsense");
  REQUIRE(!bad.ok());
  REQUIRE(!bad.status().message().empty());
}

TEST_CASE("CachedStatementIsNotHandedOutTwiceWhileInUse") {
  TempDir dir;
  auto db = Database::Open(dir.File("mutual.db"));
  REQUIRE(db.ok());
  REQUIRE(db->Exec("INSERT INTO store_meta VALUES ('a', x'01'), ('b', x'02')").ok());
  const char* sql = "SELECT name FROM store_meta ORDER BY name";
  auto outer = db->Prepare(sql);
  REQUIRE(outer.ok());
  REQUIRE(*outer->Step());
  REQUIRE(outer->ColumnText(0) == "a");
  {
    auto inner = db->Prepare(sql);
    REQUIRE(inner.ok());
    REQUIRE(*inner->Step());
    REQUIRE(inner->ColumnText(0) == "a");
  }
  REQUIRE(*outer->Step());
  REQUIRE(outer->ColumnText(0) == "b");
}

}  // namespace
}  // namespace mutual::store
