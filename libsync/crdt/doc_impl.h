// Document::Impl: the private state of a Document, shared by the doc_*.cpp
// files (state and op application, remote apply, causality, transactions,
// snapshots). Not part of the public API.
//
// Layout choices, for the 259,778-edit trace: the log keeps every change's
// encoded bytes back to back in one buffer and a small fixed record per
// change (no per-change heap objects); decoded Changes are materialized only
// on demand (GetChange, rebuilds, StateAt).
//
// Thread-safety: as Document (single-threaded). Copies of a Document share
// one append-only ActorTable, so that Sequences (which keep a pointer to the
// table) stay valid in every copy; indexes never change once assigned.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "libsync/crdt/document.h"
#include "libsync/util/leb128.h"

namespace mutual::crdt {

// A change named by local actor index.
struct ChangeRef {
  ActorIndex actor = 0;
  uint64_t seq = 0;
  auto operator<=>(const ChangeRef&) const = default;
};

struct ChangeRec {
  uint64_t start_counter = 0;
  uint64_t last_counter = 0;  // start - 1 for a change without ops
  uint64_t enc_off = 0;
  uint32_t enc_len = 0;
  uint32_t deps_off = 0;
  uint32_t deps_n = 0;
  bool judged_valid = true;
  bool is_void = false;
  ChangeStatus status() const {
    return !judged_valid ? ChangeStatus::kInvalid
                         : is_void ? ChangeStatus::kVoid : ChangeStatus::kApplied;
  }
};

struct OpIdHash {
  size_t operator()(const OpId& id) const {
    return std::hash<uint64_t>()(id.counter * 0x9e3779b97f4a7c15ull ^ id.actor);
  }
};

struct RegEntry {
  OpId id;
  Value value;
};

struct Object {
  ObjType type = ObjType::kMap;
  OpId parent{};       // map or list holding it (the root: itself)
  std::string key;     // key in the parent map ("" in a list)
  std::map<std::string, std::vector<RegEntry>, std::less<>> entries;  // maps
  std::optional<Sequence> seq;                                        // list/text
};

struct DomainEntry {
  OpId id;
  ChangeRef change;
  uint32_t kind = 0;
  Bytes payload;
};

struct PendingChange {
  Change change;
  Bytes encoded;
};

struct Document::Impl {
  explicit Impl(const Policy* p);
  Impl(const Impl& other);  // everything but the transaction scratch
  ~Impl();

  const Policy* policy = nullptr;
  std::shared_ptr<ActorTable> actors;

  // ----- log and causal graph
  std::vector<std::vector<ChangeRec>> logs;  // by local actor, index seq - 1
  Bytes log_bytes;                           // encoded changes back to back
  std::vector<ChangeRef> dep_pool;           // ChangeRec::deps_off/deps_n
  std::vector<ChangeRef> order;              // application order (causal)
  mutable VersionVector version;  // rebuilt from `logs` when stale
  mutable bool version_stale = false;
  std::vector<ChangeRef> heads;  // sorted by (actor key, seq)
  uint64_t max_counter = 0;
  std::map<ChangeRef, std::string> reasons;  // invalid / void reasons
  std::map<ChangeRef, Bytes> notes;          // Verdict::note of valid changes
  std::map<ActorId, uint64_t> void_after;

  // ----- materialized state
  std::unordered_map<OpId, std::unique_ptr<Object>, OpIdHash> objects;
  std::vector<DomainEntry> domain;
  // Renewed (from a process-wide counter, so never reused by another
  // document) whenever Object pointers may die.
  uint64_t objects_epoch = NewEpoch();
  static uint64_t NewEpoch();

  // ----- pending changes, keyed by id; `waiting` maps a missing dep to the
  // changes waiting for it.
  std::map<ChangeId, PendingChange> pending;
  std::multimap<ChangeId, ChangeId> waiting;

  mutable std::map<ChangeRef, std::unique_ptr<Change>> decoded;  // GetChange cache
  bool txn_open = false;
  std::unique_ptr<Transaction::State> txn_state;  // reused between transactions
  // The last local author, to skip interning on every Begin.
  std::optional<std::pair<ActorId, ActorIndex>> last_author;

