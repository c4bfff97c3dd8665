// The daemon's life: started on demand, one per home, SIGTERM and SIGKILL,
// passphrase-locked homes, damaged databases, long home paths.
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/cli_harness.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("ChangeAcknowledgedBeforeSigkillSurvivesIt") {
  Home home;
  home.MustMutual({"init", "--name", "Alex"});
  home.MustMutual({"new", "ours"});
  std::vector<std::string> items;
  for (int i = 0; i < 5; ++i) {
    items.push_back(LastWord(
        home.MustMutual({"add", "helps", "--field", "text=help " + std::to_string(i)})));
    home.MustMutual({"agree", items.back()});
    // Killed the moment the command has returned: nothing may be lost.
    REQUIRE(home.SignalDaemon(SIGKILL));
  }
  std::string shown = home.MustMutual({"show", "--json"});  // restarts the daemon
  json view = json::parse(shown);
  for (const std::string& id : items) CHECK(shown.find(id) != std::string::npos);
  for (const json& s : view["sections"]) {
    if (s["id"] != "helps") continue;
    REQUIRE(s["items"].size() == 5);
    for (const json& item : s["items"]) CHECK(item["state"] == "agreed");
  }
}

TEST_CASE("SigtermStopsTheDaemonCleanly") {
  Home home;
  home.MustMutual({"status"});
  REQUIRE(home.DaemonPid().has_value());
  REQUIRE(home.SignalDaemon(SIGTERM));
  CHECK_FALSE(std::filesystem::exists(home.File("control.sock")));
  CHECK(home.MustMutual({"status"}).find("initialized") != std::string::npos);
}

TEST_CASE("SecondDaemonForTheSameHomeRefusesToStart") {
  Home home;
  home.MustMutual({"status"});
  std::optional<int> first = home.DaemonPid();
  REQUIRE(first.has_value());
  RunResult second = RunProcess({MUTUAL_DAEMON_PATH, "--home", home.path()}, {}, "");
  CHECK(second.exit_code == 1);
  CHECK(second.err.find("already running") != std::string::npos);
  CHECK(second.err.find(std::to_string(*first)) != std::string::npos);
  CHECK(home.DaemonPid() == first);
  home.MustMutual({"status"});  // the first one still serves
}

TEST_CASE("TwoHomesRunSideBySide") {
  Home alex, sam;
  alex.MustMutual({"init", "--name", "Alex"});
  sam.MustMutual({"init", "--name", "Sam"});
  alex.MustMutual({"new", "Alex's plan"});
  sam.MustMutual({"new", "Sam's plan"});
  REQUIRE(alex.DaemonPid().has_value());
  REQUIRE(sam.DaemonPid().has_value());
  CHECK(alex.DaemonPid() != sam.DaemonPid());
  CHECK(alex.MustMutual({"plans"}).find("Alex's plan") != std::string::npos);
  CHECK(alex.MustMutual({"plans"}).find("Sam's plan") == std::string::npos);
  CHECK(json::parse(sam.MustMutual({"status", "--json"}))["device_name"] == "Sam");
}

TEST_CASE("PassphraseHomeIsLockedAfterRestartUntilUnlock") {
  Home home;
  // --passphrase-fd 0: the passphrase comes on stdin.
  home.MustMutual({"init", "--name", "Alex", "--passphrase-fd", "0"}, "tall trees\n");
  home.MustMutual({"new", "ours"});
  REQUIRE(home.SignalDaemon(SIGTERM));
  RunResult locked = home.Mutual({"show"});
  CHECK(locked.exit_code == 1);
  CHECK(locked.err.find("unlock") != std::string::npos);
  CHECK(json::parse(home.MustMutual({"status", "--json"}))["locked"] == true);
  RunResult wrong = home.Mutual({"unlock", "--passphrase-fd", "0"}, "short trees\n");
  CHECK(wrong.exit_code == 1);
  home.MustMutual({"unlock", "--passphrase-fd", "0"}, "tall trees\n");
  CHECK(home.MustMutual({"show"}).find("ours") != std::string::npos);
  // The key file is not readable without the passphrase.
  CHECK(ReadAll(home.File("storage.key")).size() > 32);
}

