#include "libsync/sync/stored_plan.h"

#include <algorithm>

#include "libsync/crypto/envelope.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/plan_keys.h"

namespace mutual::sync {
namespace {

std::unique_ptr<StoredPlan::PlanReplica> NewReplica(const crypto::SigningKey& device,
                                                    const crypto::DocId& doc) {
  PipelineConfig config;
  config.doc_id = doc;
  const crdt::ActorId me = device.public_key();
  return std::make_unique<StoredPlan::PlanReplica>(
      device, std::move(config), plan::Plan(me), [me] { return plan::Plan(me); });
}

}  // namespace

Result<store::StoredEnvelope> StoredEnvelopeOf(ByteView bytes,
                                               store::EnvelopeState state) {
  MUTUAL_ASSIGN_OR_RETURN(crypto::Envelope env, crypto::DecodeEnvelope(bytes));
  MUTUAL_ASSIGN_OR_RETURN(crypto::EnvelopeHeader header,
                          crypto::DecodeEnvelopeHeader(env.header));
  store::StoredEnvelope out;
  out.doc_id = header.doc_id;
  out.author = header.author;
  out.seq = header.seq;
  out.prev = header.prev;
  out.hash = crypto::EnvelopeHash(env);
  out.state = state;
  out.bytes = ToBytes(bytes);
  return out;
}

StoredPlan::StoredPlan(store::Store& store, const crypto::DeviceSecrets& device,
                       const crypto::DocId& doc)
    : store_(store), device_(device.identity), delivery_(device.delivery), doc_(doc) {}

Result<std::unique_ptr<StoredPlan>> StoredPlan::Create(
    store::Store& store, const crypto::DeviceSecrets& device,
    std::string_view member_name, std::string_view title, std::string_view template_id,
    int64_t now_ms) {
  const crypto::DocId doc = crypto::NewDocId();
  const crypto::Hash32 epoch = InitialEpochId(doc);
  const crypto::DocKey key = crypto::DocKey::Generate();
  std::unique_ptr<StoredPlan> sp(new StoredPlan(store, device, doc));
  sp->replica_ = NewReplica(device.identity, doc);
  sp->replica_->AddKey(epoch, key);
  const Bytes record = crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(device));
  MUTUAL_ASSIGN_OR_RETURN(
      plan::Committed genesis,
      sp->mutable_plan().Create(title, template_id, member_name, record, now_ms));
  MUTUAL_ASSIGN_OR_RETURN(Bytes sealed,
                          sp->replica_->SealCommitted(genesis.change, genesis.encoded));
  MUTUAL_ASSIGN_OR_RETURN(store::StoredEnvelope row,
                          StoredEnvelopeOf(sealed, store::EnvelopeState::kApplied));

  MUTUAL_ASSIGN_OR_RETURN(store::Transaction txn, store.Begin());
  MUTUAL_RETURN_IF_ERROR(store.AddDoc(doc, title));
  MUTUAL_RETURN_IF_ERROR(store.PutDocKey(doc, epoch, key));
  MUTUAL_RETURN_IF_ERROR(store.PutEnvelope(row).status());
  MUTUAL_RETURN_IF_ERROR(txn.Commit());
  return sp;
}

Result<std::unique_ptr<StoredPlan>> StoredPlan::Load(store::Store& store,
                                                     const crypto::DeviceSecrets& device,
                                                     const crypto::DocId& doc,
                                                     int64_t now_ms) {
  std::unique_ptr<StoredPlan> sp(new StoredPlan(store, device, doc));
  MUTUAL_RETURN_IF_ERROR(sp->Rebuild());
  // A rotation due before the last stop (a leave received, then a crash)
  // is written now, before this device seals anything else.
  MUTUAL_RETURN_IF_ERROR(sp->UpkeepKeys(now_ms));
  return sp;
}

Status StoredPlan::Rebuild() {
  replica_.reset();
  std::unique_ptr<PlanReplica> replica = NewReplica(device_, doc_);
  MUTUAL_ASSIGN_OR_RETURN(std::vector<store::EpochKey> keys, store_.DocKeys(doc_));
  if (keys.empty()) return Status::Corruption("plan has no document key in the store");
  // Which epoch new envelopes use is the plan's to say (AdoptKeys below,
  // once the history is back).
  for (const store::EpochKey& k : keys) replica->keyring().Add(k.epoch_id, k.key);

  std::vector<store::StoredEnvelope> all;
  for (store::EnvelopeState s :
       {store::EnvelopeState::kApplied, store::EnvelopeState::kPending,
        store::EnvelopeState::kVoid}) {
    MUTUAL_ASSIGN_OR_RETURN(std::vector<store::StoredEnvelope> part,
                            store_.EnvelopesInState(doc_, s));
    for (auto& e : part) all.push_back(std::move(e));
  }
  // Each author's chain in seq order, so no envelope waits for its prev.
  // Authors must also come after the change that made them members (the
  // pipeline refuses unknown authors), which key order does not give: so
  // envelopes refused in one pass are retried in the next, as long as a
  // pass makes progress. What is still refused then was altered on disk.
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::tie(a.author, a.seq) < std::tie(b.author, b.seq);
  });
  std::vector<const store::StoredEnvelope*> remaining;
  for (const store::StoredEnvelope& e : all) remaining.push_back(&e);
  Status last;
  while (!remaining.empty()) {
    std::vector<const store::StoredEnvelope*> refused;
    for (const store::StoredEnvelope* e : remaining) {
      ReceiveResult r = replica->Restore(e->bytes);
      if (r.disposition == Disposition::kRejected) {
        refused.push_back(e);
        last = r.status;
      }
    }
    if (refused.size() == remaining.size()) {
      return Status::Corruption("a stored envelope (seq " +
                                std::to_string(remaining[0]->seq) +
                                ") of this plan no longer verifies: " + last.message());
    }
    remaining = std::move(refused);
  }
  // Fork evidence: the second envelope of each recorded fork freezes its
  // author again, exactly as when it first arrived.
  MUTUAL_ASSIGN_OR_RETURN(std::vector<store::ForkEvidence> forks,
                          store_.ForkEvidenceFor(doc_));
  for (const store::ForkEvidence& f : forks) (void)replica->Restore(f.bytes);
  replica_ = std::move(replica);
  return AdoptKeys();
}

