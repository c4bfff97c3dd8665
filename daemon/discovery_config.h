// How mutuald decides whether and where to run LAN discovery, from its
// flags, the MUTUAL_DISCOVERY environment variable and what the home
// remembers (doc/discovery.md, "Configuration").
//
//   --no-discovery                no UDP socket at all
//   --discovery-port [HOST:]PORT  where beacons are received (default
//                                 0.0.0.0:47471)
//   --discovery-to HOST:PORT,...  where beacons are sent (default the
//                                 limited broadcast 255.255.255.255 at PORT)
//
// Flags given are remembered in <home>/discovery (all three together, so
// one start's flags replace the last's); with no flag the remembered ones
// apply, so a daemon `mutual` starts later behaves the same.
//
// MUTUAL_DISCOVERY (read by mutuald, so it covers daemons `mutual` starts):
//   off       no discovery, whatever the flags or the home say
//   loopback  discovery only if it binds and sends on loopback addresses;
//             anything else (the default broadcast too) refuses to start
//   on, ""    the flags / the home decide
// The test suite sets `off` for every daemon, and `loopback` where it
// tests discovery: no test ever sends a datagram off loopback.
//
// Thread-safety: pure functions apart from reading and writing the file.
#pragma once

#include <optional>
#include <string>

#include "daemon/discovery.h"

namespace mutual::daemon {

struct DiscoveryFlags {
  bool off = false;
  std::optional<std::string> port;  // [HOST:]PORT
  std::optional<std::string> to;    // HOST:PORT[,HOST:PORT...]
  bool any() const { return off || port || to; }
};

struct DiscoveryPlan {
  std::optional<DiscoveryOptions> options;  // nullopt: discovery off
  // Asked for (by a flag or the home), so a socket that cannot be bound is
  // an error, not a quiet start without discovery.
  bool explicit_config = false;
};

// InvalidArgument for malformed flags, a remembered file or an unknown
// MUTUAL_DISCOVERY value; FailedPrecondition when MUTUAL_DISCOVERY=loopback
// and an address is not loopback; IOError when the file cannot be written.
// `env` is MUTUAL_DISCOVERY's value (nullptr when unset).
Result<DiscoveryPlan> ResolveDiscovery(const std::string& home,
                                       const DiscoveryFlags& flags, const char* env);

}  // namespace mutual::daemon
