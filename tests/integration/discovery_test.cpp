// LAN discovery with real daemons on loopback: member devices that know no
// address of each other find each other by beacons and sync; a device of
// another plan ignores them; `join CODE` without --peer finds the inviter
// by its invite beacon; --no-discovery binds (so sends) nothing.
//
// Every daemon here runs with MUTUAL_DISCOVERY=loopback (or off), so it
// refuses to start rather than send a datagram off 127.0.0.0/8.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "libsync/crypto/lan_token.h"
#include "libsync/crypto/sodium.h"
#include "libsync/wire/discovery_codec.h"
#include "tests/integration/cli_harness.h"
#include "tests/integration/discovery_probe.h"
#include "tests/integration/home_seed.h"
#include "tests/plan/fixture_builder.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;
using plan::testing::FixtureBuilder;
using plan::testing::LoadFixture;

std::string Loopback(uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

// Discovery flags for a daemon that hears beacons on `own` and sends to `to`.
std::vector<std::string> DiscoveryArgs(uint16_t own, const std::string& to) {
  return {"--listen",    "127.0.0.1:0",    "--discovery-port",
          Loopback(own), "--discovery-to", to};
}


json Show(const Home& h) { return json::parse(h.MustMutual({"show", "--json"})); }
json Peers(const Home& h) { return json::parse(h.MustMutual({"peers", "--json"})); }

struct SharedPlan {
  json fixture = LoadFixture("partners");
  FixtureBuilder builder{fixture["plan"]};
  // the partners sample, sealed as pairing and sync would leave it, but
  // with no address of each other in either home
  SealedPlan sealed = BuildAndSealFixture(builder);
  void Seed(Home& home, const std::string& device, const std::string& name) const {
    SeedHome(home.path(), builder.devices().at(device)->secrets, name, sealed);
    home.SetEnv("MUTUAL_DISCOVERY", "loopback");
  }
};

TEST_CASE("MembersWhoKnowNoAddressFindEachOtherByBeaconsAndSync") {
  SharedPlan plan;
  Home rae, jun;
  plan.Seed(rae, "rae-phone", "Rae");
  plan.Seed(jun, "jun-phone", "Jun");
  const uint16_t at_rae = FreeUdpPort(), at_jun = FreeUdpPort();
  rae.StartDaemon(DiscoveryArgs(at_rae, Loopback(at_jun)));
  jun.StartDaemon(DiscoveryArgs(at_jun, Loopback(at_rae)));
  REQUIRE(Peers(rae)["addresses"].empty());
  REQUIRE(Peers(jun)["addresses"].empty());

  std::string item =
      LastWord(rae.MustMutual({"add", "helps", "--field", "text=A walk after dinner."}));
  CHECK(WaitUntil([&] { return !ItemById(Show(jun), item).is_null(); }));
  std::string back = LastWord(jun.MustMutual({"add", "helps", "--field", "text=Tea."}));
  CHECK(WaitUntil([&] { return !ItemById(Show(rae), back).is_null(); }));
  // A beacon is a hint for now, not an address to keep.
  CHECK(Peers(rae)["addresses"].empty());
  CHECK(Peers(jun)["addresses"].empty());
}

// A member beacon for `key`'s plan, from a test "device" listening at
// `tcp_port`.
Bytes MemberBeaconFor(const crypto::DocKey& key, uint16_t tcp_port) {
  wire::Beacon b;
  b.kind = wire::BeaconKind::kMember;
  b.port = tcp_port;
  b.salt = crypto::RandomLanSalt();
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  b.tokens.push_back(
      crypto::LanTokenFor(crypto::LanKey(key), crypto::LanEpochAt(now), b.salt));
  auto bytes = wire::EncodeBeacon(b);
  REQUIRE(bytes.ok());
  return *bytes;
}

// Sends `beacon` to 127.0.0.1:`udp_port` every 200 ms for `seconds`;
// true as soon as something connects to `listener`.
bool BeaconUntilDialed(TcpProbe& listener, const Bytes& beacon, uint16_t udp_port,
                       int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    SendUdp(udp_port, beacon);
    if (listener.AcceptWithin(200)) return true;
  }
  return false;
}

