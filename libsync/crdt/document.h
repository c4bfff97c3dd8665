// Document: a generic CRDT document (a root map holding maps, lists, text
// and multi-value registers) plus its change log and causal graph.
//
// Changes arrive from the local Transaction or from peers (already
// authenticated, decrypted and decoded by the sync layer). A change is
// applied once its deps are all present; until then it is held pending.
// Applying is idempotent and commutative for concurrent changes: every
// replica that holds the same set of changes has the same state.
//
// Validity. A Policy (supplied by the plan layer) judges each change on the
// document *as of the change's deps* (its causal past and nothing else), so
// every replica reaches the same verdict in any arrival order. The policy
// also names, from the domain ops, which actors' changes are void after a
// given seq (device removals). Invalid and void changes stay in the log and
// in the causal graph (later changes may depend on them), but their ops are
// *masked*: inserts are integrated as tombstones (so ids stay resolvable),
// every other op is skipped. When the void set changes, the state is
// recomputed from the log — which is why the log is kept.
//
// Ids. Op ids inside a Document (OpId.actor) use local ActorIndex values of
// actors(); ids in a Change use the change's own actor table. The Document
// translates.
//
// Thread-safety: single-threaded; one owner. Copies (including StateAt
// results and the copy a policy judges on) share the append-only actor
// table, so a document and its copies must stay on one thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libsync/crdt/change.h"
#include "libsync/crdt/sequence.h"
#include "libsync/crdt/types.h"
#include "libsync/util/status.h"

namespace mutual::crdt {

class Document;

// The policy's verdict on one change. `note` is opaque bytes the policy may
// attach to a valid change (e.g. the content an endorsement referred to);
// the document stores it with the change and hands it back in DomainRecord.
struct Verdict {
  bool valid = true;
  std::string reason;  // why invalid, for logs and `status`
  Bytes note;
};

class Policy {
 public:
  virtual ~Policy() = default;
  // REQUIRES: `at_deps` holds exactly the causal past of `change` (with the
  // verdicts of those changes), and `change.deps` are present in it.
  // Must be deterministic and depend only on its arguments.
  virtual Verdict Judge(const Document& at_deps, const Change& change) const = 0;
  // For each actor with a voiding rule, the last seq of that actor that
  // stands; its changes with a higher seq are void. Must be deterministic
  // and depend only on `doc`'s domain ops and their verdicts.
  virtual std::map<ActorId, uint64_t> VoidAfter(const Document& doc) const = 0;
};

enum class ChangeStatus {
  kUnknown,  // never seen
  kPending,  // waiting for deps
  kApplied,  // valid, ops in effect
  kInvalid,  // judged invalid: masked
  kVoid,     // its author was removed before it: masked
};

// One value of a multi-value register, with the op that wrote it.
struct RegisterValue {
  OpId id;  // local ids; for MakeObject values this is the object id
  Value value;
  ChangeId change;
};

// A domain op of a valid, non-void change.
struct DomainRecord {
  OpId id;          // local ids
  ChangeId change;  // the change holding it
  uint32_t kind = 0;
  Bytes payload;
  Bytes note;  // the change's Verdict::note
};

class Document {
 public:
  // `policy` may be null (no validity rules, nothing void). REQUIRES: the
  // policy outlives the document and every document made from it.
  explicit Document(const Policy* policy = nullptr);
  Document(const Document&);  // deep copy (same policy)
  Document& operator=(const Document&);
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  // ---------------------------------------------------------------- local
  // One local transaction: ops are applied as they are made (later ops and
  // reads see earlier ones). Commit() judges the change on the state before
  // the transaction; if invalid, the document is returned to that state.
  // REQUIRES: at most one open transaction; the document outlives it.
  class Transaction {
   public:
    Transaction(Transaction&&) noexcept;
    ~Transaction();  // aborts if neither committed nor aborted

    // Sets a register (superseding every current value). For a MakeObject
    // value, the returned id is the new object's id.
    OpId Set(OpId map, std::string_view key, Value value);
    // Removes every current value of `key` (no-op when there is none).
    void Delete(OpId map, std::string_view key);
    // REQUIRES: text object, pos <= length, valid UTF-8.
    void InsertText(OpId text, size_t pos, std::string_view utf8);
    // REQUIRES: pos + len <= length.
    void DeleteText(OpId text, size_t pos, size_t len);
    // Replaces the whole text with `utf8` by a minimal common-prefix/suffix
    // edit (what a form-based editor needs).
    void ReplaceText(OpId text, std::string_view utf8);
    // REQUIRES: list object, pos <= length. Returns the element id (the object
    // id for MakeObject).
    OpId InsertValue(OpId list, size_t pos, Value value);
    void DeleteValues(OpId list, size_t pos, size_t len);
    void Domain(uint32_t kind, Bytes payload);

