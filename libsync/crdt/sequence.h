// Sequence: the list/text CRDT. Elements live in run-length encoded runs
// (consecutive ids of one actor, inserted as one chain, same deletion state),
// deleted elements stay as tombstones so concurrent inserts can still be
// placed, and concurrent inserts at one position are ordered by the
// YjsMod / FugueMax rule (origin_left, origin_right, then actor key), which
// never interleaves two concurrent runs in either direction.
//
// Positions are visible positions: deleted elements are skipped. A text
// element is one Unicode code point; a list element is one Value.
//
// Ids are OpIds with *local* actor indexes of the owning Document's
// ActorTable (see types.h); the table orders actors for tie-breaks.
//
// Performance contract (the benchmarks issue replays 259,778 single-char
// edits): a local insert or delete near the previous one is O(1) amortized
// (cursor cache), otherwise a walk over cached block totals (one cheap step
// per block of up to 32 runs) plus one block; id lookups are O(log n) plus
// one block. Typing a word grows one run instead of adding runs.
//
// Thread-safety: single-threaded, owned by one Document. Even const reads
// are not safe to run concurrently (lookups update a cached hint).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libsync/crdt/change.h"
#include "libsync/crdt/types.h"
#include "libsync/util/leb128.h"
#include "libsync/util/status.h"

namespace mutual::crdt {

struct InsertOrigins {
  std::optional<OpId> left;   // element immediately left (visible), if any
  std::optional<OpId> right;  // element (maybe a tombstone) right after `left`
};

// A deleted id range: ids (start.counter + i, start.actor), i < len.
struct IdSpan {
  OpId start;
  uint64_t len = 0;
};

class Sequence {
 public:
  // `actors` orders actor indexes; REQUIRES: it outlives the sequence.
  Sequence(ObjType type, const ActorTable* actors);

  ObjType type() const { return type_; }
  // Number of visible elements.
  size_t size() const;

  // --- local edits (this replica's own ops) ---
  // Inserts `utf8` (REQUIRES: valid UTF-8, non-empty; text only) at visible
  // `pos` (REQUIRES: pos <= size()); the i-th code point gets id
  // (first.counter + i, first.actor). Returns the origins to encode.
  InsertOrigins LocalInsertText(size_t pos, std::string_view utf8, OpId first);
  // List counterpart: the i-th value gets id (first.counter + i, first.actor).
  InsertOrigins LocalInsertValues(size_t pos, std::vector<Value> values, OpId first);
  // Deletes visible [pos, pos + len) (REQUIRES: pos + len <= size()).
  // Returns the deleted id ranges, in document order, to encode as SeqDelete.
  std::vector<IdSpan> LocalDelete(size_t pos, size_t len);

  // --- remote ops (any replica's, in any causal order) ---
  // Integrates an insert whose origins are present. Returns Corruption if
  // an origin id is unknown or the first id is already present (the
  // Document applies each change once, so that means bad input).
  // `tombstone` inserts the elements already deleted (masked changes).
  Status IntegrateText(std::optional<OpId> origin_left, std::optional<OpId> origin_right,
                       std::string_view utf8, OpId first, bool tombstone = false);
  Status IntegrateValues(std::optional<OpId> origin_left,
                         std::optional<OpId> origin_right, std::vector<Value> values,
                         OpId first, bool tombstone = false);
  // Marks the ids of `span` deleted; ids not present or already deleted are
  // skipped.
  void Delete(IdSpan span);

  // --- reads ---
  // Text (UTF-8) of the visible elements. REQUIRES: text.
  std::string Text() const;
  // Visible values with their ids. REQUIRES: list.
  std::vector<std::pair<OpId, Value>> Values() const;
  // Visible position of `id`, or nullopt when absent or deleted.
  std::optional<size_t> PositionOf(OpId id) const;
  // True when the element exists (deleted or not).
  bool Contains(OpId id) const;
  // Number of runs (visible and tombstone), for tests and benchmarks.
  size_t RunCount() const;

  // --- snapshots (doc/encoding-sequence.md) ---
  // Appends the full state (runs with ids, origins, deletion, content).
  // Actor indexes are written through `actor_to_slot` (local index → slot in
  // the snapshot's actor table).
  void EncodeState(ByteWriter& w, std::span<const uint32_t> actor_to_slot) const;
  // Reads what EncodeState wrote; `slot_to_actor` maps back. Corruption on
  // malformed input.
  static Result<Sequence> DecodeState(ObjType type, ByteReader& r,
                                      std::span<const ActorIndex> slot_to_actor,
                                      const ActorTable* actors);

