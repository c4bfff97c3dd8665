// ControlServer: serves the control API on the home's Unix socket
// (doc/control-api.md). One coroutine per connection reads length-prefixed
// requests, has the Device answer each, and writes the response back.
//
// A `watch` request turns its connection into a stream (doc/control-api.md,
// "Watch"): every change of the plan is queued for it as a Rendered
// response, and a writer coroutine drains the queue. The queue is bounded
// (`watch_queue_bytes`): a watcher that falls that far behind is sent an
// UNAVAILABLE error saying so and closed, so a slow reader costs the
// daemon neither blocking nor unbounded memory. The connection ends when
// the client closes it.
//
// Hostile or broken clients: a peer with another uid is closed at once; an
// undecodable request gets an INVALID_ARGUMENT response; an over-cap length
// prefix gets one and the connection is closed (the stream cannot be
// resynchronised); a connection idle for `idle_timeout` is closed. None of
// these affects other connections or the daemon.
//
// Thread-safety: everything runs on the io_context's one thread.
#pragma once

#include <chrono>
#include <memory>
#include <set>

#include "daemon/device.h"
#include "libsync/net/asio.h"

namespace mutual::daemon {

class ControlServer {
 public:
  // `device` must outlive the server.
  ControlServer(net::UnixAcceptor acceptor, Device& device,
                std::chrono::milliseconds idle_timeout = std::chrono::seconds(120));

  // Pairing commands (invite, invite wait, join) wait on the network, so
  // they are answered by `pairing` asynchronously; without it they fail.
  void set_pairing(class Pairing* pairing) { pairing_ = pairing; }
  // How many bytes of responses a watcher may fall behind (default 1 MiB).
  void set_watch_queue_bytes(size_t bytes) { watch_queue_bytes_ = bytes; }

  // Starts accepting on the acceptor's executor.
  void Start();
  // Closes the acceptor and every connection; their coroutines then end.
  void Stop();

 private:
  net::awaitable<void> AcceptLoop();
  net::awaitable<void> Serve(std::shared_ptr<net::UnixSocket> socket);
  // Encodes and writes one response; false when the connection broke.
  net::awaitable<bool> Send(net::UnixSocket& socket,
                            const wire::ControlResponse& response);
  // Writes one frame, giving up after idle_timeout; false when it failed.
  net::awaitable<bool> WriteFrame(net::UnixSocket& socket, const Bytes& frame);
  // Serves a watch request until the client or the daemon ends it.
  net::awaitable<void> ServeWatch(std::shared_ptr<net::UnixSocket> socket,
                                  wire::ControlRequest request);
  // Writes a watcher's queued frames until it overflows or the connection
  // breaks (control_watch.cpp).
  net::awaitable<void> DrainWatch(std::shared_ptr<net::UnixSocket> socket,
                                  std::shared_ptr<struct WatchQueue> queue,
                                  uint64_t request_id);

  net::UnixAcceptor acceptor_;
  Device& device_;
  std::chrono::milliseconds idle_timeout_;
  std::set<std::shared_ptr<net::UnixSocket>> connections_;
  bool stopped_ = false;
  class Pairing* pairing_ = nullptr;
  size_t watch_queue_bytes_ = 1 << 20;
  std::set<uint64_t> watches_;  // the device's watcher ids, ended by Stop()
};

}  // namespace mutual::daemon
