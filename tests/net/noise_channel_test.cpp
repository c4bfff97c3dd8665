// NoiseChannel over real loopback TCP: handshake policy, chunked messages,
// rekeying, and a tampered or hostile peer.
#include "libsync/net/noise_channel.h"

#include <catch2/catch.hpp>
#include <functional>

#include "libsync/crypto/sodium.h"
#include "tests/net/run_coroutine.h"

namespace mutual::net {
namespace {

using std::chrono::milliseconds;

// Both ends of one connection, handshaking concurrently on one io_context.
struct Pair {
  asio::io_context io;
  crypto::X25519KeyPair alice = crypto::X25519KeyPair::Generate();
  crypto::X25519KeyPair bob = crypto::X25519KeyPair::Generate();
  std::unique_ptr<NoiseChannel> a, b;
  Status a_status, b_status;
  Bytes payload1_seen, payload3_seen;

  Pair() { REQUIRE(crypto::InitSodium().ok()); }

  void Handshake(NoiseChannel::CheckResponder check_responder,
                 NoiseChannel::CheckInitiator check_initiator, ChannelOptions opts = {}) {
    TcpAcceptor acceptor(io, TcpEndpoint(asio::ip::make_address("127.0.0.1"), 0));
    TcpSocket client(io);
    client.connect(acceptor.local_endpoint());
    TcpSocket server = acceptor.accept();
    asio::co_spawn(
        io,
        [&, client = std::move(client)]() mutable -> awaitable<void> {
          auto r = co_await NoiseChannel::Connect(
              std::move(client), alice, ToBytes("hello"), check_responder, opts);
          if (r.ok())
            a = std::move(r).value();
          else
            a_status = r.status();
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&, server = std::move(server)]() mutable -> awaitable<void> {
          auto r = co_await NoiseChannel::Accept(
              std::move(server), bob,
              [&](ByteView p1) -> Result<Bytes> {
                payload1_seen = ToBytes(p1);
                return ToBytes("welcome");
              },
              check_initiator, opts);
          if (r.ok())
            b = std::move(r).value();
          else
            b_status = r.status();
        },
        asio::detached);
    io.run();
    io.restart();
  }
  void HandshakeAcceptingAll(ChannelOptions opts = {}) {
    Handshake(
        [](const crypto::PublicKey&, ByteView) -> Result<Bytes> { return ToBytes("me"); },
        [](const crypto::PublicKey&, ByteView) { return Status::Ok(); }, opts);
  }
  void Run(std::function<awaitable<void>()> body) {
    testing::RunToCompletion(io, std::move(body));
  }
};

TEST_CASE("HandshakeAuthenticatesBothStaticKeysAndAgreesOnTheHash") {
  Pair p;
  p.HandshakeAcceptingAll();
  REQUIRE(p.a);
  REQUIRE(p.b);
  CHECK(p.a->remote_static() == p.bob.public_key());
  CHECK(p.b->remote_static() == p.alice.public_key());
  CHECK(p.a->handshake_hash() == p.b->handshake_hash());
  CHECK(p.payload1_seen == ToBytes("hello"));
}

TEST_CASE("MessagesOfEverySizeCrossBothWays") {
  Pair p;
  p.HandshakeAcceptingAll();
  REQUIRE(p.a);
  p.Run([&]() -> awaitable<void> {
    for (size_t n :
         {size_t{0}, size_t{1}, size_t{65518}, size_t{65519}, size_t{1} << 20}) {
      Bytes m(n);
      for (size_t i = 0; i < n; ++i) m[i] = static_cast<uint8_t>(i * 7);
      Status sent = co_await p.a->Send(m);
      REQUIRE(sent.ok());
      Result<Bytes> got = co_await p.b->Receive(milliseconds(5000));
      REQUIRE(got.ok());
      CHECK(*got == m);
      Status back = co_await p.b->Send(m);
      REQUIRE(back.ok());
      Result<Bytes> echoed = co_await p.a->Receive(milliseconds(5000));
      REQUIRE(echoed.ok());
      CHECK(echoed->size() == n);
    }
    Status too_big = co_await p.a->Send(Bytes((size_t{1} << 20) + 1));
    CHECK(too_big.IsInvalidArgument());
  });
}

TEST_CASE("RekeyingKeepsBothSidesInStep") {
  Pair p;
  ChannelOptions opts;
  opts.rekey_messages = 3;  // rekey every third transport message
  p.HandshakeAcceptingAll(opts);
  REQUIRE(p.a);
  p.Run([&]() -> awaitable<void> {
    for (int i = 0; i < 20; ++i) {
      Bytes m = ToBytes("message " + std::to_string(i));
      Status sent = co_await p.a->Send(m);
      REQUIRE(sent.ok());
      Result<Bytes> got = co_await p.b->Receive(milliseconds(2000));
      REQUIRE(got.ok());
      CHECK(*got == m);
    }
  });
}

TEST_CASE("InitiatorAbortsBeforeRevealingItselfWhenTheResponderIsUnexpected") {
  Pair p;
  bool responder_checked = false;
  p.Handshake(
      [&](const crypto::PublicKey& rs, ByteView payload2) -> Result<Bytes> {
        CHECK(rs == p.bob.public_key());
        CHECK(ToBytes(payload2) == ToBytes("welcome"));
        return Status::PermissionDenied("not the device we expected");
      },
      [&](const crypto::PublicKey&, ByteView) {
        responder_checked = true;
        return Status::Ok();
      });
  CHECK_FALSE(p.a);
  CHECK(p.a_status.IsPermissionDenied());
  CHECK_FALSE(p.b);
  CHECK_FALSE(responder_checked);  // message 3 never came
  CHECK(p.b_status.IsIOError());
}

TEST_CASE("ResponderDropsAnUnknownInitiator") {
  Pair p;
  p.Handshake([](const crypto::PublicKey&, ByteView) -> Result<Bytes> { return Bytes{}; },
              [&](const crypto::PublicKey& is, ByteView) {
                CHECK(is == p.alice.public_key());
                return Status::PermissionDenied("no member device");
              });
  CHECK_FALSE(p.b);
  CHECK(p.b_status.IsPermissionDenied());
}

// The initiator is driven by hand (FrameStream + NoiseHandshake), so the
// test can send what no honest NoiseChannel would.
TEST_CASE("GarbageAfterTheHandshakeIsAViolationAndClosesTheChannel") {
  REQUIRE(crypto::InitSodium().ok());
  asio::io_context io;
  TcpAcceptor acceptor(io, TcpEndpoint(asio::ip::make_address("127.0.0.1"), 0));
  TcpSocket client(io);
  client.connect(acceptor.local_endpoint());
  TcpSocket server = acceptor.accept();
  const auto alice = crypto::X25519KeyPair::Generate();
  const auto bob = crypto::X25519KeyPair::Generate();
  Status received;
  asio::co_spawn(
      io,
      [&, server = std::move(server)]() mutable -> awaitable<void> {
        auto ch = co_await NoiseChannel::Accept(
            std::move(server), bob, [](ByteView) -> Result<Bytes> { return Bytes{}; },
            [](const crypto::PublicKey&, ByteView) { return Status::Ok(); });
        REQUIRE(ch.ok());
        Result<Bytes> r = co_await (*ch)->Receive(milliseconds(2000));
        received = r.status();
        CHECK_FALSE((*ch)->is_open());
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&, client = std::move(client)]() mutable -> awaitable<void> {
        FrameStream s(std::move(client));
        auto hs = crypto::NoiseHandshake::Initiator(
            alice, AsBytes(crypto::kMutualNoisePrologue));
        Result<Bytes> m1 = hs.WriteMessage({});
        Status w1 = co_await s.Write(*m1, milliseconds(1000));
        REQUIRE(w1.ok());
        Result<Bytes> m2 = co_await s.Read(milliseconds(1000));
        REQUIRE(m2.ok());
        REQUIRE(hs.ReadMessage(*m2).ok());
        Result<Bytes> m3 = hs.WriteMessage({});
        Status w3 = co_await s.Write(*m3, milliseconds(1000));
        REQUIRE(w3.ok());
        Status junk = co_await s.Write(Bytes(40, 0x5A), milliseconds(1000));
        CHECK(junk.ok());
      },
      asio::detached);
  io.run();
  CHECK(received.IsPeerViolation());
}

TEST_CASE("WrongPrologueFailsTheHandshake") {
  REQUIRE(crypto::InitSodium().ok());
  asio::io_context io;
  TcpAcceptor acceptor(io, TcpEndpoint(asio::ip::make_address("127.0.0.1"), 0));
  TcpSocket client(io);
  client.connect(acceptor.local_endpoint());
  TcpSocket server = acceptor.accept();
  Status accepted;
  asio::co_spawn(
      io,
      [&, server = std::move(server)]() mutable -> awaitable<void> {
        auto ch = co_await NoiseChannel::Accept(
            std::move(server), crypto::X25519KeyPair::Generate(),
            [](ByteView) -> Result<Bytes> { return Bytes{}; },
            [](const crypto::PublicKey&, ByteView) { return Status::Ok(); });
        accepted = ch.status();
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&, client = std::move(client)]() mutable -> awaitable<void> {
        FrameStream s(std::move(client));
        auto hs = crypto::NoiseHandshake::Initiator(crypto::X25519KeyPair::Generate(),
                                                    AsBytes("not mutual"));
        Result<Bytes> m1 = hs.WriteMessage({});
        Status w1 = co_await s.Write(*m1, milliseconds(1000));
        REQUIRE(w1.ok());
        Result<Bytes> m2 = co_await s.Read(milliseconds(1000));
        REQUIRE(m2.ok());
        CHECK_FALSE(hs.ReadMessage(*m2).ok());  // the prologue is in h
        s.Close();
      },
      asio::detached);
  io.run();
  CHECK_FALSE(accepted.ok());
}

}  // namespace
}  // namespace mutual::net
