// BeaconSocket over real loopback UDP sockets. Every datagram here goes to
// 127.0.0.0/8 only.
//
// Never co_await inside a Catch assertion macro (see frame_stream_test.cpp).
#include "libsync/net/beacon_socket.h"

#include <catch2/catch.hpp>
#include <functional>
#include "tests/net/run_coroutine.h"

namespace mutual::net {
namespace {

using namespace boost::asio::experimental::awaitable_operators;
using std::chrono::milliseconds;

constexpr size_t kMax = 64;

UdpEndpoint Local(const char* ip, uint16_t port = 0) {
  return UdpEndpoint(asio::ip::make_address(ip), port);
}

UdpEndpoint To(const BeaconSocket& s, const char* ip = "127.0.0.1") {
  return Local(ip, s.port());
}

struct Io {
  asio::io_context io;
  BeaconSocket Open(const UdpEndpoint& at) {
    auto s = BeaconSocket::Open(io, at, kMax);
    REQUIRE(s.ok());
    return std::move(s).value();
  }
  // Runs `body` as a coroutine to completion.
  void Run(std::function<awaitable<void>()> body) {
    testing::RunToCompletion(io, std::move(body));
  }
};

// The next datagram, or nullopt after 2 s.
awaitable<std::optional<Datagram>> ReceiveWithin(BeaconSocket& s) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(milliseconds(2000));
  auto r = co_await (s.Receive() || timer.async_wait(kUseTuple));
  if (r.index() != 0 || !std::get<0>(r).ok()) co_return std::nullopt;
  co_return std::move(std::get<0>(r)).value();
}

TEST_CASE("ADatagramArrivesWithItsSender") {
  Io t;
  BeaconSocket a = t.Open(Local("127.0.0.1"));
  BeaconSocket b = t.Open(Local("127.0.0.1"));
  REQUIRE(a.port() != 0);
  t.Run([&]() -> awaitable<void> {
    const Bytes sent_bytes = {1, 2, 3};
    std::vector<UdpEndpoint> to = {To(b)};
    Status sent = co_await a.SendTo(sent_bytes, to);
    REQUIRE(sent.ok());
    std::optional<Datagram> got = co_await ReceiveWithin(b);
    REQUIRE(got);
    CHECK(got->bytes == sent_bytes);
    CHECK(got->from.port() == a.port());
    CHECK(got->from.address().to_string() == "127.0.0.1");
  });
}

TEST_CASE("OneSendReachesEveryTargetEvenAfterAFailure") {
  Io t;
  BeaconSocket a = t.Open(Local("127.0.0.1"));
  BeaconSocket b = t.Open(Local("127.0.0.1"));
  BeaconSocket c = t.Open(Local("127.0.0.1"));
  t.Run([&]() -> awaitable<void> {
    // An IPv6 target cannot be reached from an IPv4 socket: reported, and
    // the later targets still get the datagram.
    std::vector<UdpEndpoint> to = {Local("::1", 9), To(b), To(c)};
    Status sent = co_await a.SendTo(Bytes(1, 9), to);
    CHECK(sent.IsIOError());
    std::optional<Datagram> at_b = co_await ReceiveWithin(b);
    std::optional<Datagram> at_c = co_await ReceiveWithin(c);
    REQUIRE(at_b);
    REQUIRE(at_c);
    CHECK(at_b->bytes == Bytes(1, 9));
    CHECK(at_c->bytes == Bytes(1, 9));
  });
}

TEST_CASE("OversizedAndEmptyDatagramsAreDropped") {
  Io t;
  BeaconSocket a = t.Open(Local("127.0.0.1"));
  BeaconSocket b = t.Open(Local("127.0.0.1"));
  t.Run([&]() -> awaitable<void> {
    std::vector<UdpEndpoint> to = {To(b)};
    Status s1 = co_await a.SendTo(Bytes(kMax + 1, 7), to);
    Status s2 = co_await a.SendTo(Bytes(), to);
    Status s3 = co_await a.SendTo(Bytes(kMax, 8), to);
    REQUIRE((s1.ok() && s2.ok() && s3.ok()));
    std::optional<Datagram> got = co_await ReceiveWithin(b);
    REQUIRE(got);
    CHECK(got->bytes == Bytes(kMax, 8));
  });
}

// What lets several daemons on one machine listen for LAN beacons: both
// sockets bind the same port, and a broadcast reaches both.
TEST_CASE("TwoSocketsShareAPortAndBothHearABroadcast") {
  Io t;
  BeaconSocket first = t.Open(Local("0.0.0.0"));
  BeaconSocket second = t.Open(Local("0.0.0.0", first.port()));
  BeaconSocket sender = t.Open(Local("127.0.0.1"));
  t.Run([&]() -> awaitable<void> {
    std::vector<UdpEndpoint> to = {Local("127.255.255.255", first.port())};
    Status sent = co_await sender.SendTo(Bytes(2, 4), to);
    REQUIRE(sent.ok());
    std::optional<Datagram> at_first = co_await ReceiveWithin(first);
    std::optional<Datagram> at_second = co_await ReceiveWithin(second);
    REQUIRE(at_first);
    REQUIRE(at_second);
    CHECK(at_first->bytes == Bytes(2, 4));
    CHECK(at_second->bytes == Bytes(2, 4));
  });
}

TEST_CASE("CloseEndsAPendingReceive") {
  Io t;
  BeaconSocket b = t.Open(Local("127.0.0.1"));
  asio::steady_timer timer(t.io);
  timer.expires_after(milliseconds(50));
  timer.async_wait([&](const error_code&) { b.Close(); });
  t.Run([&]() -> awaitable<void> {
    Result<Datagram> got = co_await b.Receive();
    CHECK(got.status().IsIOError());
  });
  CHECK_FALSE(b.is_open());
}

TEST_CASE("BeaconAddressesAreNumeric") {
  auto v4 = ParseUdpEndpoint("127.0.0.1:47471");
  REQUIRE(v4.ok());
  CHECK(v4->port() == 47471);
  auto v6 = ParseUdpEndpoint("[::1]:5");
  REQUIRE(v6.ok());
  CHECK(v6->address().is_v6());
  CHECK(ParseUdpEndpoint("localhost:47471").status().IsInvalidArgument());
  CHECK(ParseUdpEndpoint("127.0.0.1:0").status().IsInvalidArgument());
  CHECK(ParseUdpEndpoint("127.0.0.1:0", /*allow_port_zero=*/true).ok());
  CHECK(ParseUdpEndpoint("127.0.0.1").status().IsInvalidArgument());
  CHECK(EndpointString(v6->address(), 5) == "[::1]:5");
  CHECK(EndpointString(v4->address(), 1) == "127.0.0.1:1");
}

TEST_CASE("LoopbackMeans127Slash8OrColonColon1") {
  auto ip = [](const char* s) { return asio::ip::make_address(s); };
  CHECK(IsLoopback(ip("127.0.0.1")));
  CHECK(IsLoopback(ip("127.255.255.255")));
  CHECK(IsLoopback(ip("::1")));
  CHECK(IsLoopback(ip("::ffff:127.0.0.2")));
  CHECK_FALSE(IsLoopback(ip("255.255.255.255")));
  CHECK_FALSE(IsLoopback(ip("192.168.1.255")));
  CHECK_FALSE(IsLoopback(ip("0.0.0.0")));
  CHECK_FALSE(IsLoopback(ip("::")));
  CHECK_FALSE(IsLoopback(ip("fe80::1")));
}

}  // namespace
}  // namespace mutual::net
