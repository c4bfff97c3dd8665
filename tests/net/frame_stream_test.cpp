// FrameStream over real loopback TCP sockets.
//
// Never co_await inside a Catch assertion macro: Catch also expands the
// expression in an unevaluated-looking context that gcc's coroutine
// lowering still runs, so the operation would happen several times.
#include "libsync/net/frame_stream.h"

#include <catch2/catch.hpp>
#include <functional>
#include "tests/net/run_coroutine.h"

namespace mutual::net {
namespace {

using std::chrono::milliseconds;

// A connected pair of loopback sockets.
struct Loopback {
  asio::io_context io;
  std::optional<FrameStream> a, b;
  Loopback() {
    TcpAcceptor acceptor(io, TcpEndpoint(asio::ip::make_address("127.0.0.1"), 0));
    TcpSocket client(io);
    client.connect(acceptor.local_endpoint());
    a.emplace(acceptor.accept());
    b.emplace(std::move(client));
  }
  // Runs `body` as a coroutine to completion.
  void Run(std::function<awaitable<void>()> body) {
    testing::RunToCompletion(io, std::move(body));
  }
};

TEST_CASE("FramesArriveWholeAndInOrder") {
  Loopback l;
  l.Run([&]() -> awaitable<void> {
    for (size_t n : {size_t{0}, size_t{1}, size_t{300}, kMaxFrameBytes}) {
      Bytes sent(n, static_cast<uint8_t>(n));
      Status written = co_await l.a->Write(sent, milliseconds(1000));
      REQUIRE(written.ok());
      Result<Bytes> got = co_await l.b->Read(milliseconds(1000));
      REQUIRE(got.ok());
      CHECK(*got == sent);
    }
  });
}

TEST_CASE("OversizedFrameIsRefusedBeforeWriting") {
  Loopback l;
  l.Run([&]() -> awaitable<void> {
    Status st = co_await l.a->Write(Bytes(kMaxFrameBytes + 1), milliseconds(1000));
    CHECK(st.IsInvalidArgument());
  });
}

TEST_CASE("ReadTimesOutWhenThePeerIsSilent") {
  Loopback l;
  l.Run([&]() -> awaitable<void> {
    Result<Bytes> r = co_await l.b->Read(milliseconds(50));
    CHECK(r.status().IsUnavailable());
    CHECK_FALSE(l.b->is_open());
  });
}

TEST_CASE("PeerClosingMidFrameIsAnError") {
  Loopback l;
  l.Run([&]() -> awaitable<void> {
    uint8_t partial[3] = {0x01, 0x00, 0xAA};  // announces 256 bytes, sends 1
    co_await asio::async_write(l.a->socket(), asio::buffer(partial), kUseTuple);
    l.a->Close();
    Result<Bytes> r = co_await l.b->Read(milliseconds(1000));
    CHECK(r.status().IsIOError());
  });
}

}  // namespace
}  // namespace mutual::net
