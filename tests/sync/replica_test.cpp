#include "libsync/sync/replica.h"

#include "tests/sync/sync_test_helpers.h"

namespace mutual::sync {
namespace {

using testing::Doc;
using testing::Dump;
using testing::HashOf;
using testing::SetKey;
using testing::SyncBoth;
using testing::SyncOnce;
using testing::TestPlan;

TEST_CASE("ThreeReplicasConvergeAfterExchange") {
  testing::RequireSodium();
  TestPlan plan(3);
  auto a = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  auto c = plan.MakeReplica(2);
  (void)SetKey(*a, "who", std::string("a"));
  (void)SetKey(*b, "who", std::string("b"));  // concurrent: both values stay
  (void)SetKey(*c, "c", int64_t{3});
  SyncBoth(*a, *b);
  SyncBoth(*b, *c);
  SyncBoth(*a, *c);
  CHECK(Dump(a->doc()) == Dump(b->doc()));
  CHECK(Dump(b->doc()) == Dump(c->doc()));
  CHECK(a->doc().Get(crdt::kRootObject, "who").size() == 2);
  CHECK(a->Heads() == c->Heads());
}

TEST_CASE("RelayedEnvelopesReachAThirdReplica") {
  testing::RequireSodium();
  TestPlan plan(3);
  auto a = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  auto c = plan.MakeReplica(2);
  (void)SetKey(*a, "k", int64_t{1});
  (void)SetKey(*a, "k", int64_t{2});
  SyncOnce(*a, *b);
  // c never talks to a: b passes a's envelopes on unchanged.
  std::vector<ReceiveResult> got = SyncOnce(*b, *c);
  REQUIRE(got.size() == 2);
  CHECK(got[1].disposition == Disposition::kApplied);
  CHECK(Dump(c->doc()) == Dump(a->doc()));
}

// A device restored from a backup writes its seq 1 again: a fork.
struct Forked {
  TestPlan plan{3};
  std::unique_ptr<testing::TestReplica> f = plan.MakeReplica(0);
  std::unique_ptr<testing::TestReplica> f_restored = plan.MakeReplica(0);
  std::unique_ptr<testing::TestReplica> b = plan.MakeReplica(1);
  std::unique_ptr<testing::TestReplica> c = plan.MakeReplica(2);
  Bytes x1 = SetKey(*f, "f", std::string("branch x"));
  Bytes y1 = SetKey(*f_restored, "f", std::string("branch y"));
};

TEST_CASE("ForkKeepsBothEnvelopesAndFreezesTheDevice") {
  testing::RequireSodium();
  Forked t;
  CHECK(t.b->Receive(t.x1).disposition == Disposition::kApplied);
  ReceiveResult r = t.b->Receive(t.y1);
  CHECK(r.disposition == Disposition::kForkEvidence);
  CHECK(r.status.ok());
  CHECK(r.rebuilt);
  REQUIRE(t.b->log().forks().size() == 1);
  const ForkEvidence& ev = t.b->log().forks()[0];
  CHECK(ev.seq == 1);
  CHECK(ev.first.bytes == t.x1);
  CHECK(ev.second.bytes == t.y1);
  CHECK(ev.voided_after_apply == std::vector<uint64_t>{1});
  CHECK(t.b->log().ForkPoint(t.f->device()) == 1u);
  // Neither branch is in effect any more.
  CHECK(t.b->doc().Get(crdt::kRootObject, "f").empty());
  CHECK(t.b->doc().StatusOf({t.f->device(), 1}) == crdt::ChangeStatus::kUnknown);
}

TEST_CASE("ForkStateIsTheSameWhicheverBranchArrivedFirst") {
  testing::RequireSodium();
  Forked t;
  (void)SetKey(*t.b, "b", int64_t{1});
  (void)SetKey(*t.c, "b", int64_t{1});
  REQUIRE(t.b->Receive(t.x1).disposition == Disposition::kApplied);
  REQUIRE(t.c->Receive(t.y1).disposition == Disposition::kApplied);
  CHECK(Dump(t.b->doc()) != Dump(t.c->doc()));
  CHECK(t.b->Receive(t.y1).disposition == Disposition::kForkEvidence);
  CHECK(t.c->Receive(t.x1).disposition == Disposition::kForkEvidence);
  SyncBoth(*t.b, *t.c);
  CHECK(Dump(t.b->doc()) == Dump(t.c->doc()));
  CHECK(t.b->Heads() == t.c->Heads());
  CHECK(t.b->doc().Get(crdt::kRootObject, "f").empty());
}

TEST_CASE("ForkAboveACommonPrefixVoidsOnlyTheForkedPart") {
  testing::RequireSodium();
  Forked t;
  // f writes seq 2 and 3 after x1; a restored copy holding only x1 writes
  // its own seq 2 (sealed by hand: the pipeline would stop that writer).
  Bytes x2 = SetKey(*t.f, "g", int64_t{2});
  Bytes x3 = SetKey(*t.f, "h", int64_t{3});
  Doc restored;
  Bytes x1_plain = ToBytes(t.f->doc().EncodedChange({t.f->device(), 1}));
  Result<crdt::Change> x1_change = crdt::DecodeChange(x1_plain, t.f->device(), 1);
  REQUIRE(x1_change.ok());
  REQUIRE(restored.Apply(*x1_change, x1_plain).ok());
  Bytes y2 = testing::SealRaw(t.plan, t.plan.devices[0], 2, HashOf(t.x1),
                              testing::NextChange(restored, t.f->device(), "g", 99));
  for (const Bytes& e : {t.x1, x2, x3, y2}) (void)t.b->Receive(e);
  for (const Bytes& e : {y2, t.x1, x3, x2}) (void)t.c->Receive(e);
  REQUIRE(t.b->log().ForkPoint(t.f->device()) == 2u);
  REQUIRE(t.c->log().ForkPoint(t.f->device()) == 2u);
  CHECK(t.b->log().forks()[0].voided_after_apply == std::vector<uint64_t>{2, 3});
  CHECK(Dump(t.b->doc()) == Dump(t.c->doc()));
  CHECK(Dump(t.b->doc()) == "{f=[s:branch x,];}");
}

TEST_CASE("EnvelopesPastTheForkPointAreRefusedWithoutBlamingThePeer") {
  testing::RequireSodium();
  Forked t;
  Bytes x2 = SetKey(*t.f, "g", int64_t{2});
  (void)t.b->Receive(t.x1);
  (void)t.b->Receive(t.y1);
  ReceiveResult r = t.b->Receive(x2);
  CHECK(r.disposition == Disposition::kRejected);
  CHECK(r.status.IsFailedPrecondition());
  CHECK_FALSE(r.status.IsPeerViolation());
  CHECK(t.b->doc().Get(crdt::kRootObject, "g").empty());
}

TEST_CASE("ForkEvidenceSpreadsThroughAntiEntropy") {
  testing::RequireSodium();
  Forked t;
  (void)t.b->Receive(t.x1);
  (void)t.b->Receive(t.y1);
  (void)t.c->Receive(t.x1);  // c only ever saw branch x
  REQUIRE_FALSE(t.c->log().ForkPoint(t.f->device()));
  SyncBoth(*t.b, *t.c);
  CHECK(t.c->log().ForkPoint(t.f->device()) == 1u);
  CHECK(t.c->log().forks().size() == 1);
  CHECK(Dump(t.b->doc()) == Dump(t.c->doc()));
  CHECK(t.b->Heads() == t.c->Heads());
}

TEST_CASE("ForkedDeviceItselfStopsWriting") {
  testing::RequireSodium();
  Forked t;
  REQUIRE(t.f->Receive(t.y1).disposition == Disposition::kForkEvidence);
  CHECK(t.f->writer_state() == WriterState::kForked);
  Result<Bytes> e = t.f->Edit(
      0, [](Doc::Transaction& txn) { txn.Set(crdt::kRootObject, "more", int64_t{1}); });
  CHECK(e.status().IsFailedPrecondition());
}

TEST_CASE("PeerHoldingMoreOfOurLogStopsOurWriter") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  (void)SetKey(*a, "k", int64_t{1});
  (void)SetKey(*a, "k", int64_t{2});
  SyncOnce(*a, *b);
  // Device 0 is restored from an empty backup and meets b.
  auto restored = plan.MakeReplica(0);
  CHECK(restored->writer_state() == WriterState::kActive);
  restored->pipeline().NotePeerHeads(b->Heads());
  CHECK(restored->writer_state() == WriterState::kOwnLogAheadOnPeer);
  std::string before = Dump(restored->doc());
  Result<Bytes> e = restored->Edit(
      0, [](Doc::Transaction& txn) { txn.Set(crdt::kRootObject, "k", int64_t{3}); });
  CHECK(e.status().IsFailedPrecondition());
  CHECK(Dump(restored->doc()) == before);
  CHECK(restored->log().Head(restored->device()) == 0);
}

TEST_CASE("ReceivingOurOwnLaterEnvelopeStopsOurWriter") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  Bytes e1 = SetKey(*a, "k", int64_t{1});
  auto restored = plan.MakeReplica(0);
  ReceiveResult r = restored->Receive(e1);
  CHECK(r.disposition == Disposition::kApplied);
  CHECK(restored->writer_state() == WriterState::kOwnLogAheadOnPeer);
  CHECK(Dump(restored->doc()) == Dump(a->doc()));
}

