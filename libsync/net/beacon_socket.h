// BeaconSocket: the UDP socket of LAN discovery (DESIGN.md §5,
// doc/discovery.md). It sends one datagram to a list of targets and
// receives datagrams with their sender's address. It knows nothing of what
// the datagrams say (net/ does not include wire/; the daemon glues them).
//
// The socket is bound with SO_REUSEADDR, so several daemons on one machine
// can share the beacon port: a broadcast datagram reaches every socket
// bound to the port (a unicast one reaches only one of them). SO_BROADCAST
// is set so beacons may go to a broadcast address.
//
// Thread-safety: one coroutine receives and one sends at a time, on the
// socket's executor.
#pragma once

#include <string>
#include <vector>

#include "libsync/net/asio.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::net {

using UdpSocket = asio::ip::udp::socket;
using UdpEndpoint = asio::ip::udp::endpoint;

struct Datagram {
  Bytes bytes;
  UdpEndpoint from;
};

// "HOST:PORT" with a numeric IPv4 or IPv6 host (in brackets for IPv6):
// beacon addresses are never looked up by name. InvalidArgument otherwise,
// or when the port is 0 and !allow_port_zero.
Result<UdpEndpoint> ParseUdpEndpoint(const std::string& address,
                                     bool allow_port_zero = false);

// "1.2.3.4:5" / "[::1]:5", as ParseHostPort and ConnectTcp read them.
std::string EndpointString(const asio::ip::address& address, uint16_t port);

// 127.0.0.0/8 (including 127.255.255.255) or ::1 (and IPv4-mapped loopback).
bool IsLoopback(const asio::ip::address& address);

class BeaconSocket {
 public:
  // Opens a socket bound to `local` (port 0: any free port). IOError when
  // the address cannot be bound. `max_datagram` is the largest datagram
  // Receive() returns; REQUIRES max_datagram > 0.
  static Result<BeaconSocket> Open(asio::io_context& io, const UdpEndpoint& local,
                                   size_t max_datagram);

  BeaconSocket(BeaconSocket&&) = default;
  BeaconSocket& operator=(BeaconSocket&&) = default;

  // The bound port.
  uint16_t port() const;

  // Sends `datagram` to every target, in order; a failure for one target
  // does not stop the others. OK when every send went out, else the first
  // failure (IOError naming the target).
  awaitable<Status> SendTo(Bytes datagram, std::vector<UdpEndpoint> targets);

  // The next datagram of at most `max_datagram` bytes. Larger datagrams
  // (which the kernel would truncate) are dropped unseen, and so are empty
  // ones. IOError once the socket is closed.
  awaitable<Result<Datagram>> Receive();

  // Ends a pending Receive (it returns IOError). Idempotent.
  void Close();
  bool is_open() const { return socket_.is_open(); }

 private:
  BeaconSocket(UdpSocket socket, size_t max_datagram)
      : socket_(std::move(socket)), max_datagram_(max_datagram) {}

  UdpSocket socket_;
  size_t max_datagram_;
};

}  // namespace mutual::net
