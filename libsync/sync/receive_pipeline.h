// ReceivePipeline: turns envelopes from peers into applied changes, in
// exactly DESIGN.md §4's order, and seals this device's own changes.
//
//   size limit → decode → doc id → known author → signature   (screen.h)
//   → hash chain / fork check   (an envelope whose prev is not here waits)
//   → decrypt (key chosen by key_hint; an unknown epoch waits)
//   → decode change → wait for deps and judge validity at them (the
//     document does both) → apply, then append to the envelope log.
//
// Nothing is committed before every check passed, so an envelope is never
// half-applied; a repeated envelope is a no-op (kDuplicate). Each rejection
// carries a Status: PeerViolation means the sender passed on bytes no
// honest member could (drop that peer); FailedPrecondition / Unavailable
// mean the envelope is authentic but cannot be used here (an author frozen
// by a fork, a broken chain, full hold queues) and the peer is not to blame.
//
// Forks (envelope_log.h): on new fork evidence the author is frozen at the
// fork point and, if the pipeline was given a factory for empty documents,
// the document is rebuilt from the envelope log without the author's
// changes at or above it, so every replica ends in the same state whichever
// branch it saw first. Changes by others that depend on a frozen change
// stay pending (on every replica alike).
//
// The writer side: SealLocalChange() seals a change the document already
// committed. A device stops writing (writer_state() != kActive) when a peer
// holds more of its own log than it does — it was restored from a backup
// and must be re-paired as a new device — when its own log forked, or when
// one of its own changes is stuck behind a frozen change (doc/sync.md).
//
// Thread-safety: single-threaded; one owner (the replica or session).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "libsync/crdt/change.h"
#include "libsync/crypto/envelope.h"
#include "libsync/sync/envelope_log.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/screen.h"
#include "libsync/sync/sync_document.h"
#include "libsync/sync/version.h"

namespace mutual::sync {

enum class Disposition {
  kApplied,       // in the log; the change took effect
  kPendingDeps,   // in the log; the document holds it until its deps arrive
  kInvalid,       // in the log; judged invalid at its deps (masked)
  kVoid,          // in the log; its author was removed before it (masked)
  kDuplicate,     // already here: nothing changed
  kHeldForPrev,   // authentic, waiting for the author's previous envelope
  kHeldForKey,    // authentic, waiting for the key epoch its hint names
  kForkEvidence,  // a second envelope for a taken (author, seq): author frozen
  kRejected,      // see ReceiveResult::status
};
const char* DispositionName(Disposition d);
// kApplied, kPendingDeps, kInvalid or kVoid. REQUIRES: s != kUnknown.
Disposition FromChangeStatus(crdt::ChangeStatus s);

enum class WriterState {
  kActive,
  kOwnLogAheadOnPeer,  // restored from a backup: re-pair as a new device
  kForked,             // our own log forked: re-pair as a new device
  // One of our own changes depends on a change a fork froze, so it can
  // never apply; a new change would reuse its seq (a fork of our own).
  kBlockedByFork,
};
const char* WriterStateName(WriterState s);

struct PipelineConfig {
  crypto::DocId doc_id{};
  // Device keys accepted as authors besides those the document itself
  // knows (KnowsDevices); for a bare crdt::Document, the only source.
  std::set<PublicKey> allowed_authors;
  // This device, if it writes to the document.
  std::optional<PublicKey> local_author;
  // Bound on envelopes held for a prev or a key (memory a peer can pin).
  size_t max_held = 4096;
};

struct ReceiveResult {
  Disposition disposition = Disposition::kRejected;
  Status status;  // not OK exactly when kRejected
  PublicKey author{};
  uint64_t seq = 0;  // author and seq are zero when the header did not decode
  // Changes that took effect in the document because of this call: this
  // one, pending ones its arrival released, and released held envelopes.
  std::vector<crdt::ChangeId> applied;
  size_t released = 0;   // held envelopes accepted as a consequence
  bool rebuilt = false;  // the document was rebuilt after a fork
};

template <SyncDocument D>
class ReceivePipeline {
 public:
  using Factory = std::function<D()>;

  // `doc`, `log` and `keyring` must outlive the pipeline. `make_empty`
  // (may be empty) makes the document a rebuild starts from.
  ReceivePipeline(PipelineConfig config, D& doc, EnvelopeLog& log, const Keyring& keyring,
                  Factory make_empty)
      : config_(std::move(config)),
        doc_(doc),
        log_(log),
        keyring_(keyring),
        make_empty_(std::move(make_empty)) {}

  ReceivePipeline(const ReceivePipeline&) = delete;
  ReceivePipeline& operator=(const ReceivePipeline&) = delete;

  // Runs one envelope (as received) through the pipeline.
  ReceiveResult Receive(ByteView bytes) {
    Result<ScreenedEnvelope> screened = ScreenEnvelope(
        bytes, config_.doc_id, [this](const PublicKey& k) { return IsKnownAuthor(k); });
    if (!screened.ok()) return Rejected(screened.status(), nullptr);
    return Drain(Process(std::move(screened).value()));
  }

