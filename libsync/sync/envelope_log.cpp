#include "libsync/sync/envelope_log.h"

#include <cassert>

namespace mutual::sync {

namespace {
const std::vector<LoggedEnvelope> kEmptyChain;
}  // namespace

EnvelopeLog::Placement EnvelopeLog::Classify(const crypto::EnvelopeHeader& header,
                                             const Hash32& hash) const {
  const uint64_t head = Head(header.author);
  const uint64_t seq = header.seq;
  const std::optional<uint64_t> fork = ForkPoint(header.author);
  if (seq <= head) {
    if (At(header.author, seq)->hash == hash) return Placement::kDuplicate;
    if (IsEvidence(header.author, seq, hash)) return Placement::kDuplicate;
    // A further conflicting envelope above the fork point adds nothing: the
    // author is frozen there already.
    if (fork && seq >= *fork) return Placement::kFrozen;
    return Placement::kFork;
  }
  // The chain always reaches the fork point (its first branch is in it), so
  // seq > head implies seq > fork point.
  if (fork) return Placement::kFrozen;
  if (seq > head + 1) return Placement::kGap;
  if (header.prev != PrevFor(header.author)) return Placement::kChainMismatch;
  return Placement::kNext;
}

void EnvelopeLog::Append(const PublicKey& author, LoggedEnvelope envelope) {
  AuthorLog& log = authors_[author];
  assert(envelope.seq == log.chain.size() + 1);
  log.chain.push_back(std::move(envelope));
}

ForkEvidence& EnvelopeLog::RecordFork(const PublicKey& author, LoggedEnvelope second) {
  AuthorLog& log = authors_.at(author);
  const uint64_t seq = second.seq;
  assert(seq >= 1 && seq <= log.chain.size());
  if (!log.fork_point || seq < *log.fork_point) log.fork_point = seq;
  forks_.push_back(ForkEvidence{author, seq, log.chain[seq - 1], std::move(second), {}});
  return forks_.back();
}

uint64_t EnvelopeLog::Head(const PublicKey& author) const {
  auto it = authors_.find(author);
  return it == authors_.end() ? 0 : it->second.chain.size();
}

Hash32 EnvelopeLog::PrevFor(const PublicKey& author) const {
  auto it = authors_.find(author);
  if (it == authors_.end() || it->second.chain.empty()) return Hash32{};
  return it->second.chain.back().hash;
}

const LoggedEnvelope* EnvelopeLog::At(const PublicKey& author, uint64_t seq) const {
  auto it = authors_.find(author);
  if (it == authors_.end() || seq == 0 || seq > it->second.chain.size()) return nullptr;
  return &it->second.chain[seq - 1];
}

std::optional<uint64_t> EnvelopeLog::ForkPoint(const PublicKey& author) const {
  auto it = authors_.find(author);
  if (it == authors_.end()) return std::nullopt;
  return it->second.fork_point;
}

bool EnvelopeLog::Stands(const PublicKey& author, uint64_t seq) const {
  std::optional<uint64_t> fork = ForkPoint(author);
  return !fork || seq < *fork;
}

std::vector<PublicKey> EnvelopeLog::Authors() const {
  std::vector<PublicKey> out;
  for (const auto& [author, log] : authors_) out.push_back(author);
  return out;
}

const std::vector<LoggedEnvelope>& EnvelopeLog::Chain(const PublicKey& author) const {
  auto it = authors_.find(author);
  return it == authors_.end() ? kEmptyChain : it->second.chain;
}

std::vector<const ForkEvidence*> EnvelopeLog::ForksOf(const PublicKey& author) const {
  std::vector<const ForkEvidence*> out;
  for (const ForkEvidence& f : forks_) {
    if (f.author == author) out.push_back(&f);
  }
  return out;
}

bool EnvelopeLog::IsEvidence(const PublicKey& author, uint64_t seq,
                             const Hash32& hash) const {
  for (const ForkEvidence& f : forks_) {
    if (f.author == author && f.seq == seq &&
        (f.first.hash == hash || f.second.hash == hash)) {
      return true;
    }
  }
  return false;
}

}  // namespace mutual::sync
