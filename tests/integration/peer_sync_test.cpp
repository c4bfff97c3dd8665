// Two real daemons on loopback keep one plan in sync over Noise: the plan
// is the partners sample (built through the plan API by both members'
// devices and sealed into each device's home, as pairing would leave it),
// each daemon listens on a loopback port, and Jun's device dials Rae's.
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/noise.h"
#include "libsync/net/frame_stream.h"
#include "tests/integration/cli_harness.h"
#include "tests/integration/home_seed.h"
#include "tests/plan/fixture_builder.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;
using plan::testing::FixtureBuilder;
using plan::testing::LoadFixture;

struct TwoDevices {
  json fixture = LoadFixture("partners");
  FixtureBuilder builder{fixture["plan"]};
  Home rae, jun;

  TwoDevices() {
    const SealedPlan sealed = BuildAndSealFixture(builder);
    const auto& r = *builder.devices().at("rae-phone");
    const auto& j = *builder.devices().at("jun-phone");
    SeedHome(rae.path(), r.secrets, "Rae", sealed);
    SeedHome(jun.path(), j.secrets, "Jun", sealed);
    rae.StartDaemon({"--listen", "127.0.0.1:0"});
    jun.StartDaemon({"--listen", "127.0.0.1:0"});
    jun.MustMutual({"peers", "add", "127.0.0.1:" + std::to_string(rae.PeerPort())});
  }
};

// Polls `home`'s plan until `done(plan)` or `timeout`; returns how long it took.
std::chrono::milliseconds WaitFor(
    const Home& home, const std::function<bool(const json&)>& done,
    std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < timeout) {
    if (done(json::parse(home.MustMutual({"show", "--json"})))) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL("timed out waiting for the plan to change");
  return timeout;
}

std::function<bool(const json&)> HasItem(const std::string& id) {
  return [id](const json& plan) { return !ItemById(plan, id).is_null(); };
}

std::function<bool(const json&)> ItemState(const std::string& id,
                                           const std::string& state) {
  return [id, state](const json& plan) {
    json item = ItemById(plan, id);
    return !item.is_null() && item["state"] == state;
  };
}

TEST_CASE("AnEditOnOneDeviceShowsOnTheOther") {
  TwoDevices d;
  std::string item = LastWord(
      d.rae.MustMutual({"add", "helps", "--field", "text=A walk after dinner."}));
  WaitFor(d.jun, HasItem(item));
  std::string back =
      LastWord(d.jun.MustMutual({"add", "helps", "--field", "text=Tea on the balcony."}));
  WaitFor(d.rae, HasItem(back));
  CHECK(d.rae.MustMutual({"show", "--json"}) == d.jun.MustMutual({"show", "--json"}));
}

TEST_CASE("AgreedOnlyWhenBothAgreeAndChangedAfterAnEdit") {
  TwoDevices d;
  std::string item =
      LastWord(d.rae.MustMutual({"add", "bottom-lines", "--field", "text=No shouting."}));
  d.rae.MustMutual({"agree", item});
  WaitFor(d.jun, ItemState(item, "proposed"));  // one endorsement is not agreement
  CHECK(ItemById(json::parse(d.rae.MustMutual({"show", "--json"})), item)["state"] ==
        "proposed");
  d.jun.MustMutual({"agree", item});
  WaitFor(d.rae, ItemState(item, "agreed"));
  WaitFor(d.jun, ItemState(item, "agreed"));
  d.jun.MustMutual({"edit", item, "--field", "text=No shouting, ever."});
  WaitFor(d.rae, ItemState(item, "changed"));
}

TEST_CASE("ConcurrentEditsOnBothSidesConverge") {
  TwoDevices d;
  std::string item =
      LastWord(d.rae.MustMutual({"add", "patterns", "--field", "text=Money."}));
  WaitFor(d.jun, HasItem(item));
  for (int i = 0; i < 5; ++i) {
    d.rae.MustMutual({"add", "helps", "--field", "text=rae " + std::to_string(i)});
    d.jun.MustMutual({"add", "helps", "--field", "text=jun " + std::to_string(i)});
  }
  auto same = [&](const json&) {
    return d.rae.MustMutual({"show", "--json"}) == d.jun.MustMutual({"show", "--json"});
  };
  WaitFor(d.rae, same);
  json plan = json::parse(d.rae.MustMutual({"show", "--json"}));
  size_t helps = 0;
  for (const json& s : plan["sections"]) {
    if (s["id"] == "helps") helps = s["items"].size();
  }
  CHECK(helps >= 10);
}

TEST_CASE("ADeviceKilledAndRestartedCatchesUpWithNothingLost") {
  TwoDevices d;
  std::string before =
      LastWord(d.jun.MustMutual({"add", "helps", "--field", "text=Before."}));
  WaitFor(d.rae, HasItem(before));
  REQUIRE(d.jun.SignalDaemon(SIGKILL));
  std::string missed =
      LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=Missed."}));
  // Jun's next command restarts its daemon (with its remembered listen
  // address and dial list); it reconnects and catches up.
  WaitFor(d.jun, HasItem(missed));
  CHECK_FALSE(
      ItemById(json::parse(d.jun.MustMutual({"show", "--json"})), before).is_null());
}

