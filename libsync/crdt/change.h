// Change: a batch of ops made by one device in one local transaction, and
// the deterministic binary encoding of its plaintext (doc/encoding.md,
// "Change plaintext").
//
// The author and seq are not part of the plaintext: they travel in the
// signed envelope header, and the decoder takes them as arguments. Actor
// references inside the change go through a small actor table whose entry 0
// is the author, so a typical one-character edit encodes in a few dozen
// bytes.
//
// Thread-safety: plain values; free functions.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "libsync/crdt/types.h"
#include "libsync/util/status.h"

namespace mutual::crdt {

enum class ObjType : uint8_t { kMap = 1, kList = 2, kText = 3 };

// A scalar value or the creation of a nested object (whose id is the id of
// the op that holds this value).
struct Null {
  bool operator==(const Null&) const = default;
};
struct MakeObject {
  ObjType type;
  bool operator==(const MakeObject&) const = default;
};
using Value = std::variant<Null, bool, int64_t, std::string, Bytes, MakeObject>;

// Sets `key` of map `obj`, superseding the register values named in `pred`
// (the values the writer saw). Concurrent sets both stay: a multi-value
// register. Uses one counter.
struct MapSet {
  OpId obj;
  std::string key;
  Value value;
  std::vector<OpId> pred;
};

// Clears the values named in `pred` from `key` of map `obj`. One counter.
struct MapDelete {
  OpId obj;
  std::string key;
  std::vector<OpId> pred;
};

// Inserts into a list or text `obj` between `origin_left` and
// `origin_right` (absent = start / end of the sequence; the elements that
// were immediately left and right of the insertion point when it was made).
// Text: `text` holds UTF-8 and each Unicode code point uses one counter, the
// i-th code point having id (op counter + i) and origin_left the previous
// code point. List: `values` each use one counter likewise.
struct SeqInsert {
  OpId obj;
  std::optional<OpId> origin_left;
  std::optional<OpId> origin_right;
  std::string text;
  std::vector<Value> values;
};

// Deletes `len` elements with ids (target.counter + i, target.actor),
// i < len, from list or text `obj`. Deleting an already-deleted element is a
// no-op. One counter.
struct SeqDelete {
  OpId obj;
  OpId target;
  uint64_t len = 1;
};

// An op the CRDT stores and orders but does not interpret: the plan's
// consent and membership ops. `kind` and `payload` belong to the plan layer.
// One counter.
struct DomainOp {
  uint32_t kind = 0;
  Bytes payload;
};

using Op = std::variant<MapSet, MapDelete, SeqInsert, SeqDelete, DomainOp>;

// Number of counters an op uses (see each op).
uint64_t OpWidth(const Op& op);

// A dependency: the change (actors[actor], seq).
struct Dep {
  uint32_t actor = 0;
  uint64_t seq = 0;
  bool operator==(const Dep&) const = default;
};

struct Change {
  // actors[0] is the author. Other entries: every other actor a dep or an
  // op id refers to, each once, in first-use order.
  std::vector<ActorId> actors;
  uint64_t seq = 0;
  uint64_t start_counter = 0;  // Lamport; > every counter in the causal past
  int64_t time_ms = 0;         // informational wall time, never used to order
  std::vector<Dep> deps;       // the heads this change was made on
  std::vector<Op> ops;

  const ActorId& author() const { return actors[0]; }
  ChangeId id() const { return {actors[0], seq}; }
  ChangeId DepId(const Dep& d) const { return {actors[d.actor], d.seq}; }
  // start_counter + the width of all ops - 1 (or start_counter - 1 if empty).
  uint64_t last_counter() const;
};

// Limits for decoding what peers send (plaintexts are <= 256 KiB anyway).
inline constexpr size_t kMaxChangeActors = 4096;
inline constexpr size_t kMaxChangeOps = 1 << 20;
inline constexpr size_t kMaxStringBytes = 256 * 1024;
// Counters and seqs stay below 2^48, so the codec's packed ids cannot
// overflow and a hostile change cannot exhaust the counter space.
inline constexpr uint64_t kMaxCounter = uint64_t{1} << 48;
inline constexpr uint64_t kMaxSeq = uint64_t{1} << 48;

// Encodes everything but author and seq (see header comment).
// REQUIRES: actors non-empty, every actor index in deps and ops in range.
Bytes EncodeChange(const Change& change);

// Decodes a plaintext written by EncodeChange. `author` becomes actors[0].
// Fails with Corruption on any malformed, out-of-range, non-canonical or
// trailing input, an actor index out of range, a duplicate actor entry,
// actors not listed in first-use order (deps, then ops), deps not sorted by
// author key (one per author), `start_counter` 0, counters or seqs at or
// above kMaxCounter / kMaxSeq, or a dep on the author's own seq >= `seq`.
Result<Change> DecodeChange(ByteView plaintext, const ActorId& author, uint64_t seq);

}  // namespace mutual::crdt