TEST_CASE("RestoringOurOwnStoredEnvelopesKeepsTheWriterActive") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  Bytes e1 = SetKey(*a, "k", int64_t{1});
  Bytes e2 = SetKey(*a, "k", int64_t{2});
  // The same device after a restart, loading its own store.
  auto restarted = plan.MakeReplica(0);
  CHECK(restarted->Restore(e1).disposition == Disposition::kApplied);
  CHECK(restarted->Restore(e2).disposition == Disposition::kApplied);
  CHECK(restarted->writer_state() == WriterState::kActive);
  CHECK(Dump(restarted->doc()) == Dump(a->doc()));
  CHECK(SetKey(*restarted, "k", int64_t{3}).size() > 0);
  CHECK(restarted->log().Head(restarted->device()) == 3);
  // Restore is no back door for tampered bytes.
  Bytes bad = e1;
  bad.back() ^= 1;
  auto fresh = plan.MakeReplica(0);
  CHECK(fresh->Restore(bad).disposition == Disposition::kRejected);
}

TEST_CASE("OwnEnvelopeEchoedBackDoesNotStopTheWriter") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  Bytes e1 = SetKey(*a, "k", int64_t{1});
  SyncBoth(*a, *b);
  CHECK(a->Receive(e1).disposition == Disposition::kDuplicate);
  CHECK(a->writer_state() == WriterState::kActive);
  CHECK(SetKey(*a, "k", int64_t{2}).size() > 0);
}

