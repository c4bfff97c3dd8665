// Replica: one device's in-memory copy of one plan — the document, its
// envelope log, the keyring and the receive pipeline — for tests and the
// demo. Sessions and storage wrap the same pieces; nothing here does I/O.
//
//   Edit()      make a local change (crdt transactions) and seal it
//   Heads()     what we hold, as sent in `Have`
//   LackOf()    the envelopes a peer with those heads lacks, in send order
//   Receive()   run one envelope from a peer through the pipeline
//   Restore()   run one envelope from our own store back in (a restart)
//
// Thread-safety: single-threaded; not copyable or movable (the pipeline
// refers to the members).
#pragma once

#include <utility>

#include "libsync/crypto/signing.h"
#include "libsync/sync/receive_pipeline.h"

namespace mutual::sync {

template <SyncDocument D>
class Replica {
 public:
  // `config.local_author` is set to the device's key, which is also always
  // an allowed author. `make_empty` makes a fresh document (for rebuilds
  // after a fork); `doc` is the starting state.
  Replica(crypto::SigningKey device, PipelineConfig config, D doc,
          typename ReceivePipeline<D>::Factory make_empty)
      : device_(std::move(device)),
        doc_(std::move(doc)),
        pipeline_(WithDevice(std::move(config), device_.public_key()), doc_, log_,
                  keyring_, std::move(make_empty)) {}
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  const crypto::PublicKey& device() const { return device_.public_key(); }
  D& doc() { return doc_; }
  const D& doc() const { return doc_; }
  const EnvelopeLog& log() const { return log_; }
  ReceivePipeline<D>& pipeline() { return pipeline_; }
  WriterState writer_state() const { return pipeline_.writer_state(); }

  // Adds a key epoch (the first becomes current) and retries envelopes that
  // waited for it.
  std::vector<ReceiveResult> AddKey(const crypto::Hash32& epoch_id,
                                    const crypto::DocKey& key) {
    keyring_.Add(epoch_id, key);
    return pipeline_.RetryHeldForKey();
  }
  Keyring& keyring() { return keyring_; }
  const Keyring& keyring() const { return keyring_; }

  // Runs `edit(transaction)` as one local change, commits and seals it.
  // Returns the envelope to send. FailedPrecondition (and no change) when
  // the writer is stopped; the transaction's own failures otherwise.
  template <typename EditFn>
  requires HasTransactions<D> Result<Bytes> Edit(int64_t time_ms, EditFn&& edit) {
    if (writer_state() != WriterState::kActive) {
      return Status::FailedPrecondition(std::string("writer stopped: ") +
                                        WriterStateName(writer_state()));
    }
    if (keyring_.Current() == nullptr)
      return Status::FailedPrecondition("no document key");
    crdt::Document::Transaction txn = doc_.Begin(device_.public_key(), time_ms);
    edit(txn);
    MUTUAL_ASSIGN_OR_RETURN(crdt::Document::Transaction::Committed committed,
                            txn.Commit());
    return SealCommitted(committed.change, committed.encoded);
  }

  // Seals a change the document already committed by other means (e.g. a
  // plan edit).
  Result<Bytes> SealCommitted(const crdt::Change& change, ByteView encoded) {
    return pipeline_.SealLocalChange(change, encoded, device_);
  }

  HeadVector Heads() const { return HeadsOf(log_); }
  Lack LackOf(const HeadVector& theirs) const { return ComputeLack(log_, theirs); }
  ReceiveResult Receive(ByteView envelope) { return pipeline_.Receive(envelope); }
  // An envelope from this device's own store (ReceivePipeline::Restore).
  ReceiveResult Restore(ByteView envelope) { return pipeline_.Restore(envelope); }

 private:
  static PipelineConfig WithDevice(PipelineConfig config, const crypto::PublicKey& me) {
    config.local_author = me;
    config.allowed_authors.insert(me);
    return config;
  }

  crypto::SigningKey device_;
  D doc_;
  EnvelopeLog log_;
  Keyring keyring_;
  ReceivePipeline<D> pipeline_;
};

}  // namespace mutual::sync
