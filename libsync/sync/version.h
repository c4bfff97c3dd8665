// HeadVector: what one replica holds of one plan, per author — the highest
// contiguous seq and its envelope hash (DESIGN.md §6 `Have`), plus the fork
// point when the author is known to have forked. Comparing hashes, not only
// seqs, shows a fork at once.
//
// ComputeLack: given a peer's HeadVector, which envelopes the peer lacks
// (per author the seqs after theirs, deps first), which authors disagree
// with us at the peer's seq (a fork: we send our envelope there as
// evidence), and where the peer is ahead of us.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "libsync/sync/envelope_log.h"

namespace mutual::sync {

struct AuthorHead {
  uint64_t seq = 0;       // highest contiguous seq that stands (0 = none)
  Hash32 hash{};          // EnvelopeHash at `seq` (zeros when seq == 0)
  uint64_t fork_seq = 0;  // the author's fork point (0 = no fork known)
  bool operator==(const AuthorHead&) const = default;
};

class HeadVector {
 public:
  AuthorHead Get(const PublicKey& author) const {
    auto it = heads_.find(author);
    return it == heads_.end() ? AuthorHead{} : it->second;
  }
  void Set(const PublicKey& author, const AuthorHead& head) { heads_[author] = head; }
  const std::map<PublicKey, AuthorHead>& entries() const { return heads_; }
  bool operator==(const HeadVector&) const = default;

 private:
  std::map<PublicKey, AuthorHead> heads_;
};

// This replica's heads. For a forked author, seq is the last one below the
// fork point (what stands) and fork_seq the fork point.
HeadVector HeadsOf(const EnvelopeLog& log);

struct OutgoingEnvelope {
  PublicKey author{};
  uint64_t seq = 0;
  Hash32 hash{};
  Bytes bytes;
};

// A hash mismatch at the peer's head: the author forked somewhere at or
// below `seq`.
struct ForkReport {
  PublicKey author{};
  uint64_t seq = 0;
  Hash32 ours{};
  Hash32 theirs{};
};

struct Lack {
  // What to stream: regular envelopes in causal order (by the changes'
  // Lamport counters, so per author in ascending seq), then fork evidence.
  std::vector<OutgoingEnvelope> send;
  std::vector<ForkReport> forks;
  // Authors of which the peer holds a higher seq than we do.
  std::vector<PublicKey> peer_ahead;
};

// What the holder of `theirs` lacks of `ours`. Never sends envelopes at or
// above a fork point except as evidence, and sends evidence only to a peer
// that does not report the same fork point.
Lack ComputeLack(const EnvelopeLog& ours, const HeadVector& theirs);

}  // namespace mutual::sync
