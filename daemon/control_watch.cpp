// ControlServer: a `watch` connection (control_server.h). The device hands
// each rendered line to a sink; the sink encodes it as a Rendered response
// into this watcher's bounded queue and wakes the writer. Nothing here
// blocks the device: a full queue drops the watcher instead of waiting.
#include <deque>

#include "daemon/control_server.h"
#include "libsync/wire/length_prefix.h"
#include "libsync/wire/limits.h"

namespace mutual::daemon {

using namespace boost::asio::experimental::awaitable_operators;

// Encoded response frames waiting to be written to one watcher.
struct WatchQueue {
  explicit WatchQueue(net::asio::any_io_executor executor) : wake(executor) {}
  std::deque<Bytes> frames;
  size_t bytes = 0;  // frames plus bookkeeping, against the limit
  bool overflowed = false;
  net::asio::steady_timer wake;  // cancelled when a frame is queued
};

namespace {

constexpr size_t kFrameOverhead = 64;  // deque and vector bookkeeping per frame

// Ends when the client closes the connection (or the daemon does). A
// watch client sends nothing more; whatever it sends is ignored.
net::awaitable<void> AwaitClose(std::shared_ptr<net::UnixSocket> socket) {
  std::array<uint8_t, 512> buf;
  for (;;) {
    auto [ec, n] =
        co_await socket->async_read_some(net::asio::buffer(buf), net::kUseTuple);
    (void)n;
    if (ec) co_return;
  }
}

Status Overflowed(size_t limit) {
  return Status::Unavailable(
      "this watch fell more than " + std::to_string(limit / 1024) +
      " KiB of changes behind (its reader was too slow) and was stopped; start "
      "`mutual watch` again, and see `mutual log` for what it missed");
}

}  // namespace

net::awaitable<void> ControlServer::ServeWatch(std::shared_ptr<net::UnixSocket> socket,
                                               wire::ControlRequest request) {
  auto queue = std::make_shared<WatchQueue>(socket->get_executor());
  const uint64_t id = request.id;
  const size_t limit = watch_queue_bytes_;
  const std::string content_type =
      request.format == "json" ? "application/json" : "text/plain";
  auto push = [queue, id, limit, content_type](std::string lines) {
    if (queue->overflowed) return;
    wire::ControlResponse r;
    r.id = id;
    r.kind = wire::ResultKind::kRendered;
    r.content_type = content_type;
    r.body = ToBytes(lines);
    Result<Bytes> payload = wire::EncodeResponse(r);
    if (!payload.ok()) return;  // not reached: lines are far below the cap
    Result<Bytes> frame = wire::FrameMessage(*payload, wire::kMaxControlResponseBytes);
    if (!frame.ok()) return;
    if (queue->bytes + frame->size() + kFrameOverhead > limit) {
      queue->overflowed = true;  // what is queued goes: the watcher is dropped
      queue->frames.clear();
      queue->bytes = 0;
    } else {
      queue->bytes += frame->size() + kFrameOverhead;
      queue->frames.push_back(std::move(frame).value());
    }
    queue->wake.cancel_one();
  };
  Result<Device::WatchStart> started = device_.AddWatcher(request, push);
  if (!started.ok()) {
    co_await Send(*socket, wire::ControlResponse::FromStatus(id, started.status()));
    co_return;
  }
  push(started->first_line);
  watches_.insert(started->id);
  co_await (DrainWatch(socket, queue, id) || AwaitClose(socket));
  watches_.erase(started->id);
  device_.RemoveWatcher(started->id);
}

net::awaitable<void> ControlServer::DrainWatch(std::shared_ptr<net::UnixSocket> socket,
                                               std::shared_ptr<WatchQueue> queue,
                                               uint64_t request_id) {
  while (!stopped_) {
    if (queue->overflowed) {
      co_await Send(*socket, wire::ControlResponse::FromStatus(
                                 request_id, Overflowed(watch_queue_bytes_)));
      co_return;
    }
    if (queue->frames.empty()) {
      queue->wake.expires_at(net::asio::steady_timer::time_point::max());
      co_await queue->wake.async_wait(net::kUseTuple);
      continue;
    }
    Bytes frame = std::move(queue->frames.front());
    queue->frames.pop_front();
    queue->bytes -= frame.size() + kFrameOverhead;
    if (!co_await WriteFrame(*socket, frame)) co_return;
  }
}

}  // namespace mutual::daemon
