// LAN discovery beacons (proto/discovery.proto, doc/discovery.md) in plain
// C++ types, with strict validation: the salt is exactly 16 bytes, every
// token exactly 32, 1..kMaxBeaconTokens tokens, ports 1..65535, channels
// 1..kMaxBeaconChannel, version 1; anything else is a PeerViolation. A
// beacon comes from anyone on the LAN: the decoder assumes a hostile sender.
//
// Thread-safety: values and pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::wire {

inline constexpr size_t kBeaconSaltBytes = 16;
inline constexpr size_t kBeaconTokenBytes = 32;
// Tokens per beacon; a device with more plans sends several beacons.
inline constexpr size_t kMaxBeaconTokens = 32;
// Equals crypto::kMaxPairingChannel (wire does not depend on crypto; the
// daemon checks the two agree).
inline constexpr uint32_t kMaxBeaconChannel = 999;
// One datagram: a full member beacon is ~1.1 KB, under the 1280-byte IPv6
// minimum MTU, so beacons are never fragmented.
inline constexpr size_t kMaxBeaconBytes = 1280;

enum class BeaconKind : uint8_t { kMember = 1, kInvite };

struct Beacon {
  BeaconKind kind = BeaconKind::kMember;
  uint16_t port = 0;                                  // both kinds
  FixedBytes<kBeaconSaltBytes> salt{};                // kMember
  std::vector<FixedBytes<kBeaconTokenBytes>> tokens;  // kMember
  uint16_t channel = 0;                               // kInvite
  bool operator==(const Beacon&) const = default;
};

// InvalidArgument when `b` breaks a rule (we must not send it).
Result<Bytes> EncodeBeacon(const Beacon& b);
// PeerViolation on anything malformed, oversized or of another version.
Result<Beacon> DecodeBeacon(ByteView datagram);

}  // namespace mutual::wire
