#include "libsync/sync/version.h"

#include <algorithm>

namespace mutual::sync {

namespace {

OutgoingEnvelope Outgoing(const PublicKey& author, const LoggedEnvelope& e) {
  return OutgoingEnvelope{author, e.seq, e.hash, e.bytes};
}

// Adds the author's fork evidence unless the peer already reports it.
void AddEvidence(const EnvelopeLog& ours, const PublicKey& author,
                 const AuthorHead& theirs, Lack& lack) {
  std::optional<uint64_t> fork = ours.ForkPoint(author);
  if (!fork || theirs.fork_seq == *fork) return;
  for (const ForkEvidence* f : ours.ForksOf(author)) {
    lack.send.push_back(Outgoing(author, f->first));
    lack.send.push_back(Outgoing(author, f->second));
  }
}

}  // namespace

HeadVector HeadsOf(const EnvelopeLog& log) {
  HeadVector out;
  for (const PublicKey& author : log.Authors()) {
    AuthorHead head;
    head.seq = log.Head(author);
    if (std::optional<uint64_t> fork = log.ForkPoint(author)) {
      head.fork_seq = *fork;
      head.seq = *fork - 1;
    }
    if (head.seq > 0) head.hash = log.At(author, head.seq)->hash;
    out.Set(author, head);
  }
  return out;
}

Lack ComputeLack(const EnvelopeLog& ours, const HeadVector& theirs) {
  Lack lack;
  std::vector<std::pair<uint64_t, OutgoingEnvelope>> regular;  // (lamport, envelope)
  Lack evidence;
  for (const auto& [author, head] : theirs.entries()) {
    if (head.seq > ours.Head(author)) lack.peer_ahead.push_back(author);
  }
  for (const PublicKey& author : ours.Authors()) {
    const AuthorHead peer = theirs.Get(author);
    const uint64_t chain = ours.Head(author);
    if (peer.seq > 0 && peer.seq <= chain) {
      const LoggedEnvelope* mine = ours.At(author, peer.seq);
      if (mine->hash != peer.hash) {
        lack.forks.push_back(ForkReport{author, peer.seq, mine->hash, peer.hash});
        // Our envelope at their seq lets them see the fork themselves.
        evidence.send.push_back(Outgoing(author, *mine));
        AddEvidence(ours, author, peer, evidence);
        continue;
      }
    }
    uint64_t limit = chain;
    if (std::optional<uint64_t> fork = ours.ForkPoint(author)) limit = *fork - 1;
    if (peer.fork_seq > 0) limit = std::min(limit, peer.fork_seq - 1);
    for (uint64_t seq = peer.seq + 1; seq <= limit; ++seq) {
      const LoggedEnvelope* e = ours.At(author, seq);
      regular.emplace_back(e->lamport, Outgoing(author, *e));
    }
    AddEvidence(ours, author, peer, evidence);
  }
  // Causal order: a change's Lamport counter exceeds its whole causal past,
  // so deps (and the membership change that introduces a new device) go
  // before the changes that need them. Ties keep per-author seq order.
  std::stable_sort(regular.begin(), regular.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [lamport, e] : regular) lack.send.push_back(std::move(e));
  for (OutgoingEnvelope& e : evidence.send) lack.send.push_back(std::move(e));
  return lack;
}

}  // namespace mutual::sync
