// Fuzzes DecodePlanOp, the parser of every consent and membership op inside
// a peer's change. Property: no crash; an accepted op re-encodes to exactly
// the same payload (one byte form per op).
#include <cstdlib>

#include "libsync/plan/ops.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint32_t kind = data[0] % (mutual::plan::kMaxOpKind + 2);
  mutual::ByteView payload(data + 1, size - 1);
  auto op = mutual::plan::DecodePlanOp(kind, payload);
  if (!op.ok()) return 0;
  if (static_cast<uint32_t>(op->kind) != kind) std::abort();
  if (mutual::plan::EncodePlanOp(*op) != mutual::Bytes(payload.begin(), payload.end())) {
    std::abort();
  }
  return 0;
}
