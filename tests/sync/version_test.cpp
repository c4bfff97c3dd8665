#include "libsync/sync/version.h"

#include "tests/sync/sync_test_helpers.h"

namespace mutual::sync {
namespace {

using testing::HashOf;
using testing::SetKey;
using testing::TestPlan;

std::vector<uint64_t> Seqs(const Lack& lack) {
  std::vector<uint64_t> out;
  for (const OutgoingEnvelope& e : lack.send) out.push_back(e.seq);
  return out;
}

TEST_CASE("HeadsNameHighestSeqAndItsHash") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  (void)SetKey(*a, "k", int64_t{1});
  Bytes e2 = SetKey(*a, "k", int64_t{2});
  AuthorHead head = a->Heads().Get(a->device());
  CHECK(head.seq == 2);
  CHECK(head.hash == HashOf(e2));
  CHECK(head.fork_seq == 0);
  CHECK(a->Heads().Get(plan.devices[1].public_key()) == AuthorHead{});
}

TEST_CASE("LackIsEverySeqAfterThePeersHeadInOrder") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  Bytes e1 = SetKey(*a, "k", int64_t{1});
  (void)SetKey(*a, "k", int64_t{2});
  (void)SetKey(*a, "k", int64_t{3});
  CHECK(Seqs(a->LackOf(b->Heads())) == std::vector<uint64_t>{1, 2, 3});
  REQUIRE(b->Receive(e1).status.ok());
  Lack lack = a->LackOf(b->Heads());
  CHECK(Seqs(lack) == std::vector<uint64_t>{2, 3});
  CHECK(lack.forks.empty());
  CHECK(lack.peer_ahead.empty());
}

TEST_CASE("NothingLackingWhenHeadsAreEqual") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  (void)SetKey(*a, "k", int64_t{1});
  (void)SetKey(*b, "j", int64_t{1});
  testing::SyncBoth(*a, *b);
  CHECK(a->Heads() == b->Heads());
  CHECK(a->LackOf(b->Heads()).send.empty());
  CHECK(b->LackOf(a->Heads()).send.empty());
}

TEST_CASE("PeerAheadOfUsIsReported") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  (void)SetKey(*a, "k", int64_t{1});
  Lack lack = b->LackOf(a->Heads());
  CHECK(lack.send.empty());
  REQUIRE(lack.peer_ahead.size() == 1);
  CHECK(lack.peer_ahead[0] == a->device());
}

TEST_CASE("HashMismatchAtPeersSeqIsReportedAsForkWithEvidence") {
  testing::RequireSodium();
  TestPlan plan(2);
  // Two replicas of device 0 (one restored from an empty backup) both write seq 1.
  auto a = plan.MakeReplica(0);
  auto a_restored = plan.MakeReplica(0);
  Bytes mine = SetKey(*a, "k", int64_t{1});
  (void)SetKey(*a, "k", int64_t{2});
  Bytes theirs = SetKey(*a_restored, "k", int64_t{9});
  Lack lack = a->LackOf(a_restored->Heads());
  REQUIRE(lack.forks.size() == 1);
  CHECK(lack.forks[0].seq == 1);
  CHECK(lack.forks[0].ours == HashOf(mine));
  CHECK(lack.forks[0].theirs == HashOf(theirs));
  // Only our envelope at their seq goes out, as evidence; nothing after it.
  REQUIRE(lack.send.size() == 1);
  CHECK(lack.send[0].bytes == mine);
}

TEST_CASE("ForkedAuthorIsSentUpToTheForkPlusEvidence") {
  testing::RequireSodium();
  TestPlan plan(3);
  auto f = plan.MakeReplica(0);
  auto f_restored = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  auto c = plan.MakeReplica(2);
  Bytes x1 = SetKey(*f, "k", int64_t{1});
  Bytes y1 = SetKey(*f_restored, "k", int64_t{2});
  REQUIRE(b->Receive(x1).disposition == Disposition::kApplied);
  REQUIRE(b->Receive(y1).disposition == Disposition::kForkEvidence);
  AuthorHead head = b->Heads().Get(f->device());
  CHECK(head.seq == 0);
  CHECK(head.fork_seq == 1);
  // A peer that knows nothing gets both pieces of evidence.
  Lack lack = b->LackOf(c->Heads());
  REQUIRE(lack.send.size() == 2);
  CHECK(lack.send[0].bytes == x1);
  CHECK(lack.send[1].bytes == y1);
  // A peer that reports the same fork gets nothing more.
  for (const OutgoingEnvelope& e : lack.send) (void)c->Receive(e.bytes);
  CHECK(c->Heads().Get(f->device()).fork_seq == 1);
  CHECK(b->LackOf(c->Heads()).send.empty());
}

TEST_CASE("LackIsSentDepsFirstAcrossAuthors") {
  testing::RequireSodium();
  TestPlan plan(3);
  // The dependent change's author sorts first by key, so per-author order
  // alone would send it before its dep.
  size_t first = plan.devices[0].public_key() < plan.devices[1].public_key() ? 0 : 1;
  size_t second = 1 - first;
  auto early = plan.MakeReplica(second);
  auto late = plan.MakeReplica(first);
  auto fresh = plan.MakeReplica(2);
  (void)SetKey(*early, "k", int64_t{1});
  (void)SetKey(*early, "k", int64_t{2});
  testing::SyncOnce(*early, *late);
  (void)SetKey(*late, "j", int64_t{1});  // depends on early's seq 2
  Lack lack = late->LackOf(fresh->Heads());
  REQUIRE(lack.send.size() == 3);
  CHECK(lack.send[0].author == early->device());
  CHECK(lack.send[1].author == early->device());
  CHECK(lack.send[2].author == late->device());
  for (const OutgoingEnvelope& e : lack.send) {
    CHECK(fresh->Receive(e.bytes).disposition == Disposition::kApplied);
  }
}

}  // namespace
}  // namespace mutual::sync