    // The change made so far (actors, deps, counters filled in).
    const Change& change() const;

    struct Committed {
      Change change;
      Bytes encoded;  // EncodeChange(change)
    };
    // Empty transactions are not committed (FailedPrecondition). An invalid
    // change fails with PermissionDenied and the verdict's reason.
    Result<Committed> Commit();
    void Abort();

    // Opaque; the document owns it and reuses it for the next transaction
    // (the local path allocates as little as possible).
    struct State;

   private:
    friend class Document;
    explicit Transaction(State* state);
    State* s_ = nullptr;
  };

  // `time_ms` is informational. The change's seq is the author's next seq
  // in this document; deps are the current heads.
  Transaction Begin(const ActorId& author, int64_t time_ms);

  // --------------------------------------------------------------- remote
  struct ApplyOutcome {
    ChangeStatus status = ChangeStatus::kUnknown;  // of this change
    std::string reason;                            // when kInvalid
    // Every change that left the pending set because of this call
    // (including this one), in the order applied.
    std::vector<ChangeId> applied;
  };
  // Adds a change from a peer (or from storage). Known change: no-op, its
  // status. Missing deps: kPending. Fails with Corruption on input the
  // pipeline should have caught (a dep on an actor's seq that exceeds a
  // change by the same actor, a counter not above its deps' counters or
  // more than 2^32 past them, ops referring to ids unknown at the change's
  // deps or to objects of the wrong type, no dep on the author's previous
  // change); nothing is changed then. A pending change found malformed once
  // its deps arrive is dropped. `encoded` must be EncodeChange(change)
  // (Corruption otherwise) or empty (then it is computed).
  // FailedPrecondition while a local transaction is open.
  Result<ApplyOutcome> Apply(const Change& change, Bytes encoded);

  // ---------------------------------------------------------------- reads
  const ActorTable& actors() const;
  std::optional<ObjType> TypeOf(OpId obj) const;
  // Current register values of `key`, ordered by op id (empty = unset).
  std::vector<RegisterValue> Get(OpId map, std::string_view key) const;
  // Keys with at least one value, sorted.
  std::vector<std::string> Keys(OpId map) const;
  // REQUIRES (both): the object exists and has the right type.
  const Sequence& Seq(OpId seq_obj) const;
  std::string Text(OpId text) const;
  // Parent map and key of an object (nullopt for the root or unknown).
  std::optional<std::pair<OpId, std::string>> ParentOf(OpId obj) const;
  // Domain ops of valid, non-void applied changes, in op-id order.
  std::vector<DomainRecord> DomainOps() const;

  // ------------------------------------------------------------ causality
  // Per author, the highest applied seq (applied includes invalid and void).
  const VersionVector& version() const;
  std::vector<ChangeId> Heads() const;  // sorted
  ChangeStatus StatusOf(const ChangeId& id) const;
  std::string ReasonOf(const ChangeId& id) const;  // invalid/void reason
  // REQUIRES: both applied. True when `a` is in the strict causal past of `b`.
  bool HappenedBefore(const ChangeId& a, const ChangeId& b) const;
  // REQUIRES: applied. The change's deps as ChangeIds.
  std::vector<ChangeId> DepsOf(const ChangeId& id) const;
  // REQUIRES: applied. Decoded change (local ids translated back to a Change
  // with its own actor table, as it was encoded).
  const Change& GetChange(const ChangeId& id) const;
  // The change's encoded plaintext, a view into the log (valid until the
  // document is next modified).
  ByteView EncodedChange(const ChangeId& id) const;
  // Applied changes not covered by `have`, in an order where deps come
  // first (per author ascending seq).
  std::vector<ChangeId> Missing(const VersionVector& have) const;
  size_t PendingCount() const;
  // The changes held for missing deps (not yet judged), in id order.
  // Pointers stay valid until the document is next modified.
  std::vector<const Change*> PendingChanges() const;
  // The document holding exactly the causal past of `heads` (inclusive),
  // with the same verdicts; void rules recomputed within it.
  // REQUIRES: every head applied.
  Document StateAt(const std::vector<ChangeId>& heads) const;

  // ------------------------------------------------------------ snapshots
  // Compacted state + version vector + verdicts + the full encoded history
  // (doc/encoding.md, "Document snapshot"). Loading restores the state
  // without replaying; history stays available (GetChange, StateAt).
  Bytes Save() const;
  // Corruption on malformed input; nothing partially loaded.
  static Result<Document> Load(ByteView bytes, const Policy* policy);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mutual::crdt