 private:
  // Private representation (sequence.cpp). Runs live in blocks of at most
  // kMaxRunsPerBlock runs, each block caching its visible length; blocks are
  // allocated in a pool (stable ids, which the id index stores) and ordered
  // by `order_`. Run content lives in append-only arenas (text_, values_);
  // tombstones drop their content. Everything is index based, so the
  // implicit copy and move are deep and correct.
  static constexpr uint32_t kNoActor = UINT32_MAX;

  struct Run {
    uint64_t counter = 0;        // id counter of the first element
    uint64_t left_counter = 0;   // origin_left of the first element
    uint64_t right_counter = 0;  // origin_right of every element
    uint64_t content = 0;        // offset into text_ (bytes) or values_
    uint32_t actor = 0;
    uint32_t left_actor = kNoActor;   // kNoActor: no origin_left
    uint32_t right_actor = kNoActor;  // kNoActor: no origin_right
    uint32_t len = 0;                 // elements
    uint32_t bytes = 0;               // UTF-8 bytes (live text runs only)
    bool deleted = false;
  };
  struct Block {
    std::vector<Run> runs;
    uint64_t visible = 0;  // visible elements in `runs`
    uint32_t ord = 0;      // position in order_
  };
  // An element (or, as a gap, the place right before it): block position in
  // order_, run index, offset in the run. b == order_.size() means the end.
  struct Loc {
    uint32_t b = 0;
    uint32_t r = 0;
    uint32_t k = 0;
    auto operator<=>(const Loc&) const = default;
  };
  // A located visible element plus the visible positions where its block
  // and run start.
  struct VisLoc {
    Loc loc;
    uint64_t block_start = 0;
    uint64_t run_start = 0;
  };
  // A counter range [start, end) of one actor living in block `block` (pool id).
  struct IndexEntry {
    uint64_t start = 0;
    uint64_t end = 0;
    uint32_t block = 0;
  };
  // Last located run: lets an edit next to the previous one skip the search.
  struct Cursor {
    bool valid = false;
    uint32_t b = 0;
    uint32_t r = 0;
    uint64_t block_start = 0;
    uint64_t run_start = 0;
  };

  Block& Blk(uint32_t b) { return blocks_[order_[b]]; }
  const Block& Blk(uint32_t b) const { return blocks_[order_[b]]; }
  const Run& RunAt(Loc l) const { return Blk(l.b).runs[l.r]; }
  Loc End() const { return Loc{static_cast<uint32_t>(order_.size()), 0, 0}; }
  Loc Begin() const { return order_.empty() ? End() : Loc{}; }
  bool IsEnd(Loc l) const { return l.b == order_.size(); }
  Loc NextRun(Loc l) const;
  Loc NextElement(Loc l) const;
  OpId IdAt(Loc l) const;
  VisLoc LocateVisible(uint64_t pos);
  std::optional<Loc> Find(OpId id) const;
  std::optional<uint32_t> IndexLookup(uint32_t actor, uint64_t counter) const;
  bool IndexOverlaps(uint32_t actor, uint64_t start, uint64_t end) const;
  void IndexAdd(uint32_t actor, uint64_t start, uint64_t end, uint32_t block);
  void IndexMove(uint32_t actor, uint64_t start, uint64_t end, uint32_t block);
  uint64_t ByteOffset(const Run& run, uint32_t k) const;
  void SplitRun(uint32_t b, uint32_t r, uint32_t k);
  bool Mergeable(const Run& a, const Run& b) const;
  void MaybeSplitBlock(uint32_t b);
  Loc FindGap(std::optional<Loc> left, std::optional<Loc> right, OpId first) const;
  Loc Place(Loc gap, Run run, std::string_view utf8, std::vector<Value>* values);
  InsertOrigins LocalInsert(size_t pos, Run run, std::string_view utf8,
                            std::vector<Value>* values);
  Status Integrate(std::optional<OpId> left, std::optional<OpId> right, Run run,
                   std::string_view utf8, std::vector<Value>* values);
  uint32_t DeleteAt(Loc at, uint64_t max_len, uint32_t* run_index);
  Status BuildIndex();
  Status CheckOrigins() const;

  ObjType type_;
  const ActorTable* actors_;
  std::vector<Block> blocks_;                   // pool, by block id
  std::vector<uint32_t> order_;                 // block ids in document order
  std::vector<std::vector<IndexEntry>> index_;  // by actor, sorted by start
  std::string text_;                            // text content arena
  std::vector<Value> values_;                   // list content arena
  uint64_t visible_ = 0;
  Cursor cursor_;
  mutable Loc find_hint_;  // last run Find hit (may be stale; checked)
};

}  // namespace mutual::crdt
