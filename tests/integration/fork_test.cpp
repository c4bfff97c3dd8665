// A real fork: Rae's home is copied while its daemon is stopped, Rae makes
// a change, the copy is restored, and Rae makes a different change under
// the same number. When the restored device syncs with Jun's, Jun's device
// shows the fork (status, show) and applies neither branch; the restored
// device stops writing with a message saying why (DESIGN.md §3).
#include <filesystem>

#include "tests/integration/synced_homes.h"
#include "tests/support/temp_dir.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// Replaces everything in `dir` by a copy of what is in `from`.
void CopyTree(const std::string& from, const std::string& dir) {
  for (const auto& e : fs::directory_iterator(dir)) fs::remove_all(e.path());
  fs::copy(from, dir, fs::copy_options::recursive);
}

// The seq of the change that created `item` in `home`'s log.
int SeqOfItem(const Home& home, const std::string& item) {
  const json log = json::parse(home.MustMutual({"log", "--json"}));
  for (const json& c : log["changes"]) {
    if (c["item"] == item) return c["seq"].get<int>();
  }
  FAIL("no change made item " << item);
  return 0;
}

json Status(const Home& home) {
  return json::parse(home.MustMutual({"status", "--json"}));
}

// Rae's device after a backup: the copy, and Rae's change made after it
// (which Jun's device has).
struct RestoredRae {
  SyncedHomes d;
  testing::TempDir backup;
  std::string rae_id, after_backup;

  RestoredRae() {
    rae_id = Status(d.rae)["device_id"];
    const std::string before =
        LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=Before the copy."}));
    WaitForPlan(d.jun, Holds(before));
    REQUIRE(d.rae.SignalDaemon(SIGTERM));
    CopyTree(d.rae.path(), backup.path());
    after_backup =
        LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=After the copy."}));
    WaitForPlan(d.jun, Holds(after_backup));
    REQUIRE(d.rae.SignalDaemon(SIGTERM));
  }
};

TEST_CASE("ARestoredDeviceThatWritesAgainForksAndTheOtherDeviceFreezesIt") {
  RestoredRae r;
  const int fork_seq = SeqOfItem(r.d.jun, r.after_backup);
  // Jun's device is away while Rae's restored device writes: nothing tells
  // it yet that its log went further once.
  REQUIRE(r.d.jun.SignalDaemon(SIGTERM));
  CopyTree(r.backup.path(), r.d.rae.path());
  const std::string other = LastWord(
      r.d.rae.MustMutual({"add", "helps", "--field", "text=A different change."}));
  CHECK(SeqOfItem(r.d.rae, other) == fork_seq);
  r.d.StartJun();

  // Jun's device: the fork is named in status and show...
  json forks;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    forks = Status(r.d.jun)["forks"];
    if (!forks.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(forks.size() == 1);
  CHECK(forks[0]["device_id"] == r.rae_id);
  CHECK(forks[0]["member"] == "Rae");
  CHECK(forks[0]["seq"] == fork_seq);
  CHECK(forks[0]["this_device"] == false);
  CHECK(r.d.jun.MustMutual({"status"}).find("fork:         plan ") != std::string::npos);
  const json plan = ShowJson(r.d.jun);
  REQUIRE(plan["forks"].size() == 1);
  CHECK(plan["forks"][0]["device"] == r.rae_id.substr(0, 8));
  CHECK(plan["forks"][0]["member"] == "rae");
  CHECK(plan["forks"][0]["seq"] == fork_seq);
  CHECK(r.d.jun.MustMutual({"show"}).find("Forked: Rae's device " +
                                          r.rae_id.substr(0, 8) +
                                          " wrote two different changes numbered " +
                                          std::to_string(fork_seq)) != std::string::npos);
  // ...and neither branch applies there (the one it had is taken back).
  CHECK(ItemById(plan, r.after_backup).is_null());
  CHECK(ItemById(plan, other).is_null());

  // Rae's restored device learns its own log forked and stops writing.
  json stopped;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    stopped = Status(r.d.rae)["stopped"];
    if (!stopped.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(stopped.size() == 1);
  CHECK(stopped[0]["reason"].get<std::string>().find("own log forked") !=
        std::string::npos);
  RunResult refused = r.d.rae.Mutual({"add", "helps", "--field", "text=Later."});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("this device can no longer write to plan") != std::string::npos);
  CHECK(refused.err.find("pair it as a new device") != std::string::npos);
  // It stays stopped after a restart (the evidence is stored).
  REQUIRE(r.d.rae.SignalDaemon(SIGTERM));
  CHECK(r.d.rae.Mutual({"add", "helps", "--field", "text=Later."}).exit_code == 1);
  // Jun's device keeps working with Rae's changes before the fork.
  const std::string jun_item =
      LastWord(r.d.jun.MustMutual({"add", "helps", "--field", "text=Still fine."}));
  CHECK_FALSE(ItemById(ShowJson(r.d.jun), jun_item).is_null());
}

TEST_CASE("ARestoredDeviceThatFindsItsOwnLogAheadOnAPeerStopsWriting") {
  RestoredRae r;
  CopyTree(r.backup.path(), r.d.rae.path());
  // The restored device connects before writing: Jun's device holds Rae's
  // change from after the copy, which the restored home lacks.
  r.d.rae.MustMutual({"status"});  // starts its daemon, which dials Jun's
  WaitForPlan(r.d.rae, Holds(r.after_backup));
  RunResult refused = r.d.rae.Mutual({"add", "helps", "--field", "text=Would fork."});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("another device holds changes this device made") !=
        std::string::npos);
  const json stopped = Status(r.d.rae)["stopped"];
  REQUIRE(stopped.size() == 1);
  CHECK(Status(r.d.jun)["forks"].empty());  // nothing forked
}

}  // namespace
}  // namespace mutual::integration
