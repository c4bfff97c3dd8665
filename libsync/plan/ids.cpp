#include "libsync/plan/ids.h"

#include "libsync/crypto/hash.h"
#include "libsync/util/leb128.h"

namespace mutual::plan {

std::string ShortId(std::string_view tag, uint64_t counter, const crdt::ActorId& actor) {
  ByteWriter w(tag.size() + 10 + actor.size());
  w.Raw(AsBytes(tag));
  w.Varint(counter);
  w.Raw(actor);
  return ToBase32(crypto::Blake2b256(w.bytes())).substr(0, kShortIdChars);
}

}  // namespace mutual::plan
