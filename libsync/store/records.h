// The values the Store reads and writes (DESIGN.md §4, §7).
//
// Envelopes and snapshots are opaque bytes to the store: it never decodes
// them, and it does not depend on the crdt layer's formats. The caller (the
// receive pipeline) has already checked an envelope's signature and hash
// before storing it.
//
// Thread-safety: values.
#pragma once

#include <cstdint>
#include <string>

#include "libsync/crypto/device.h"
#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/envelope.h"
#include "libsync/crypto/hash.h"
#include "libsync/util/bytes.h"

namespace mutual::store {

using crypto::DocId;
using crypto::Hash32;
using crypto::PublicKey;

// What became of a stored envelope.
enum class EnvelopeState {
  kApplied,  // in the document
  kPending,  // waiting for its deps (or for a key)
  kVoid,     // invalid at its deps, or from a removed/frozen device: kept for
             // the hash chain and history, never applied
};
const char* EnvelopeStateName(EnvelopeState state);

struct StoredEnvelope {
  DocId doc_id{};
  PublicKey author{};
  uint64_t seq = 0;  // >= 1
  Hash32 hash{};     // crypto::EnvelopeHash of the envelope
  Hash32 prev{};     // from the header: the author's seq-1 hash (zeros for seq 1)
  EnvelopeState state = EnvelopeState::kPending;
  Bytes bytes;  // crypto::EncodeEnvelope output

  bool operator==(const StoredEnvelope&) const = default;
};

// How PutEnvelope ended when it did not fail.
enum class PutOutcome {
  kInserted,
  kDuplicate,  // the same envelope (same hash) was already stored: no change
};

// Highest contiguous seq (from 1) held for an author, and that envelope's
// hash — what the sync `Have` message announces.
struct AuthorHead {
  PublicKey author{};
  uint64_t seq = 0;
  Hash32 hash{};

  bool operator==(const AuthorHead&) const = default;
};

// One of two or more different envelopes seen for one (doc, author, seq).
struct ForkEvidence {
  DocId doc_id{};
  PublicKey author{};
  uint64_t seq = 0;
  Hash32 hash{};
  Bytes bytes;

  bool operator==(const ForkEvidence&) const = default;
};

// The device's own keys and the name its person gave at `init`.
struct Identity {
  crypto::DeviceSecrets secrets;
  std::string name;
};

// A plan's document key for one key epoch.
struct EpochKey {
  Hash32 epoch_id{};
  crypto::KeyHint key_hint{};  // crypto::KeyHintOf(epoch_id)
  crypto::DocKey key;
};

// A known peer device.
struct PeerInfo {
  crypto::DeviceRecord device;
  std::string label;  // free text (e.g. the member's name), may be empty
};

// When a peer device was last seen and whether its person verified it.
struct PeerSeen {
  // The start or end of its last authenticated session (0 = never).
  int64_t last_seen_ms = 0;
  // When the person confirmed in person that the safety numbers match
  // (`mutual verify --confirm`); 0 = not verified.
  int64_t verified_ms = 0;

  bool operator==(const PeerSeen&) const = default;
};

// A compacted document state and the version (vector) it covers; both
// encoded by the crdt layer.
struct Snapshot {
  Bytes version;
  Bytes state;
};

}  // namespace mutual::store
