// Fuzzes the strict LEB128 reader under everything else: reads a varint,
// then length-prefixed UTF-8 strings, until the input ends or is rejected.
// Property: no crash, and an accepted varint re-encodes to the bytes read.
#include <cstdlib>

#include "libsync/util/leb128.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mutual::ByteReader r(mutual::ByteView(data, size));
  size_t before = r.position();
  auto v = r.Varint();
  if (v.ok()) {
    mutual::ByteWriter w;
    w.Varint(*v);
    if (w.size() != r.position() - before) std::abort();
  }
  while (!r.empty()) {
    auto s = r.Utf8String(1024);
    if (!s.ok()) break;
    if (!mutual::IsValidUtf8(*s)) std::abort();
  }
  return 0;
}
