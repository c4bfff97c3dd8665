// Fuzzes DecodeChange, the parser of every change plaintext a peer sends.
// Property: it never crashes, and whatever it accepts re-encodes to exactly
// the same bytes (the encoding is canonical, which hashes rely on).
#include <cstdlib>

#include "libsync/crdt/change.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mutual::crdt::ActorId author{};
  author[0] = 7;
  mutual::ByteView in(data, size);
  auto change = mutual::crdt::DecodeChange(in, author, 3);
  if (change.ok()) {
    mutual::Bytes again = mutual::crdt::EncodeChange(*change);
    if (again != mutual::Bytes(in.begin(), in.end())) std::abort();
  }
  return 0;
}