TEST_CASE("GarbageAndOversizedFramesAreRefusedWhileRealPeersSync") {
  TwoDevices d;
  net::asio::io_context io;
  for (const Bytes& junk :
       {Bytes{0xff, 0xff},  // announces a 65535-byte frame, sends none
        Bytes{0x00, 0x05, 'h', 'e', 'l', 'l', 'o'},  // not a Noise message
        Bytes(70000, 0x41)}) {                       // a flood of bytes
    net::TcpSocket s(io);
    s.connect(net::TcpEndpoint(net::asio::ip::make_address("127.0.0.1"),
                               static_cast<uint16_t>(d.rae.PeerPort())));
    net::error_code ec;
    net::asio::write(s, net::asio::buffer(junk), ec);
    s.close();
  }
  std::string item =
      LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=Still here."}));
  WaitFor(d.jun, HasItem(item));
  CHECK(d.rae.DaemonPid().has_value());
}

// A plain TCP connection speaking the peer port's framing (2-byte
// big-endian length + Noise message), with a receive timeout.
class RawPeer {
 public:
  explicit RawPeer(int port) : socket_(io_) {
    socket_.connect(net::TcpEndpoint(net::asio::ip::make_address("127.0.0.1"),
                                     static_cast<uint16_t>(port)));
    timeval tv{5, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  void Send(ByteView m) {
    Bytes frame = {static_cast<uint8_t>(m.size() >> 8), static_cast<uint8_t>(m.size())};
    frame.insert(frame.end(), m.begin(), m.end());
    net::asio::write(socket_, net::asio::buffer(frame));
  }
  // The next frame; nullopt when the daemon closed the connection (or
  // sent nothing for 5 s).
  std::optional<Bytes> Receive() {
    uint8_t len[2];
    net::error_code ec;
    net::asio::read(socket_, net::asio::buffer(len), ec);
    if (ec) return std::nullopt;
    Bytes m(static_cast<size_t>(len[0] << 8 | len[1]));
    net::asio::read(socket_, net::asio::buffer(m), ec);
    if (ec) return std::nullopt;
    return m;
  }

 private:
  net::asio::io_context io_;
  net::TcpSocket socket_;
};

TEST_CASE("AReplayedHandshakeIsRefusedWhileRealPeersSync") {
  TwoDevices d;
  // Jun's tablet (a member device no daemon runs for) connects for real.
  const crypto::DeviceSecrets& tablet = d.builder.devices().at("jun-tablet")->secrets;
  const ByteView prologue = AsBytes(crypto::kMutualNoisePrologue);
  RawPeer genuine(d.rae.PeerPort());
  crypto::NoiseHandshake hs = crypto::NoiseHandshake::Initiator(tablet.noise_static, prologue);
  const Bytes m1 = hs.WriteMessage({}).value();
  genuine.Send(m1);
  std::optional<Bytes> m2 = genuine.Receive();
  REQUIRE(m2.has_value());
  REQUIRE(hs.ReadMessage(*m2).ok());
  const Bytes m3 = hs.WriteMessage({}).value();
  genuine.Send(m3);
  auto transport = hs.Split();
  REQUIRE(transport.ok());
  // The daemon accepted it: its first transport message (Hello) opens.
  std::optional<Bytes> hello = genuine.Receive();
  REQUIRE(hello.has_value());
  CHECK(transport->recv.DecryptWithAd({}, *hello).ok());

  // Someone who recorded those bytes replays them on a new connection: the
  // daemon answers message 1 with a fresh ephemeral key, so the recorded
  // message 3 does not decrypt and the connection is closed unserved.
  RawPeer replay(d.rae.PeerPort());
  replay.Send(m1);
  std::optional<Bytes> fresh = replay.Receive();
  REQUIRE(fresh.has_value());
  CHECK(*fresh != *m2);
  replay.Send(m3);
  CHECK_FALSE(replay.Receive().has_value());

  std::string item =
      LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=Still here."}));
  WaitFor(d.jun, HasItem(item));
  CHECK(d.rae.DaemonPid().has_value());
}

TEST_CASE("ADeviceOfNoMemberIsRefused") {
  TwoDevices d;
  Home stranger;
  stranger.MustMutual({"init", "--name", "Eve"});
  stranger.MustMutual({"new", "Eve's plan"});
  stranger.MustMutual({"peers", "add", "127.0.0.1:" + std::to_string(d.rae.PeerPort())});
  std::string item =
      LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=Private."}));
  WaitFor(d.jun, HasItem(item));  // the real peer still syncs
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(stranger.MustMutual({"show", "--json"}).find("Private.") == std::string::npos);
  CHECK(json::parse(stranger.MustMutual({"plans", "--json"}))["plans"].size() == 1);
}

}  // namespace
}  // namespace mutual::integration
