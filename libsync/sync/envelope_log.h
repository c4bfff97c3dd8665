// EnvelopeLog: per author, the hash chain of envelopes this replica accepted
// for one plan, plus fork evidence. In memory and pure; store/ persists it.
//
// Each author's accepted envelopes form a chain seq = 1..Head(author), each
// one's `prev` the hash of the one before. The log is what makes an
// `(author, seq)` name exactly one change for the CRDT layer (DESIGN.md §3).
//
// Forks. Two different, validly signed envelopes with the same (author,
// seq) prove the device misbehaved or was restored from a backup. Both are
// kept as ForkEvidence, and the author is frozen at the lowest such seq (the
// fork point): its changes below the fork point stand, none at or above it
// does, whichever branch a replica saw first. Envelopes already in the chain
// at or above the fork point stay (they are exported as evidence only).
//
// Classify() never changes the log, so the pipeline can run every other
// check before it commits an envelope (nothing is half-accepted).
//
// Thread-safety: single-threaded; owned by one replica.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "libsync/crypto/envelope.h"
#include "libsync/util/bytes.h"

namespace mutual::sync {

using crypto::Hash32;
using crypto::PublicKey;

struct LoggedEnvelope {
  uint64_t seq = 0;
  Hash32 hash{};  // crypto::EnvelopeHash
  Bytes bytes;    // crypto::EncodeEnvelope form, exactly as received
  // The change's Lamport start counter (0 when unknown, e.g. evidence).
  // Larger than every counter in the change's causal past, so sorting by it
  // sends dependencies before the changes that need them.
  uint64_t lamport = 0;
};

struct ForkEvidence {
  PublicKey author{};
  uint64_t seq = 0;
  LoggedEnvelope first;   // the one already in this replica's chain
  LoggedEnvelope second;  // the conflicting one
  // Seqs >= the fork point whose changes had taken effect in the document
  // before the fork was seen (the pipeline voided them by rebuilding).
  std::vector<uint64_t> voided_after_apply;
};

class EnvelopeLog {
 public:
  enum class Placement {
    kNext,           // seq == Head+1 and prev matches: can be appended
    kDuplicate,      // this exact envelope is already here (chain or evidence)
    kFork,           // a different envelope holds this seq: fork evidence
    kGap,            // seq > Head+1: its prev is not here yet (hold it)
    kChainMismatch,  // seq == Head+1 but prev names another envelope
    kFrozen,         // the author is frozen at or below this seq
  };

  // Where an envelope with `header` and hash `hash` belongs. Pure.
  Placement Classify(const crypto::EnvelopeHeader& header, const Hash32& hash) const;

  // REQUIRES: Classify(...) == kNext for this envelope.
  void Append(const PublicKey& author, LoggedEnvelope envelope);
  // REQUIRES: Classify(...) == kFork for this envelope. Records the evidence
  // and lowers the author's fork point to its seq if that is lower.
  ForkEvidence& RecordFork(const PublicKey& author, LoggedEnvelope second);

  // Highest contiguous seq (0 = nothing from `author`).
  uint64_t Head(const PublicKey& author) const;
  // The hash a next envelope of `author` must carry as prev (zeros at seq 0).
  Hash32 PrevFor(const PublicKey& author) const;
  // The chain entry at `seq`, or nullptr.
  const LoggedEnvelope* At(const PublicKey& author, uint64_t seq) const;
  // The lowest forked seq of `author`, if any.
  std::optional<uint64_t> ForkPoint(const PublicKey& author) const;
  // False for seqs at or above the author's fork point.
  bool Stands(const PublicKey& author, uint64_t seq) const;

  std::vector<PublicKey> Authors() const;  // sorted
  const std::vector<LoggedEnvelope>& Chain(const PublicKey& author) const;
  // Every piece of fork evidence, in the order recorded.
  const std::vector<ForkEvidence>& forks() const { return forks_; }
  std::vector<const ForkEvidence*> ForksOf(const PublicKey& author) const;

 private:
  struct AuthorLog {
    std::vector<LoggedEnvelope> chain;  // chain[i].seq == i + 1
    std::optional<uint64_t> fork_point;
  };
  bool IsEvidence(const PublicKey& author, uint64_t seq, const Hash32& hash) const;

  std::map<PublicKey, AuthorLog> authors_;
  std::vector<ForkEvidence> forks_;
};

}  // namespace mutual::sync
