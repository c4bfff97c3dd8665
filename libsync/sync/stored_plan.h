// StoredPlan: one plan as a device holds it — the in-memory replica
// (document, envelope log, keyring, receive pipeline) backed by the store,
// so that every change this device makes is durable before anyone is told
// it happened (DESIGN.md §7).
//
//   Create()   a new plan: key, genesis change and title land in one
//              SQLite transaction
//   Load()     rebuilds the replica from the stored keys and envelopes
//   Persist()  seals a change the plan just committed and stores its
//              envelope (synchronous=FULL); on failure the replica is
//              reloaded from the store, so memory never runs ahead of disk
//
// Key upkeep (plan_keys.h) runs after every load, stored change and
// received change: keys sealed to this device are opened and stored, new
// envelopes use the plan's writing epoch, and when a member has left (a
// former device holds that epoch) this device writes the rotation — before
// any later change of its own is sealed — or shares an epoch with devices
// that lack it.
//
// Thread-safety: single-threaded; the store must outlive the StoredPlan.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "libsync/crypto/device.h"
#include "libsync/plan/plan.h"
#include "libsync/store/store.h"
#include "libsync/sync/plan_keys.h"
#include "libsync/sync/replica.h"

namespace mutual::sync {

// The store's row for a sealed envelope (crypto::EncodeEnvelope output):
// its clear header fields, hash and bytes, in `state`. PeerViolation when
// the bytes are not an envelope.
Result<store::StoredEnvelope> StoredEnvelopeOf(ByteView sealed,
                                               store::EnvelopeState state);

class StoredPlan {
 public:
  using PlanReplica = Replica<plan::Plan>;

  // Creates a plan with this device's person as its only member.
  // InvalidArgument for a bad title or template; store errors otherwise
  // (nothing is stored then).
  static Result<std::unique_ptr<StoredPlan>> Create(store::Store& store,
                                                    const crypto::DeviceSecrets& device,
                                                    std::string_view member_name,
                                                    std::string_view title,
                                                    std::string_view template_id,
                                                    int64_t now_ms);

  // Loads the stored plan `doc`. Corruption when a stored envelope no longer
  // passes the pipeline (the store was altered); store errors otherwise.
  static Result<std::unique_ptr<StoredPlan>> Load(store::Store& store,
                                                  const crypto::DeviceSecrets& device,
                                                  const crypto::DocId& doc, int64_t now_ms);

  // Runs after an envelope is stored, local or received (for live push).
  using StoredListener = std::function<void(const crypto::DocId&, ByteView envelope)>;
  void set_listener(StoredListener listener) { listener_ = std::move(listener); }

  // What one stored envelope did to the plan, for those who follow its
  // changes as they happen (`mutual watch`).
  struct Event {
    // Changes judged because of it (applied, invalid or void), in the
    // order the document took them; empty when it only waits.
    std::vector<crdt::ChangeId> applied;
    // New fork evidence: this author is now frozen at `fork_seq`.
    std::optional<PublicKey> forked;
    uint64_t fork_seq = 0;
  };
  // Runs after the envelope is stored and the listener above has run.
  using EventListener = std::function<void(const crypto::DocId&, const Event&)>;
  void set_event_listener(EventListener listener) {
    event_listener_ = std::move(listener);
  }

  const crypto::DocId& id() const { return doc_; }
  const plan::Plan& plan() const { return replica_->doc(); }
  // For actions: each makes one committed change, which must then go
  // through Persist() before anything else touches the plan.
  plan::Plan& mutable_plan() { return replica_->doc(); }
  // Whether this device may still write to the plan (receive_pipeline.h).
  WriterState writer_state() const { return replica_->writer_state(); }
  // The envelope log: hash chains and fork evidence.
  const EnvelopeLog& log() const { return replica_->log(); }

  // Runs an envelope from a peer through the pipeline and stores it when
  // the pipeline kept it (applied, pending, held, invalid or void), or
  // records fork evidence. A store failure reloads the plan from the store
  // and is returned as the result's status (disposition kRejected, with an
  // IOError: the peer is not to blame). `now_ms` times any key upkeep
  // change it causes.
  ReceiveResult Receive(ByteView envelope, int64_t now_ms);
  HeadVector Heads() const { return replica_->Heads(); }
  Lack LackOf(const HeadVector& theirs) const { return replica_->LackOf(theirs); }
  void NotePeerHeads(const HeadVector& theirs) {
    replica_->pipeline().NotePeerHeads(theirs);
  }
  // The key new envelopes are sealed with (the current key epoch's);
  // nullptr when the plan has no key. Valid until the plan changes.
  const crypto::DocKey* CurrentKey() const {
    const Keyring::Epoch* e = replica_->keyring().Current();
    return e ? &e->key : nullptr;
  }

  // Seals `committed` and stores its envelope durably. On failure the
  // change is gone from memory too (the replica is reloaded) and the error
  // is returned; if even the reload fails, the plan is unusable until the
  // daemon restarts, and that error is returned.
  Status Persist(const plan::Committed& committed);

  // The key epoch new envelopes are sealed with.
  const crypto::Hash32* writing_epoch() const {
    const Keyring::Epoch* e = replica_->keyring().Current();
    return e ? &e->id : nullptr;
  }

 private:
  StoredPlan(store::Store& store, const crypto::DeviceSecrets& device,
             const crypto::DocId& doc);
  // Builds a fresh replica from the store's keys and envelopes.
  Status Rebuild();
  // Seals and stores one committed change (Persist without the upkeep).
  Status PersistOne(const plan::Committed& committed);
  // Key upkeep (plan_keys.h) with keys and changes kept in the store.
  UpkeepHooks Hooks();
  Status AdoptKeys();
  Status UpkeepKeys(int64_t now_ms);

  store::Store& store_;
  crypto::SigningKey device_;
  crypto::X25519KeyPair delivery_;
  crypto::DocId doc_;
  std::unique_ptr<PlanReplica> replica_;
  StoredListener listener_;
  EventListener event_listener_;
};

}  // namespace mutual::sync
