// Fuzzes Sequence::DecodeState (sequence snapshots are read back from disk,
// which a thief or a bug may have altered). Property: no crash, and an
// accepted state re-encodes to exactly the bytes it was decoded from.
#include <cstdlib>
#include <vector>

#include "libsync/crdt/sequence.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mutual::crdt;
  if (size == 0) return 0;
  static ActorTable* actors = [] {
    auto* t = new ActorTable();
    for (uint8_t i = 1; i <= 3; ++i) {
      ActorId id{};
      id[0] = i;
      t->Intern(id);
    }
    return t;
  }();
  const std::vector<ActorIndex> slots{0, 1, 2};
  const ObjType type = (data[0] & 1) ? ObjType::kText : ObjType::kList;
  mutual::ByteView in(data + 1, size - 1);
  mutual::ByteReader r(in);
  auto seq = Sequence::DecodeState(type, r, slots, actors);
  if (!seq.ok()) return 0;
  mutual::ByteWriter w;
  const std::vector<uint32_t> to_slot{0, 1, 2};
  seq->EncodeState(w, to_slot);
  if (w.bytes() != mutual::Bytes(in.begin(), in.begin() + r.position())) std::abort();
  return 0;
}
