// Connecting to a peer address ("host:port", IPv6 hosts in brackets) with a
// timeout on resolving and connecting together.
//
// Thread-safety: a coroutine on the caller's executor.
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include "libsync/net/frame_stream.h"

namespace mutual::net {

// "host:port" → {host, port}. InvalidArgument when it is not that shape or
// the port is not 1-65535 (0 too when `allow_port_zero`: "any free port",
// for listening).
Result<std::pair<std::string, uint16_t>> ParseHostPort(const std::string& address,
                                                       bool allow_port_zero = false);

// Unavailable when the name does not resolve or nothing accepts in time.
awaitable<Result<TcpSocket>> ConnectTcp(std::string address,
                                        std::chrono::milliseconds timeout);

}  // namespace mutual::net
