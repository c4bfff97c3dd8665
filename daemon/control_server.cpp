#include "daemon/control_server.h"

#include <array>
#include <exception>

#include "daemon/pairing.h"
#include "daemon/task_failure.h"
#include "libsync/net/unix_listener.h"
#include "libsync/wire/length_prefix.h"
#include "libsync/wire/limits.h"

namespace mutual::daemon {

using namespace boost::asio::experimental::awaitable_operators;

namespace {

bool IsPairingCommand(wire::Command c) {
  return c == wire::Command::kInvite || c == wire::Command::kInviteWait ||
         c == wire::Command::kJoin;
}

}  // namespace

ControlServer::ControlServer(net::UnixAcceptor acceptor, Device& device,
                             std::chrono::milliseconds idle_timeout)
    : acceptor_(std::move(acceptor)), device_(device), idle_timeout_(idle_timeout) {}

void ControlServer::Start() {
  net::asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), LogTaskFailure);
}

void ControlServer::Stop() {
  stopped_ = true;
  net::error_code ignored;
  acceptor_.close(ignored);
  for (const auto& s : connections_) s->close(ignored);
  connections_.clear();
  // The sinks hold timers of our io_context: none may outlive the server.
  for (uint64_t id : watches_) device_.RemoveWatcher(id);
  watches_.clear();
}

net::awaitable<void> ControlServer::AcceptLoop() {
  while (!stopped_) {
    auto [ec, socket] = co_await acceptor_.async_accept(net::kUseTuple);
    if (ec) {
      if (stopped_ || ec == net::asio::error::operation_aborted) co_return;
      continue;  // e.g. EMFILE: keep serving the connections we have
    }
    if (!net::PeerIsSameUser(socket)) continue;  // closed by going out of scope
    auto shared = std::make_shared<net::UnixSocket>(std::move(socket));
    connections_.insert(shared);
    net::asio::co_spawn(acceptor_.get_executor(), Serve(shared), LogTaskFailure);
  }
}

net::awaitable<void> ControlServer::Serve(std::shared_ptr<net::UnixSocket> socket) {
  wire::FrameDecoder decoder(wire::kMaxControlMessageBytes);
  net::asio::steady_timer timer(socket->get_executor());
  std::array<uint8_t, 16 * 1024> buf;
  bool open = true;
  while (open && !stopped_) {
    timer.expires_after(idle_timeout_);
    auto which =
        co_await (socket->async_read_some(net::asio::buffer(buf), net::kUseTuple) ||
                  timer.async_wait(net::kUseTuple));
    if (which.index() == 1) break;  // idle too long
    auto [ec, n] = std::get<0>(which);
    if (ec) break;  // closed by the client (or by Stop)
    Status fed = decoder.Feed(ByteView(buf.data(), n));
    while (open) {
      std::optional<Bytes> frame = decoder.Next();
      if (!frame) break;
      Result<wire::ControlRequest> request = wire::DecodeRequest(*frame);
      wire::ControlResponse response;
      if (request.ok() && request->command == wire::Command::kWatch) {
        // The rest of this connection is the watch's stream.
        co_await ServeWatch(socket, std::move(request).value());
        open = false;
        break;
      }
      if (!request.ok()) {
        response = wire::ControlResponse::FromStatus(0, request.status());
      } else if (pairing_ != nullptr && IsPairingCommand(request->command)) {
        response = co_await pairing_->Handle(*request);
      } else {
        response = device_.Handle(*request);
      }
      open = co_await Send(*socket, response);
    }
    if (!fed.ok()) {
      co_await Send(*socket, wire::ControlResponse::FromStatus(0, fed));
      break;
    }
  }
  net::error_code ignored;
  socket->close(ignored);
  connections_.erase(socket);
}

net::awaitable<bool> ControlServer::Send(net::UnixSocket& socket,
                                         const wire::ControlResponse& response) {
  Result<Bytes> payload = wire::EncodeResponse(response);
  if (!payload.ok()) {
    // Our own response broke a limit (e.g. a gigantic export): say so
    // instead of sending nothing.
    payload = wire::EncodeResponse(wire::ControlResponse::FromStatus(
        response.id,
        payload.status().WithContext("the daemon could not send its answer")));
  }
  if (!payload.ok()) co_return false;
  Result<Bytes> frame = wire::FrameMessage(*payload, wire::kMaxControlResponseBytes);
  if (!frame.ok()) co_return false;
  co_return co_await WriteFrame(socket, *frame);
}

net::awaitable<bool> ControlServer::WriteFrame(net::UnixSocket& socket,
                                               const Bytes& frame) {
  // A client that stops reading must not pin this connection forever.
  net::asio::steady_timer timer(socket.get_executor());
  timer.expires_after(idle_timeout_);
  auto which = co_await (
      net::asio::async_write(socket, net::asio::buffer(frame), net::kUseTuple) ||
      timer.async_wait(net::kUseTuple));
  co_return which.index() == 0 && !std::get<0>(std::get<0>(which));
}

}  // namespace mutual::daemon
