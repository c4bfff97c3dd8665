#include "daemon/peer_session.h"

#include "daemon/task_failure.h"

namespace mutual::daemon {

PeerSession::PeerSession(std::unique_ptr<net::NoiseChannel> channel, sync::SyncHost& host,
                         const crypto::PublicKey& peer_device, SessionOptions options,
                         std::function<void(PeerSession*)> on_closed)
    : channel_(std::move(channel)),
      sync_(host, peer_device),
      peer_device_(peer_device),
      options_(options),
      on_closed_(std::move(on_closed)),
      wake_(channel_->executor()) {}

void PeerSession::Start() {
  Enqueue(sync_.Start());
  auto self = shared_from_this();
  net::asio::co_spawn(
      wake_.get_executor(), [self]() { return self->ReadLoop(); }, LogTaskFailure);
  net::asio::co_spawn(
      wake_.get_executor(), [self]() { return self->WriteLoop(); }, LogTaskFailure);
}

void PeerSession::Stop() {
  if (stopped_) return;
  stopped_ = true;
  channel_->Close();
  wake_.cancel();
  if (on_closed_) on_closed_(this);
}

void PeerSession::Enqueue(std::vector<wire::PeerMessage> messages) {
  for (const wire::PeerMessage& m : messages) {
    Result<Bytes> bytes = wire::EncodePeerMessage(m);
    if (!bytes.ok()) continue;  // ours, over a cap: never sent (logged by tests)
    if (queue_.size() >= options_.max_queued) {
      // The peer reads slower than we produce; it will catch up from its
      // Have when it reconnects.
      Stop();
      return;
    }
    queue_.push_back(std::move(bytes).value());
  }
  wake_.cancel_one();
}

void PeerSession::PushEnvelope(const crypto::DocId& doc, ByteView envelope) {
  if (!stopped_) Enqueue(sync_.OnNewEnvelope(doc, envelope));
}

net::awaitable<void> PeerSession::ReadLoop() {
  auto self = shared_from_this();
  while (!stopped_) {
    Result<Bytes> bytes = co_await channel_->Receive(options_.receive_timeout);
    if (!bytes.ok()) break;
    Result<wire::PeerMessage> message = wire::DecodePeerMessage(*bytes);
    if (!message.ok()) break;
    Result<std::vector<wire::PeerMessage>> replies = sync_.OnMessage(*message);
    if (!replies.ok()) break;
    Enqueue(std::move(replies).value());
  }
  Stop();
}

net::awaitable<void> PeerSession::WriteLoop() {
  auto self = shared_from_this();
  while (!stopped_) {
    if (queue_.empty()) {
      wake_.expires_after(options_.keep_alive);
      auto [ec] = co_await wake_.async_wait(net::kUseTuple);
      if (stopped_) break;
      if (!ec && queue_.empty()) {
        wire::PeerMessage ka;
        ka.kind = wire::PeerMessageKind::kKeepAlive;
        Result<Bytes> bytes = wire::EncodePeerMessage(ka);
        if (bytes.ok()) queue_.push_back(std::move(bytes).value());
      }
      continue;
    }
    Bytes next = std::move(queue_.front());
    queue_.pop_front();
    Status sent = co_await channel_->Send(next);
    if (!sent.ok()) break;
  }
  Stop();
}

}  // namespace mutual::daemon
