#include "libsync/sync/envelope_log.h"

#include "tests/sync/sync_test_helpers.h"

namespace mutual::sync {
namespace {

using testing::HashOf;
using testing::HeaderOf;
using testing::SetKey;
using testing::TestPlan;

// Three envelopes of one author, made by a real replica.
struct Chain3 {
  TestPlan plan{2};
  std::unique_ptr<testing::TestReplica> a = plan.MakeReplica(0);
  Bytes e1 = SetKey(*a, "k", int64_t{1});
  Bytes e2 = SetKey(*a, "k", int64_t{2});
  Bytes e3 = SetKey(*a, "k", int64_t{3});
};

void Accept(EnvelopeLog& log, const Bytes& e) {
  crypto::EnvelopeHeader h = HeaderOf(e);
  REQUIRE(log.Classify(h, HashOf(e)) == EnvelopeLog::Placement::kNext);
  log.Append(h.author, LoggedEnvelope{h.seq, HashOf(e), e});
}

TEST_CASE("FirstEnvelopeOfAnAuthorIsNext") {
  testing::RequireSodium();
  Chain3 c;
  EnvelopeLog log;
  CHECK(log.Classify(HeaderOf(c.e1), HashOf(c.e1)) == EnvelopeLog::Placement::kNext);
  CHECK(log.Head(c.a->device()) == 0);
}

TEST_CASE("EnvelopeBeyondTheHeadIsAGap") {
  testing::RequireSodium();
  Chain3 c;
  EnvelopeLog log;
  CHECK(log.Classify(HeaderOf(c.e2), HashOf(c.e2)) == EnvelopeLog::Placement::kGap);
  Accept(log, c.e1);
  CHECK(log.Classify(HeaderOf(c.e3), HashOf(c.e3)) == EnvelopeLog::Placement::kGap);
}

TEST_CASE("AppendedChainAdvancesHeadAndPrev") {
  testing::RequireSodium();
  Chain3 c;
  EnvelopeLog log;
  Accept(log, c.e1);
  Accept(log, c.e2);
  CHECK(log.Head(c.a->device()) == 2);
  CHECK(log.PrevFor(c.a->device()) == HashOf(c.e2));
  CHECK(log.At(c.a->device(), 1)->bytes == c.e1);
  CHECK(log.At(c.a->device(), 3) == nullptr);
}

TEST_CASE("SameEnvelopeAgainIsDuplicate") {
  testing::RequireSodium();
  Chain3 c;
  EnvelopeLog log;
  Accept(log, c.e1);
  CHECK(log.Classify(HeaderOf(c.e1), HashOf(c.e1)) == EnvelopeLog::Placement::kDuplicate);
}

TEST_CASE("PrevNamingAnotherEnvelopeIsChainMismatch") {
  testing::RequireSodium();
  Chain3 c;
  EnvelopeLog log;
  Accept(log, c.e1);
  crypto::EnvelopeHeader h = HeaderOf(c.e2);
  h.prev[0] ^= 1;
  CHECK(log.Classify(h, HashOf(c.e2)) == EnvelopeLog::Placement::kChainMismatch);
}

TEST_CASE("DifferentEnvelopeAtTakenSeqIsForkAndFreezesTheAuthor") {
  testing::RequireSodium();
  Chain3 c;
  EnvelopeLog log;
  Accept(log, c.e1);
  Accept(log, c.e2);
  crypto::EnvelopeHeader h = HeaderOf(c.e2);
  crypto::Hash32 other = HashOf(c.e3);  // any other hash at seq 2
  REQUIRE(log.Classify(h, other) == EnvelopeLog::Placement::kFork);
  log.RecordFork(h.author, LoggedEnvelope{2, other, c.e3});
  CHECK(log.ForkPoint(h.author) == 2u);
  CHECK(log.Stands(h.author, 1));
  CHECK_FALSE(log.Stands(h.author, 2));
  REQUIRE(log.forks().size() == 1);
  CHECK(log.forks()[0].first.hash == HashOf(c.e2));
  CHECK(log.forks()[0].second.hash == other);
  // Both pieces of evidence now count as known; anything past the fork is frozen.
  CHECK(log.Classify(h, other) == EnvelopeLog::Placement::kDuplicate);
  CHECK(log.Classify(HeaderOf(c.e3), HashOf(c.e3)) == EnvelopeLog::Placement::kFrozen);
}

TEST_CASE("LowerForkMovesTheForkPointDown") {
  testing::RequireSodium();
  Chain3 c;
  EnvelopeLog log;
  Accept(log, c.e1);
  Accept(log, c.e2);
  const PublicKey& author = c.a->device();
  log.RecordFork(author, LoggedEnvelope{2, HashOf(c.e3), c.e3});
  crypto::EnvelopeHeader h1 = HeaderOf(c.e1);
  crypto::Hash32 other{};
  other.fill(7);
  REQUIRE(log.Classify(h1, other) == EnvelopeLog::Placement::kFork);
  log.RecordFork(author, LoggedEnvelope{1, other, {}});
  CHECK(log.ForkPoint(author) == 1u);
  CHECK(log.ForksOf(author).size() == 2);
}

}  // namespace
}  // namespace mutual::sync
