// Keyring: the doc keys of one plan, one per key epoch, and which epoch new
// envelopes are sealed with.
//
// An envelope names its key only by a 4-byte hint (KeyHintOf(epoch id)), so
// several epochs may share a hint: ForHint() returns every candidate and the
// receive pipeline tries each. Concurrent rotations leave several epochs
// standing (DESIGN.md §4); all stay here so old envelopes remain readable.
//
// Thread-safety: single-threaded; owned by one replica.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/envelope.h"
#include "libsync/crypto/hash.h"

namespace mutual::sync {

// The id of a plan's first key epoch. Later epochs are named by the hash of
// the change that rotated the key in (DESIGN.md §4); the first key exists
// before any change (the genesis envelope is sealed with it), so its id is
// BLAKE2b-256("mutual/epoch0/v1" || doc id) instead (doc/decisions.md).
crypto::Hash32 InitialEpochId(const crypto::DocId& doc_id);

class Keyring {
 public:
  struct Epoch {
    crypto::Hash32 id{};  // the hash of the change that rotated the key in
    crypto::DocKey key;
  };

  // Adds (or replaces) the key of epoch `id`. The first epoch added becomes
  // the current one.
  void Add(const crypto::Hash32& id, const crypto::DocKey& key);
  // REQUIRES: `id` was added. New envelopes are sealed with this epoch.
  void SetCurrent(const crypto::Hash32& id);

  // The epoch new envelopes use; nullptr when the keyring is empty.
  const Epoch* Current() const;
  // The epoch `id`; nullptr when not held.
  const Epoch* Find(const crypto::Hash32& id) const;
  // Every epoch whose KeyHintOf(id) equals `hint` (usually zero or one).
  std::vector<const Epoch*> ForHint(const crypto::KeyHint& hint) const;
  size_t size() const { return epochs_.size(); }

 private:
  std::map<crypto::Hash32, Epoch> epochs_;
  std::optional<crypto::Hash32> current_;
};

}  // namespace mutual::sync