TEST_CASE("ADeviceOfAnotherPlanIgnoresTheBeacons") {
  REQUIRE(crypto::InitSodium().ok());
  SharedPlan ours, theirs;
  Home rae, kim;
  ours.Seed(rae, "rae-phone", "Rae");
  theirs.Seed(kim, "rae-phone", "Kim");  // another plan, another key
  const uint16_t at_rae = FreeUdpPort(), at_kim = FreeUdpPort();
  // Rae's real beacons reach Kim too.
  rae.StartDaemon(DiscoveryArgs(at_rae, Loopback(at_kim)));
  kim.StartDaemon(DiscoveryArgs(at_kim, Loopback(at_rae)));

  // A device announcing Rae's plan at a port the test watches: Kim never
  // dials it...
  TcpProbe watched;
  CHECK_FALSE(BeaconUntilDialed(watched, MemberBeaconFor(ours.sealed.key, watched.port()),
                                at_kim, 4));
  // ...while the same beacon for Kim's own plan is dialed at once (so the
  // silence above is the token not matching, not a deaf daemon).
  CHECK(BeaconUntilDialed(watched, MemberBeaconFor(theirs.sealed.key, watched.port()),
                          at_kim, 10));
  CHECK(Peers(kim)["addresses"].empty());
}

TEST_CASE("JoinWithoutPeerFindsTheInviterByItsBeacon") {
  Home alex, sam;
  alex.SetEnv("MUTUAL_DISCOVERY", "loopback");
  sam.SetEnv("MUTUAL_DISCOVERY", "loopback");
  const uint16_t at_alex = FreeUdpPort(), at_sam = FreeUdpPort();
  alex.StartDaemon(DiscoveryArgs(at_alex, Loopback(at_sam)));
  sam.StartDaemon(DiscoveryArgs(at_sam, Loopback(at_alex)));
  alex.MustMutual({"init", "--name", "Alex"});
  sam.MustMutual({"init", "--name", "Sam"});
  alex.MustMutual({"new", "Alex & Sam"});
  std::string item =
      LastWord(alex.MustMutual({"add", "bottom-lines", "--field", "text=No shouting."}));

  auto invite = alex.Spawn({"invite"});
  std::string line = invite->ReadLine();
  REQUIRE(line.rfind("pairing code: ", 0) == 0);
  const std::string code = line.substr(std::string("pairing code: ").size());
  std::string joined = sam.MustMutual({"join", code});
  CHECK(joined.find("joined plan") != std::string::npos);
  RunResult waited = invite->Wait();
  CHECK(waited.exit_code == 0);
  CHECK(waited.out.find("Sam joined") != std::string::npos);
  CHECK(WaitUntil([&] { return !ItemById(Show(sam), item).is_null(); }));
  CHECK(Show(alex)["members"].size() == 2);
}

TEST_CASE("JoinWithoutPeerAndWithoutDiscoveryAsksForTheAddress") {
  Home sam;  // the harness default: MUTUAL_DISCOVERY=off
  sam.MustMutual({"init", "--name", "Sam"});
  RunResult r = sam.Mutual({"join", "7-crossover-clockwork"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--peer") != std::string::npos);
}

TEST_CASE("NoDiscoveryBindsNoUdpSocketAndIsRemembered") {
  Home quiet, heard;
  quiet.SetEnv("MUTUAL_DISCOVERY", "loopback");
  heard.SetEnv("MUTUAL_DISCOVERY", "loopback");
  quiet.StartDaemon({"--listen", "127.0.0.1:0", "--no-discovery"});
  const uint16_t port = FreeUdpPort();
  heard.StartDaemon(DiscoveryArgs(port, Loopback(FreeUdpPort())));
  REQUIRE(quiet.DaemonPid());
  REQUIRE(heard.DaemonPid());
  CHECK(UdpPortsOf(*quiet.DaemonPid()).empty());
  // The check sees a daemon's UDP socket when there is one.
  CHECK(UdpPortsOf(*heard.DaemonPid()) == std::vector<uint16_t>{port});

  // A daemon `mutual` starts later for this home remembers --no-discovery.
  REQUIRE(quiet.SignalDaemon(SIGTERM));
  quiet.MustMutual({"status"});
  REQUIRE(quiet.DaemonPid());
  CHECK(UdpPortsOf(*quiet.DaemonPid()).empty());
}

TEST_CASE("TheTestHarnessRunsDaemonsWithoutDiscovery") {
  Home h;  // the default environment every other integration test uses
  h.MustMutual({"init", "--name", "Alex"});
  REQUIRE(h.DaemonPid());
  CHECK(UdpPortsOf(*h.DaemonPid()).empty());
}

}  // namespace
}  // namespace mutual::integration