  // Runs an envelope this device stored earlier back in (loading after a
  // restart): the same checks as Receive, except that our own envelopes are
  // expected here and do not mean a peer holds a log we lost.
  ReceiveResult Restore(ByteView bytes) {
    restoring_ = true;
    ReceiveResult r = Receive(bytes);
    restoring_ = false;
    return r;
  }

  // Retries envelopes held for a key; call after the keyring gained an epoch.
  // Returns the results of those that moved on.
  std::vector<ReceiveResult> RetryHeldForKey() {
    std::vector<ScreenedEnvelope> held = std::move(held_for_key_);
    held_for_key_.clear();
    std::vector<ReceiveResult> out;
    for (ScreenedEnvelope& s : held) {
      ReceiveResult r = Drain(Process(std::move(s)));
      if (r.disposition != Disposition::kHeldForKey) out.push_back(std::move(r));
    }
    return out;
  }

  // Seals this device's `change`, whose encoding is `plaintext` (already
  // committed to the document), with the current key epoch and appends it
  // to the log. Returns the envelope bytes. FailedPrecondition when the
  // writer is stopped, change.seq is
  // not the next in our log, or there is no key; InvalidArgument when the
  // plaintext is too large for one envelope.
  // REQUIRES: signer.public_key() == *config.local_author.
  Result<Bytes> SealLocalChange(const crdt::Change& change, ByteView plaintext,
                                const crypto::SigningKey& signer);

  // Learns a peer's heads (its `Have`): a peer holding more of our own log
  // than we do stops our writer.
  void NotePeerHeads(const HeadVector& theirs) {
    if (config_.local_author &&
        theirs.Get(*config_.local_author).seq > log_.Head(*config_.local_author)) {
      own_log_ahead_ = true;
    }
  }

  WriterState writer_state() const {
    if (config_.local_author && log_.ForkPoint(*config_.local_author)) {
      return WriterState::kForked;
    }
    if (own_log_ahead_) return WriterState::kOwnLogAheadOnPeer;
    if constexpr (requires(const D& d, const PublicKey& k) {
                    { d.version().Get(k) } -> std::convertible_to<uint64_t>;
                  }) {
      if (config_.local_author &&
          doc_.version().Get(*config_.local_author) != log_.Head(*config_.local_author)) {
        return WriterState::kBlockedByFork;
      }
    }
    return WriterState::kActive;
  }
  size_t held_count() const { return held_for_prev_.size() + held_for_key_.size(); }
  bool IsKnownAuthor(const PublicKey& key) const {
    if (config_.allowed_authors.count(key) > 0) return true;
    if constexpr (KnowsDevices<D>) return doc_.IsKnownDevice(key);
    return false;
  }

 private:
  using HeldKey = std::pair<PublicKey, uint64_t>;

  static ReceiveResult Rejected(Status status, const ScreenedEnvelope* s) {
    ReceiveResult r;
    r.status = std::move(status);
    if (s) {
      r.author = s->header.author;
      r.seq = s->header.seq;
    }
    return r;
  }
  static ReceiveResult With(Disposition d, const ScreenedEnvelope& s) {
    ReceiveResult r;
    r.disposition = d;
    r.author = s.header.author;
    r.seq = s.header.seq;
    return r;
  }

  // Releases envelopes held for the prev that the last append supplied,
  // iteratively (a long reversed chain must not recurse).
  ReceiveResult Drain(ReceiveResult first) {
    while (!released_queue_.empty()) {
      HeldKey key = released_queue_.back();
      released_queue_.pop_back();
      auto range = held_for_prev_.equal_range(key);
      std::vector<ScreenedEnvelope> ready;
      for (auto it = range.first; it != range.second; ++it)
        ready.push_back(std::move(it->second));
      held_for_prev_.erase(range.first, range.second);
      for (ScreenedEnvelope& s : ready) {
        ReceiveResult r = Process(std::move(s));
        if (r.disposition != Disposition::kRejected &&
            r.disposition != Disposition::kDuplicate) {
          ++first.released;
        }
        first.applied.insert(first.applied.end(), r.applied.begin(), r.applied.end());
        first.rebuilt = first.rebuilt || r.rebuilt;
      }
    }
    return first;
  }

  ReceiveResult Process(ScreenedEnvelope s);
  ReceiveResult OpenAndApply(ScreenedEnvelope s);
  ReceiveResult Hold(ScreenedEnvelope s, Disposition why);
  ReceiveResult OnFork(ScreenedEnvelope s);
  // Decrypts and decodes a screened envelope's change.
  Result<crdt::Change> OpenChange(const ScreenedEnvelope& s, Bytes& plaintext) const;
  bool Rebuild();

  PipelineConfig config_;
  D& doc_;
  EnvelopeLog& log_;
  const Keyring& keyring_;
  Factory make_empty_;
  std::multimap<HeldKey, ScreenedEnvelope> held_for_prev_;
  std::vector<ScreenedEnvelope> held_for_key_;
  std::vector<HeldKey> released_queue_;
  bool own_log_ahead_ = false;
  bool restoring_ = false;
};

}  // namespace mutual::sync

#include "libsync/sync/receive_pipeline_impl.h"
