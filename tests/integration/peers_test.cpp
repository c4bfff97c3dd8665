// `mutual peers` and `mutual verify --confirm` with real daemons: after two
// devices synced, each lists the other with the plan they share, where it
// was reached, a recent last-seen time, and whether it was verified.
#include <chrono>

#include "tests/integration/synced_homes.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The entry for `device_id` in `home`'s `peers --json`; null when absent.
json PeerEntry(const Home& home, const std::string& device_id) {
  const json peers = json::parse(home.MustMutual({"peers", "--json"}));
  REQUIRE(peers["format"] == "mutual-peers");
  for (const json& d : peers["devices"]) {
    if (d["device_id"] == device_id) return d;
  }
  return nullptr;
}

std::string DeviceId(const Home& home) {
  return json::parse(home.MustMutual({"status", "--json"}))["device_id"];
}

TEST_CASE("AfterSyncingEachDeviceListsTheOtherSeenRecentlyAndNotVerified") {
  const int64_t start = NowMs();
  SyncedHomes d;
  const std::string item =
      LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=Synced."}));
  WaitForPlan(d.jun, Holds(item));
  const std::string rae_id = DeviceId(d.rae), jun_id = DeviceId(d.jun);

  const json jun_on_rae = PeerEntry(d.rae, jun_id);
  REQUIRE_FALSE(jun_on_rae.is_null());
  CHECK(jun_on_rae["member"] == "Jun");
  CHECK(jun_on_rae["device"] == jun_id.substr(0, 8));
  REQUIRE(jun_on_rae["plans"].size() == 1);
  CHECK(jun_on_rae["plans"][0]["title"] == "Rae & Jun");
  CHECK(jun_on_rae["connected"] == true);
  CHECK(jun_on_rae["last_seen_ms"].get<int64_t>() >= start);
  CHECK(jun_on_rae["last_seen_ms"].get<int64_t>() <= NowMs());
  CHECK(jun_on_rae["verified"] == false);
  CHECK(jun_on_rae["addresses"] ==
        json::parse(R"([{"address": "127.0.0.1:)" + std::to_string(d.jun_port) +
                    R"(", "how": "dialed"}])"));

  const json rae_on_jun = PeerEntry(d.jun, rae_id);
  REQUIRE_FALSE(rae_on_jun.is_null());
  CHECK(rae_on_jun["member"] == "Rae");
  CHECK(rae_on_jun["last_seen_ms"].get<int64_t>() >= start);
  CHECK(rae_on_jun["verified"] == false);
  CHECK(rae_on_jun["addresses"] ==
        json::parse(R"([{"address": "127.0.0.1", "how": "seen"}])"));

  // Jun's tablet, a member device that never connected, is listed unseen.
  const json peers = json::parse(d.rae.MustMutual({"peers", "--json"}));
  CHECK(peers["devices"].size() == 2);
  for (const json& p : peers["devices"]) {
    if (p["device_id"] == jun_id) continue;
    CHECK(p["member"] == "Jun");
    CHECK(p["last_seen_ms"] == 0);
    CHECK(p["last_seen"].is_null());
    CHECK(p["connected"] == false);
  }
  CHECK(peers["dial"] == json::array({"127.0.0.1:" + std::to_string(d.jun_port)}));
}

TEST_CASE("VerifyConfirmMarksTheOtherMembersDevicesVerifiedOnThisDeviceOnly") {
  SyncedHomes d;
  const std::string item =
      LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=Synced."}));
  WaitForPlan(d.jun, Holds(item));
  const std::string rae_id = DeviceId(d.rae), jun_id = DeviceId(d.jun);
  CHECK(PeerEntry(d.rae, jun_id)["verified"] == false);

  const std::string said = d.rae.MustMutual({"verify", "--confirm", "Jun"});
  CHECK(said.find("compared Jun's safety numbers in person") != std::string::npos);
  const json jun_on_rae = PeerEntry(d.rae, jun_id);
  CHECK(jun_on_rae["verified"] == true);
  CHECK(jun_on_rae["verified_ms"].get<int64_t>() > 0);
  CHECK(jun_on_rae["verified_at"].is_string());
  CHECK(PeerEntry(d.jun, rae_id)["verified"] == false);  // Jun has not confirmed
  // The text forms say so too, and it survives a restart of the daemon.
  REQUIRE(d.rae.SignalDaemon(SIGTERM));
  CHECK(d.rae.MustMutual({"peers"}).find("Jun  device " + jun_id.substr(0, 16) +
                                         "  verified") != std::string::npos);
  CHECK(d.rae.MustMutual({"verify", "--member", "Jun"}).find("verified in person") !=
        std::string::npos);
}

TEST_CASE("VerifyConfirmOfYourselfOrNobodyIsRefused") {
  SyncedHomes d;
  RunResult self = d.rae.Mutual({"verify", "--confirm", "Rae"});
  CHECK(self.exit_code == 1);
  CHECK(self.err.find("that is you") != std::string::npos);
  CHECK(d.rae.Mutual({"verify", "--confirm", "Kim"}).exit_code == 1);
  CHECK(d.rae.Mutual({"verify", "--confirm", "Jun", "--member", "Jun"}).exit_code == 2);
}

}  // namespace
}  // namespace mutual::integration
