// FrameStream: the peer transport's framing (DESIGN.md §5) — each frame is a
// 2-byte big-endian length and that many bytes (at most 65535: one Noise
// message) — over a TCP socket, with a timeout on every read and write.
//
// Errors are values: Unavailable when the wait timed out, IOError when the
// connection broke or closed (mid-frame or between frames), InvalidArgument
// for a frame too large to write. After any error the stream is closed.
//
// Thread-safety: one coroutine reads and one writes at a time, on the
// socket's executor.
#pragma once

#include <chrono>

#include "libsync/net/asio.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::net {

using TcpSocket = asio::ip::tcp::socket;
using TcpAcceptor = asio::ip::tcp::acceptor;
using TcpEndpoint = asio::ip::tcp::endpoint;

inline constexpr size_t kMaxFrameBytes = 65535;

class FrameStream {
 public:
  explicit FrameStream(TcpSocket socket) : socket_(std::move(socket)) {}

  // The next frame's payload.
  awaitable<Result<Bytes>> Read(std::chrono::milliseconds timeout);
  // Writes one frame (length prefix and payload in one write).
  awaitable<Status> Write(ByteView payload, std::chrono::milliseconds timeout);
  void Close();
  bool is_open() const { return socket_.is_open(); }
  TcpSocket& socket() { return socket_; }

 private:
  // The outcome of an I/O raced against a timer: the error status (and the
  // stream closed) on timeout or failure.
  template <typename Which>
  Status Outcome(const Which& which, const char* timed_out);
  // Reads exactly out.size() bytes, or fails.
  awaitable<Status> ReadExactly(std::span<uint8_t> out,
                                std::chrono::steady_clock::time_point deadline);

  TcpSocket socket_;
};

}  // namespace mutual::net
