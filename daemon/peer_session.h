// PeerSession: one authenticated connection to another member's device,
// running the sync protocol (libsync/sync/peer_sync.h) over a NoiseChannel.
// A reader coroutine decodes peer messages and feeds them to PeerSync; a
// writer coroutine drains a bounded queue and sends a KeepAlive when idle
// (STYLE.md: Asio's chat_server pattern).
//
// A peer that breaks the protocol (PeerViolation), stays silent past the
// receive timeout, or lets our queue overflow is closed; nothing else is
// affected. `on_closed` runs once when the session ends.
//
// Thread-safety: everything on the io_context's one thread.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

#include "libsync/net/noise_channel.h"
#include "libsync/sync/peer_sync.h"

namespace mutual::daemon {

struct SessionOptions {
  std::chrono::milliseconds keep_alive{20000};       // idle time before a KeepAlive
  std::chrono::milliseconds receive_timeout{60000};  // silence that ends the session
  size_t max_queued = 4096;                          // messages waiting to be sent
};

class PeerSession : public std::enable_shared_from_this<PeerSession> {
 public:
  PeerSession(std::unique_ptr<net::NoiseChannel> channel, sync::SyncHost& host,
              const crypto::PublicKey& peer_device, SessionOptions options,
              std::function<void(PeerSession*)> on_closed);

  void Start();
  void Stop();
  // Live push of an envelope of `doc` (ignored if the doc is not shared).
  void PushEnvelope(const crypto::DocId& doc, ByteView envelope);

  const crypto::PublicKey& peer_device() const { return peer_device_; }
  bool is_open() const { return !stopped_; }

 private:
  net::awaitable<void> ReadLoop();
  net::awaitable<void> WriteLoop();
  void Enqueue(std::vector<wire::PeerMessage> messages);

  std::unique_ptr<net::NoiseChannel> channel_;
  sync::PeerSync sync_;
  crypto::PublicKey peer_device_;
  SessionOptions options_;
  std::function<void(PeerSession*)> on_closed_;
  std::deque<Bytes> queue_;
  net::asio::steady_timer wake_;
  bool stopped_ = false;
};

}  // namespace mutual::daemon
