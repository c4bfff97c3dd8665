// Identifiers of the CRDT layer.
//
// An actor is a device, named by its 32-byte Ed25519 public key. Each actor's
// changes form a log numbered seq = 1, 2, 3, ...; `(author, seq)` names one
// change (the sync layer's receive pipeline guarantees that: forks never
// reach this layer).
//
// Op ids are Lamport timestamps `(counter, actor)`, totally ordered by
// counter, then by the actor's 32-byte key (bytewise). A change's ops take
// consecutive counters from the change's `start_counter`, which exceeds every
// counter in the change's causal past, so op-id order extends causal order.
//
// Inside a Document, actors are interned to a dense local index (ActorIndex)
// for speed. Local indexes differ between replicas and are never encoded or
// compared for ordering; ordering always uses the actor key.
//
// Thread-safety: plain values.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libsync/util/bytes.h"

namespace mutual::crdt {

using ActorId = FixedBytes<32>;
using ActorIndex = uint32_t;

// Identifies one change globally.
struct ChangeId {
  ActorId author{};
  uint64_t seq = 0;
  auto operator<=>(const ChangeId&) const = default;
};

// An op id inside a decoded Change: `actor` indexes the change's actor table
// (0 = the change's author). Inside a Document, `actor` is a local
// ActorIndex instead (see Document).
struct OpId {
  uint64_t counter = 0;
  uint32_t actor = 0;
  bool operator==(const OpId&) const = default;
};

// The root map's id: counter 0 never names a real op (counters start at 1).
inline constexpr OpId kRootObject{0, 0};

// Per-actor highest contiguous seq. Missing actor = 0.
class VersionVector {
 public:
  uint64_t Get(const ActorId& a) const {
    auto it = seqs_.find(a);
    return it == seqs_.end() ? 0 : it->second;
  }
  void Set(const ActorId& a, uint64_t seq) { seqs_[a] = seq; }
  // Includes change `c` (REQUIRES: seq is Get()+1 or already covered).
  bool Covers(const ChangeId& c) const { return Get(c.author) >= c.seq; }
  const std::map<ActorId, uint64_t>& entries() const { return seqs_; }
  bool operator==(const VersionVector&) const = default;

 private:
  std::map<ActorId, uint64_t> seqs_;
};

}  // namespace mutual::crdt

namespace mutual::crdt {

// Interns actor keys to dense local indexes. Indexes are assigned in
// first-seen order and are never reused. Ordering between actors (for op-id
// tie-breaks) is by key, via Less().
//
// Thread-safety: single-threaded, owned by one Document.
class ActorTable {
 public:
  ActorIndex Intern(const ActorId& id) {
    auto [it, inserted] = index_.try_emplace(id, static_cast<ActorIndex>(keys_.size()));
    if (inserted) keys_.push_back(id);
    return it->second;
  }
  std::optional<ActorIndex> Find(const ActorId& id) const {
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  // REQUIRES: i < size().
  const ActorId& Key(ActorIndex i) const { return keys_[i]; }
  size_t size() const { return keys_.size(); }
  // Actor order by key bytes.
  bool Less(ActorIndex a, ActorIndex b) const { return a != b && keys_[a] < keys_[b]; }
  // Total op-id order: counter, then actor key. Both ids use local indexes.
  bool OpLess(const OpId& a, const OpId& b) const {
    if (a.counter != b.counter) return a.counter < b.counter;
    return Less(a.actor, b.actor);
  }

 private:
  std::map<ActorId, ActorIndex> index_;
  std::vector<ActorId> keys_;
};

}  // namespace mutual::crdt
