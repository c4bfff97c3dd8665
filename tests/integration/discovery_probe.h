// Loopback-only helpers for the discovery tests: free UDP ports, sending a
// datagram to 127.0.0.1, a TCP listener that notices being dialed, and the
// UDP sockets a process holds (from /proc).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "libsync/util/bytes.h"

namespace mutual::integration {

// A UDP port on 127.0.0.1 that was free a moment ago.
uint16_t FreeUdpPort();

// Sends one datagram to 127.0.0.1:`port` (never anywhere else).
void SendUdp(uint16_t port, const Bytes& datagram);

// A TCP listener on 127.0.0.1 at a free port.
class TcpProbe {
 public:
  TcpProbe();
  ~TcpProbe();
  TcpProbe(const TcpProbe&) = delete;
  TcpProbe& operator=(const TcpProbe&) = delete;
  uint16_t port() const { return port_; }
  // True when a connection was accepted (and closed) within `timeout_ms`.
  bool AcceptWithin(int timeout_ms);

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// The local ports of every UDP socket (IPv4 or IPv6) process `pid` has open.
std::vector<uint16_t> UdpPortsOf(pid_t pid);

}  // namespace mutual::integration
