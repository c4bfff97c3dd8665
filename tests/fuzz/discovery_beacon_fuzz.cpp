// Fuzzes DecodeBeacon, the parser of every UDP datagram that reaches the
// discovery port from anyone on the LAN. Property: no crash; an accepted
// beacon re-encodes and decodes to an equal value, within the size cap.
#include <cstdlib>

#include "libsync/wire/discovery_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto b = mutual::wire::DecodeBeacon(mutual::ByteView(data, size));
  if (!b.ok()) return 0;
  auto again = mutual::wire::EncodeBeacon(*b);
  if (!again.ok() || again->size() > mutual::wire::kMaxBeaconBytes) std::abort();
  auto back = mutual::wire::DecodeBeacon(*again);
  if (!back.ok() || !(*back == *b)) std::abort();
  return 0;
}
