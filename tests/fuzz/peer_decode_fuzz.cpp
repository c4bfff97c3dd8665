// Fuzzes DecodePeerMessage, the parser of every sync message from another
// device. Property: no crash; an accepted message re-encodes and decodes to
// an equal value.
#include <cstdlib>

#include "libsync/wire/peer_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = mutual::wire::DecodePeerMessage(mutual::ByteView(data, size));
  if (!m.ok()) return 0;
  auto again = mutual::wire::EncodePeerMessage(*m);
  if (!again.ok()) std::abort();
  auto back = mutual::wire::DecodePeerMessage(*again);
  if (!back.ok() || !(*back == *m)) std::abort();
  return 0;
}