TEST_CASE("CorruptedDatabaseIsAClearErrorAndStaysUntouched") {
  Home home;
  home.MustMutual({"init", "--name", "Alex"});
  home.MustMutual({"new", "ours"});
  REQUIRE(home.SignalDaemon(SIGTERM));
  const std::string db = home.File("mutual.db");
  {
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f << "this is not a database at all, not even close.";
  }
  const std::string before = ReadAll(db);
  RunResult r = home.Mutual({"show"});
  CHECK(r.exit_code != 0);
  CHECK(r.exit_code < 128);  // an error, not a crash
  INFO(r.err);
  CHECK((r.err.find("database") != std::string::npos ||
         r.err.find("corrupt") != std::string::npos));
  CHECK(ReadAll(db) == before);
  CHECK_FALSE(home.DaemonPid().has_value());
}

// Runs `sql` on the file with plain SQLite, as another program would.
void RawSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

// The daemon refuses the home's database: a clear message from `mutual`,
// no crash, no daemon left running, and the file exactly as it was.
void CheckRefused(const Home& home, const std::string& needle) {
  const std::string before = ReadAll(home.File("mutual.db"));
  RunResult r = home.Mutual({"status"});
  INFO(r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.exit_code < 128);
  CHECK(r.err.find(needle) != std::string::npos);
  CHECK(ReadAll(home.File("mutual.db")) == before);
  CHECK_FALSE(home.DaemonPid().has_value());
}

TEST_CASE("ForeignSqliteFileIsRefusedNotAdopted") {
  Home home;
  home.MustMutual({"init", "--name", "Alex"});
  REQUIRE(home.SignalDaemon(SIGTERM));
  // Another program's database where ours was.
  for (const char* f : {"mutual.db", "mutual.db-wal", "mutual.db-shm"}) {
    std::filesystem::remove(home.File(f));
  }
  RawSql(home.File("mutual.db"),
         "CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES('soup');");
  CheckRefused(home, "another application");
}

TEST_CASE("DatabaseFromANewerVersionIsRefused") {
  Home home;
  home.MustMutual({"init", "--name", "Alex"});
  REQUIRE(home.SignalDaemon(SIGTERM));
  RawSql(home.File("mutual.db"), "PRAGMA user_version = 9999;");
  CheckRefused(home, "newer");
}

TEST_CASE("LongHomePathPutsTheSocketUnderTheRuntimeDir") {
  ::mutual::testing::TempDir runtime;
  ::chmod(runtime.path().c_str(), 0700);
  Home base;
  const std::string deep =
      base.path() + "/" + std::string(60, 'd') + "/" + std::string(60, 'e');
  std::filesystem::create_directories(deep);
  std::map<std::string, std::string> env = {{"XDG_RUNTIME_DIR", runtime.path()},
                                            {"MUTUAL_INSECURE_FAST_KDF", "1"}};
  RunResult init =
      RunProcess({MUTUAL_CLI_PATH, "--home", deep, "init", "--name", "Alex"}, env, "");
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  bool found = false;
  for (const auto& e : std::filesystem::directory_iterator(runtime.path())) {
    found = found || e.path().filename().string().starts_with("mutual-");
  }
  CHECK(found);
  CHECK_FALSE(std::filesystem::exists(deep + "/control.sock"));
  RunResult status =
      RunProcess({MUTUAL_CLI_PATH, "--home", deep, "status", "--json"}, env, "");
  REQUIRE(status.exit_code == 0);
  CHECK(json::parse(status.out)["device_name"] == "Alex");
  // Stop that daemon too.
  std::ifstream lock(deep + "/mutuald.lock");
  int pid = 0;
  lock >> pid;
  REQUIRE(pid > 0);
  ::kill(pid, SIGTERM);
}

}  // namespace
}  // namespace mutual::integration
