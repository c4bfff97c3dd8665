#include "libsync/net/frame_stream.h"

namespace mutual::net {

using namespace boost::asio::experimental::awaitable_operators;

namespace {

Status Broken(const error_code& ec) {
  if (ec == asio::error::eof) return Status::IOError("the peer closed the connection");
  return Status::IOError("connection failed: " + ec.message());
}

}  // namespace

void FrameStream::Close() {
  error_code ignored;
  socket_.shutdown(TcpSocket::shutdown_both, ignored);
  socket_.close(ignored);
}

template <typename Which>
Status FrameStream::Outcome(const Which& which, const char* timed_out) {
  if (which.index() == 1) {
    Close();
    return Status::Unavailable(timed_out);
  }
  const error_code ec = std::get<0>(std::get<0>(which));
  if (ec) {
    Close();
    return Broken(ec);
  }
  return Status::Ok();
}

awaitable<Status> FrameStream::ReadExactly(
    std::span<uint8_t> out, std::chrono::steady_clock::time_point deadline) {
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_at(deadline);
  auto which = co_await (
      asio::async_read(socket_, asio::buffer(out.data(), out.size()), kUseTuple) ||
      timer.async_wait(kUseTuple));
  co_return Outcome(which, "timed out waiting for the peer");
}

awaitable<Result<Bytes>> FrameStream::Read(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  uint8_t header[2];
  Status st = co_await ReadExactly(std::span<uint8_t>(header, 2), deadline);
  if (!st.ok()) co_return st;
  Bytes payload(size_t{header[0]} << 8 | header[1]);
  if (!payload.empty()) {
    st = co_await ReadExactly(std::span<uint8_t>(payload), deadline);
    if (!st.ok()) co_return st;
  }
  co_return payload;
}

awaitable<Status> FrameStream::Write(ByteView payload,
                                     std::chrono::milliseconds timeout) {
  if (payload.size() > kMaxFrameBytes) {
    co_return Status::InvalidArgument("frame of " + std::to_string(payload.size()) +
                                      " bytes is over the 65535-byte limit");
  }
  Bytes frame;
  frame.reserve(2 + payload.size());
  frame.push_back(static_cast<uint8_t>(payload.size() >> 8));
  frame.push_back(static_cast<uint8_t>(payload.size()));
  frame.insert(frame.end(), payload.begin(), payload.end());
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_after(timeout);
  auto which = co_await (asio::async_write(socket_, asio::buffer(frame), kUseTuple) ||
                         timer.async_wait(kUseTuple));
  co_return Outcome(which, "timed out sending to the peer");
}

}  // namespace mutual::net
