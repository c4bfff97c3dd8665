// ControlServer: serves the control API on the home's Unix socket
// (doc/control-api.md). One coroutine per connection reads length-prefixed
// requests, has the Device answer each, and writes the response back.
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

  net::UnixAcceptor acceptor_;
  Device& device_;
  std::chrono::milliseconds idle_timeout_;
  std::set<std::shared_ptr<net::UnixSocket>> connections_;
  bool stopped_ = false;
  class Pairing* pairing_ = nullptr;
};

}  // namespace mutual::daemon
