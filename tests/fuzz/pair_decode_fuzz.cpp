// Fuzzes DecodePairMessage, the parser of every pairing message from a
// device not yet trusted. Property: no crash; an accepted message
// re-encodes and decodes to an equal value.
#include <cstdlib>

#include "libsync/wire/pair_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = mutual::wire::DecodePairMessage(mutual::ByteView(data, size));
  if (!m.ok()) return 0;
  auto again = mutual::wire::EncodePairMessage(*m);
  if (!again.ok()) std::abort();
  auto back = mutual::wire::DecodePairMessage(*again);
  if (!back.ok() || !(*back == *m)) std::abort();
  return 0;
}