UpkeepHooks StoredPlan::Hooks() {
  return {[this](const crypto::Hash32& epoch, const crypto::DocKey& key) {
            return store_.PutDocKey(doc_, epoch, key);
          },
          [this](const plan::Committed& c) { return PersistOne(c); }};
}

Status StoredPlan::AdoptKeys() {
  return sync::AdoptKeys(*replica_, doc_, delivery_, Hooks());
}

Status StoredPlan::UpkeepKeys(int64_t now_ms) {
  return sync::UpkeepKeys(*replica_, doc_, delivery_, now_ms, Hooks());
}

namespace {

store::EnvelopeState StateOf(Disposition d) {
  switch (d) {
    case Disposition::kApplied:
    case Disposition::kInvalid:
      return store::EnvelopeState::kApplied;
    case Disposition::kVoid:
      return store::EnvelopeState::kVoid;
    default:
      return store::EnvelopeState::kPending;
  }
}

}  // namespace

ReceiveResult StoredPlan::Receive(ByteView envelope, int64_t now_ms) {
  ReceiveResult r = replica_->Receive(envelope);
  if (r.disposition == Disposition::kRejected ||
      r.disposition == Disposition::kDuplicate) {
    return r;
  }
  Status st = [&]() -> Status {
    MUTUAL_ASSIGN_OR_RETURN(store::StoredEnvelope row,
                            StoredEnvelopeOf(envelope, StateOf(r.disposition)));
    Result<store::PutOutcome> put = store_.PutEnvelope(row);
    if (put.ok() || !put.status().IsAlreadyExists()) return put.status();
    // A different envelope at (author, seq): keep both as evidence.
    MUTUAL_ASSIGN_OR_RETURN(store::StoredEnvelope first,
                            store_.GetEnvelope(doc_, row.author, row.seq));
    return store_.RecordFork({doc_, first.author, first.seq, first.hash, first.bytes},
                             {doc_, row.author, row.seq, row.hash, row.bytes});
  }();
  if (st.ok()) {
    if (listener_) listener_(doc_, envelope);
    if (event_listener_) {
      Event event;
      event.applied = r.applied;
      if (r.disposition == Disposition::kForkEvidence) {
        event.forked = r.author;
        event.fork_seq = replica_->log().ForkPoint(r.author).value_or(r.seq);
      }
      if (!event.applied.empty() || event.forked) event_listener_(doc_, event);
    }
    // Only membership and key changes can make upkeep due. A failed upkeep
    // is tried again after the next such change or start; the envelope
    // itself is stored either way.
    const plan::Plan& p = plan();
    if (std::any_of(r.applied.begin(), r.applied.end(), [&](const crdt::ChangeId& id) {
          return plan::AffectsKeys(p.document().GetChange(id));
        })) {
      (void)UpkeepKeys(now_ms);
    }
    return r;
  }
  Status reload = Rebuild();
  r.disposition = Disposition::kRejected;
  r.status = Status::IOError("could not store an envelope: " +
                             (reload.ok() ? st : reload).message());
  return r;
}

Status StoredPlan::Persist(const plan::Committed& committed) {
  MUTUAL_RETURN_IF_ERROR(PersistOne(committed));
  // The change is durable: an upkeep failure (the disk filled up) must not
  // report it lost. Upkeep runs again after the next such change or start.
  if (plan::AffectsKeys(committed.change)) (void)UpkeepKeys(committed.change.time_ms);
  return Status::Ok();
}

Status StoredPlan::PersistOne(const plan::Committed& committed) {
  Bytes sealed;
  Status st = [&]() -> Status {
    MUTUAL_ASSIGN_OR_RETURN(sealed,
                            replica_->SealCommitted(committed.change, committed.encoded));
    MUTUAL_ASSIGN_OR_RETURN(store::StoredEnvelope row,
                            StoredEnvelopeOf(sealed, store::EnvelopeState::kApplied));
    return store_.PutEnvelope(row).status();
  }();
  if (st.ok()) {
    if (listener_) listener_(doc_, sealed);
    if (event_listener_) event_listener_(doc_, Event{{committed.change.id()}, {}, 0});
    return st;
  }
  Status reload = Rebuild();
  return reload.ok() ? st : reload;
}

}  // namespace mutual::sync
