// The content hash of an item: BLAKE2b-256 over a canonical encoding of its
// kind, `about` and fields (doc/consent.md, "Content hash"). Endorsements
// and acknowledgements name this hash, so any edit changes what counts as
// agreed, and reverting to an earlier wording reproduces its hash.
//
// For a debrief only the shared parts (`happened`, `we_change`) are hashed:
// each member's own part is own-mode and is not agreed on.
//
// Thread-safety: pure functions on values.
#pragma once

#include <string>
#include <vector>

#include "libsync/crypto/hash.h"
#include "libsync/util/bytes.h"

namespace mutual::plan {

using ContentHash = crypto::Hash32;

// One field as hashed: its canonical dotted path and its values. A text
// field or a settled scalar has one value; a conflicted scalar has every
// value, in op-id order (the same order on every replica).
struct ContentField {
  std::string path;
  std::vector<std::string> values;
};

// What the hash covers. `about` is empty when the item is about "us".
struct Content {
  std::string kind;
  std::vector<std::string> about;
  std::vector<ContentField> fields;
};

// The canonical bytes (doc/consent.md): about sorted, fields sorted by path,
// fields whose values are all empty dropped (an empty field and an absent
// field are the same content), fields the kind excludes from the hash
// (a debrief's per_member parts) dropped.
Bytes EncodeContent(const Content& content);

// BLAKE2b-256 of EncodeContent(content).
ContentHash HashContent(const Content& content);

}  // namespace mutual::plan