TEST_CASE("LocalChangeChainsToOurPreviousEnvelope") {
  testing::RequireSodium();
  TestPlan plan(1);
  auto a = plan.MakeReplica(0);
  Bytes e1 = SetKey(*a, "k", int64_t{1});
  Bytes e2 = SetKey(*a, "k", int64_t{2});
  crypto::EnvelopeHeader h1 = testing::HeaderOf(e1);
  crypto::EnvelopeHeader h2 = testing::HeaderOf(e2);
  CHECK(h1.seq == 1);
  CHECK(h1.prev == crypto::Hash32{});
  CHECK(h2.seq == 2);
  CHECK(h2.prev == HashOf(e1));
  CHECK(h2.doc_id == plan.doc_id);
  CHECK(h2.key_hint == crypto::KeyHintOf(plan.epoch));
}

TEST_CASE("LocalSealWithoutAKeyFailsBeforeChangingTheDocument") {
  testing::RequireSodium();
  TestPlan plan(1);
  testing::TestReplica bare(plan.devices[0], plan.Config(), Doc(), [] { return Doc(); });
  Result<Bytes> e = bare.Edit(
      0, [](Doc::Transaction& txn) { txn.Set(crdt::kRootObject, "k", int64_t{1}); });
  CHECK(e.status().IsFailedPrecondition());
  CHECK(Dump(bare.doc()) == "{}");
}

TEST_CASE("ChangesBuiltOnAFrozenBranchStayPendingOnEveryReplica") {
  testing::RequireSodium();
  Forked t;
  Bytes x2 = SetKey(*t.f, "g", int64_t{2});
  (void)t.b->Receive(t.x1);
  (void)t.b->Receive(x2);
  Bytes b1 = SetKey(*t.b, "b", int64_t{1});  // made on top of f's x2
  // b learns of the fork; c gets everything in another order.
  Doc restored;
  Bytes x1_plain = ToBytes(t.f->doc().EncodedChange({t.f->device(), 1}));
  Result<crdt::Change> x1_change = crdt::DecodeChange(x1_plain, t.f->device(), 1);
  REQUIRE(x1_change.ok());
  REQUIRE(restored.Apply(*x1_change, x1_plain).ok());
  Bytes y2 = testing::SealRaw(t.plan, t.plan.devices[0], 2, HashOf(t.x1),
                              testing::NextChange(restored, t.f->device(), "g", 99));
  CHECK(t.b->Receive(y2).disposition == Disposition::kForkEvidence);
  for (const Bytes& e : {b1, y2, t.x1, x2}) (void)t.c->Receive(e);
  crdt::ChangeId b1_id{t.b->device(), 1};
  CHECK(t.b->doc().StatusOf(b1_id) == crdt::ChangeStatus::kPending);
  CHECK(t.c->doc().StatusOf(b1_id) == crdt::ChangeStatus::kPending);
  CHECK(Dump(t.b->doc()) == Dump(t.c->doc()));
  // b must not write again: its next change would reuse seq 1.
  CHECK(t.b->writer_state() == WriterState::kBlockedByFork);
  Result<Bytes> more = t.b->Edit(
      0, [](Doc::Transaction& txn) { txn.Set(crdt::kRootObject, "more", int64_t{1}); });
  CHECK(more.status().IsFailedPrecondition());
  CHECK(t.b->log().Head(t.b->device()) == 1);
}

}  // namespace
}  // namespace mutual::sync