  // ----- helpers (doc_state.cpp)
  const ChangeRec* Rec(ChangeRef r) const {
    if (r.actor >= logs.size() || r.seq == 0 || r.seq > logs[r.actor].size()) return nullptr;
    return &logs[r.actor][r.seq - 1];
  }
  ChangeRec* MutRec(ChangeRef r) {
    return const_cast<ChangeRec*>(static_cast<const Impl*>(this)->Rec(r));
  }
  ChangeId IdOf(ChangeRef r) const { return {actors->Key(r.actor), r.seq}; }
  std::optional<ChangeRef> RefOf(const ChangeId& id) const;
  ByteView Encoded(ChangeRef r) const;
  std::span<const ChangeRef> DepsOf(ChangeRef r) const;
  // The change holding op `id` (local ids), if that op's change is applied.
  std::optional<ChangeRef> ChangeOfOp(OpId id) const;
  Object* Find(OpId id) const;
  void Reset();  // empty state: just the root map
  Object& MakeObj(OpId id, ObjType type, OpId parent, std::string_view key);
  // Appends to the log (no state change). `deps` in local refs.
  void Record(ChangeRef ref, const ChangeRec& base, ByteView encoded,
              std::span<const ChangeRef> deps);
  void SetHeadsAfter(ChangeRef added, std::span<const ChangeRef> deps);
  // Applies a decoded change's ops; `amap` maps change actor slots to local.
  // Validated input only. Masked: inserts as tombstones, the rest skipped.
  // Corruption when an op does not fit the state (the caller then rebuilds).
  Status ApplyOps(const Change& c, std::span<const ActorIndex> amap, bool masked,
                  ChangeRef ref);
  std::vector<ActorIndex> MapActors(const Change& c);
  // Replays the log from scratch with the recorded verdicts and void flags.
  void Rebuild();
  // Recomputes the void set from scratch (see doc_state.cpp), rebuilding
  // the state whenever it changes. Call when a valid change with domain
  // ops arrives.
  void RefreshVoid(const Document& owner);
  bool IsVoid(ChangeRef r) const;
  // Sets the void map and every change's void flag (no state change).
  void SetVoid(std::map<ActorId, uint64_t> next);
  Result<Change> Decode(ChangeRef r) const;

  // ----- remote apply (doc_apply.cpp)
  class Validator;
  // Validates, judges, applies and records a change whose deps are all
  // applied. Corruption leaves the document unchanged.
  Result<ChangeStatus> ApplyReady(Document& owner, const Change& c, ByteView encoded,
                                  std::string* reason);
  std::string ReasonOf(ChangeRef r) const;
  // Registers `c` as waiting for its first missing dep; false when none.
  bool WaitForDeps(const Change& c);

  // ----- snapshots (doc_snapshot.cpp); `slots` maps snapshot actor slots.
  Status LoadHistory(ByteReader& r, std::vector<ActorIndex>& slots);
  Status LoadState(ByteReader& r, const std::vector<ActorIndex>& slots);

  // ----- causality (doc_causal.cpp)
  // Highest seq per local actor in the causal past of `from` (inclusive).
  std::vector<uint64_t> ClockOf(std::span<const ChangeRef> from) const;
  bool DepsCoverHeads(std::span<const ChangeRef> deps) const;
  void SortRefs(std::vector<ChangeRef>& refs) const;
};

// The open transaction's scratch (doc_txn.cpp).
struct Document::Transaction::State {
  Document* doc = nullptr;
  Change change;
  ActorIndex author = 0;
  uint64_t next_counter = 0;
  std::vector<ActorIndex> slots;  // change actor slot -> local index
  std::vector<ChangeRef> deps;    // local refs, as in change.deps
  std::optional<Document> saved;  // the state before, when a policy judges
  bool open = false;
  // The last object edited: typing hits the same text object every time.
  OpId cached_id{~uint64_t{0}, 0};
  Object* cached = nullptr;
  const Document::Impl* cached_impl = nullptr;
  uint64_t cached_epoch = 0;

  Document::Impl& d() { return *doc->impl_; }

  // Change-local actor slot of a local actor, added on first use (which is
  // the order the codec requires).
  uint32_t Slot(ActorIndex a) {
    for (uint32_t i = 0; i < slots.size(); ++i) {
      if (slots[i] == a) return i;
    }
    slots.push_back(a);
    change.actors.push_back(d().actors->Key(a));
    return static_cast<uint32_t>(slots.size() - 1);
  }
  OpId ToChange(OpId id) {
    if (id.counter == 0) return kRootObject;
    return {id.counter, id.actor == author ? 0 : Slot(id.actor)};
  }
  std::optional<OpId> ToChange(const std::optional<OpId>& id) {
    if (!id) return std::nullopt;
    return ToChange(*id);
  }
  Object& Obj(OpId id) {
    if (id.counter == 0) id = kRootObject;
    const Document::Impl& impl = d();
    if (!(id == cached_id) || cached_impl != &impl || cached_epoch != impl.objects_epoch) {
      cached = impl.Find(id);
      cached_id = id;
      cached_impl = &impl;
      cached_epoch = impl.objects_epoch;
    }
    return *cached;
  }
  void Forget() { cached_id = {~uint64_t{0}, 0}; }
  void DeleteSpans(OpId obj, size_t pos, size_t len);
};

}  // namespace mutual::crdt
