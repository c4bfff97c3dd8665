// Discovery on a real Device and real loopback UDP sockets: which beacons
// it sends, and how `join` without --peer finds an inviter. Every datagram
// goes to 127.0.0.1 only.
//
// Never co_await inside a Catch assertion macro (see
// tests/net/frame_stream_test.cpp).
#include "daemon/discovery.h"

#include <catch2/catch.hpp>
#include <functional>

#include "libsync/crypto/sodium.h"
#include "tests/support/temp_dir.h"

namespace mutual::daemon {
namespace {

using namespace boost::asio::experimental::awaitable_operators;
using std::chrono::milliseconds;

net::UdpEndpoint Loopback(uint16_t port = 0) {
  return net::UdpEndpoint(net::asio::ip::make_address("127.0.0.1"), port);
}

constexpr uint16_t kTcpPort = 4242;

// A device in a temp home with its PeerService and a Discovery that sends
// its beacons to `listener`.
struct Rig {
  testing::TempDir home;
  ManualClock clock{1'700'000'000'000};
  std::unique_ptr<Device> device;
  net::asio::io_context io;
  std::optional<net::BeaconSocket> listener;
  std::optional<PeerService> peers;
  std::optional<Discovery> discovery;

  explicit Rig(milliseconds invite_wait = milliseconds(10000)) {
    REQUIRE(crypto::InitSodium().ok());
    Device::Options o;
    o.home = home.path();
    o.clock = &clock;
    o.version = "test";
    o.pwhash = store::PwhashParams::Cheapest();
    auto d = Device::Open(o);
    REQUIRE(d.ok());
    device = std::move(d).value();
    auto l = net::BeaconSocket::Open(io, Loopback(), wire::kMaxBeaconBytes);
    REQUIRE(l.ok());
    listener.emplace(std::move(l).value());
    PeerServiceOptions po;
    po.listen_host = "127.0.0.1";
    po.listen_port = 0;
    peers.emplace(io, *device, po);
    DiscoveryOptions opts;
    opts.bind = Loopback();
    opts.targets = {Loopback(listener->port())};
    opts.tcp_port = kTcpPort;
    opts.interval = milliseconds(50);
    opts.jitter = milliseconds(10);
    opts.invite_wait = invite_wait;
    discovery.emplace(io, *device, *peers, opts);
    REQUIRE(discovery->Open().ok());
  }
  wire::ControlResponse Handle(wire::Command c, const std::string& title = "") {
    wire::ControlRequest r;
    r.id = 1;
    r.command = c;
    r.name = "Alex";
    r.title = title;
    return device->Handle(r);
  }
  // Runs `body` as a coroutine beside the discovery loops, then stops them.
  void Run(std::function<net::awaitable<void>()> body) {
    bool done = false;
    discovery->Start();
    net::asio::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
          co_await body();
          done = true;
          discovery->Stop();
          listener->Close();
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
    io.run();
    REQUIRE(done);
  }
};

// The next beacon the listener hears, or nullopt after 2 s.
net::awaitable<std::optional<wire::Beacon>> NextBeacon(net::BeaconSocket& s) {
  net::asio::steady_timer timer(co_await net::asio::this_coro::executor);
  timer.expires_after(milliseconds(2000));
  auto r = co_await (s.Receive() || timer.async_wait(net::kUseTuple));
  if (r.index() != 0 || !std::get<0>(r).ok()) co_return std::nullopt;
  auto beacon = wire::DecodeBeacon(std::get<0>(r)->bytes);
  if (!beacon.ok()) co_return std::nullopt;
  co_return *beacon;
}

net::awaitable<Status> SendTo(net::asio::io_context& io, uint16_t port, Bytes datagram) {
  auto s = net::BeaconSocket::Open(io, Loopback(), 64);
  if (!s.ok()) co_return s.status();
  std::vector<net::UdpEndpoint> to = {Loopback(port)};
  co_return co_await s->SendTo(std::move(datagram), to);
}

Bytes Encoded(const wire::Beacon& b) {
  auto bytes = wire::EncodeBeacon(b);
  REQUIRE(bytes.ok());
  return *bytes;
}

TEST_CASE("AnUninitialisedDeviceSendsNoBeacon") {
  Rig rig;
  rig.Run([&]() -> net::awaitable<void> {
    std::optional<wire::Beacon> heard = co_await NextBeacon(*rig.listener);
    CHECK_FALSE(heard);
  });
}

TEST_CASE("BeaconsAnnounceEachPlanAndEachOpenInvite") {
  Rig rig;
  REQUIRE(rig.Handle(wire::Command::kInit).kind == wire::ResultKind::kDone);
  REQUIRE(rig.Handle(wire::Command::kNew, "One").kind == wire::ResultKind::kDone);
  REQUIRE(rig.Handle(wire::Command::kNew, "Two").kind == wire::ResultKind::kDone);
  rig.Run([&]() -> net::awaitable<void> {
    wire::ControlRequest invite;
    invite.id = 2;
    invite.command = wire::Command::kInvite;
    invite.plan = "One";
    wire::ControlResponse opened = co_await rig.peers->pairing().Handle(invite);
    REQUIRE(opened.kind == wire::ResultKind::kDone);
    const std::string code = opened.created_id;  // "7-word-word"
    const auto channel = static_cast<uint16_t>(std::stoi(code.substr(0, code.find('-'))));
    std::optional<wire::Beacon> member, invited;
    for (int i = 0; i < 20 && !(member && invited); ++i) {
      std::optional<wire::Beacon> b = co_await NextBeacon(*rig.listener);
      REQUIRE(b);
      (b->kind == wire::BeaconKind::kMember ? member : invited) = b;
    }
    REQUIRE(member);
    REQUIRE(invited);
    CHECK(member->port == kTcpPort);
    CHECK(member->tokens.size() == 2);  // one per plan
    CHECK(invited->port == kTcpPort);
    CHECK(invited->channel == channel);
    // Fresh salts: two member beacons in a row are not alike.
    std::optional<wire::Beacon> next;
    while (!next || next->kind != wire::BeaconKind::kMember) {
      next = co_await NextBeacon(*rig.listener);
      REQUIRE(next);
    }
    CHECK(next->salt != member->salt);
    CHECK(next->tokens != member->tokens);
  });
}

TEST_CASE("AnInviteBeaconTellsJoinWhereTheInviterIs") {
  Rig rig;
  rig.Run([&]() -> net::awaitable<void> {
    const uint16_t port = rig.discovery->port();
    // Garbage and a beacon for another channel change nothing.
    Status garbage = co_await SendTo(rig.io, port, Bytes(40, 0xff));
    wire::Beacon other;
    other.kind = wire::BeaconKind::kInvite;
    other.port = 6000;
    other.channel = 8;
    Status sent_other = co_await SendTo(rig.io, port, Encoded(other));
    wire::Beacon ours = other;
    ours.port = 5555;
    ours.channel = 7;
    Status sent = co_await SendTo(rig.io, port, Encoded(ours));
    REQUIRE((garbage.ok() && sent_other.ok() && sent.ok()));
    Result<std::string> found = co_await rig.discovery->FindInviter(7);
    REQUIRE(found.ok());
    CHECK(*found == "127.0.0.1:5555");
  });
}

TEST_CASE("JoinGivesUpWithAClearMessageWhenNoInviterAnswers") {
  Rig rig(milliseconds(300));
  rig.Run([&]() -> net::awaitable<void> {
    Result<std::string> found = co_await rig.discovery->FindInviter(7);
    CHECK(found.status().IsUnavailable());
    CHECK(found.status().message().find("channel 7") != std::string::npos);
    CHECK(found.status().message().find("--peer") != std::string::npos);
  });
}

}  // namespace
}  // namespace mutual::daemon
