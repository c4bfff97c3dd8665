#include "libsync/sync/receive_pipeline.h"

#include "tests/sync/sync_test_helpers.h"

namespace mutual::sync {
namespace {

using testing::Doc;
using testing::Dump;
using testing::HashOf;
using testing::NextChange;
using testing::SealRaw;
using testing::SetKey;
using testing::TestPlan;

// A plan with a writer (device 0) and a receiver (device 1).
struct Pair {
  TestPlan plan{2};
  std::unique_ptr<testing::TestReplica> a = plan.MakeReplica(0);
  std::unique_ptr<testing::TestReplica> b = plan.MakeReplica(1);
};

void CheckViolation(const ReceiveResult& r, const std::string& fragment) {
  CHECK(r.disposition == Disposition::kRejected);
  CHECK(r.status.IsPeerViolation());
  CHECK_THAT(r.status.message(), Catch::Matchers::Contains(fragment));
}

Bytes Mutate(const Bytes& envelope, void (*edit)(crypto::Envelope&)) {
  Result<crypto::Envelope> e = crypto::DecodeEnvelope(envelope);
  REQUIRE(e.ok());
  edit(*e);
  return crypto::EncodeEnvelope(*e);
}

TEST_CASE("InOrderEnvelopeIsApplied") {
  testing::RequireSodium();
  Pair p;
  Bytes e = SetKey(*p.a, "name", std::string("plan"));
  ReceiveResult r = p.b->Receive(e);
  CHECK(r.disposition == Disposition::kApplied);
  CHECK(r.status.ok());
  CHECK(r.author == p.a->device());
  CHECK(r.seq == 1);
  REQUIRE(r.applied.size() == 1);
  CHECK(r.applied[0] == crdt::ChangeId{p.a->device(), 1});
  CHECK(Dump(p.b->doc()) == Dump(p.a->doc()));
  CHECK(p.b->log().Head(p.a->device()) == 1);
}

TEST_CASE("OversizedEnvelopeIsPeerViolationBeforeParsing") {
  testing::RequireSodium();
  Pair p;
  Bytes huge(crypto::kMaxEnvelopeBytes + 1, 0xff);
  ReceiveResult r = p.b->Receive(huge);
  CheckViolation(r, "256 KiB");
  CHECK(r.seq == 0);
}

TEST_CASE("TruncatedEnvelopeIsPeerViolation") {
  testing::RequireSodium();
  Pair p;
  Bytes e = SetKey(*p.a, "k", int64_t{1});
  e.pop_back();
  CheckViolation(p.b->Receive(e), "malformed envelope");
  CHECK(p.b->log().Head(p.a->device()) == 0);
}

TEST_CASE("GarbageBytesArePeerViolation") {
  testing::RequireSodium();
  Pair p;
  Bytes junk = ToBytes(std::string_view("definitely not an envelope at all"));
  CheckViolation(p.b->Receive(junk), "malformed");
  CheckViolation(p.b->Receive(Bytes{}), "malformed");
}

TEST_CASE("ForgedSignatureIsPeerViolation") {
  testing::RequireSodium();
  Pair p;
  Bytes e = Mutate(SetKey(*p.a, "k", int64_t{1}),
                   [](crypto::Envelope& env) { env.signature[5] ^= 0x20; });
  CheckViolation(p.b->Receive(e), "signature");
  CHECK(Dump(p.b->doc()) == "{}");
}

TEST_CASE("TamperedCiphertextIsPeerViolation") {
  testing::RequireSodium();
  Pair p;
  Bytes e = Mutate(SetKey(*p.a, "k", int64_t{1}),
                   [](crypto::Envelope& env) { env.ciphertext[3] ^= 1; });
  CheckViolation(p.b->Receive(e), "signature");
  CHECK(p.b->log().Head(p.a->device()) == 0);
}

TEST_CASE("UnknownDeviceIsPeerViolation") {
  testing::RequireSodium();
  Pair p;
  crypto::SigningKey outsider = crypto::SigningKey::Generate();
  Doc scratch;
  Bytes plain = NextChange(scratch, outsider.public_key(), "k", 1);
  Bytes e = SealRaw(p.plan, outsider, 1, {}, plain);
  CheckViolation(p.b->Receive(e), "no device known");
}

TEST_CASE("CrossPlanEnvelopeIsPeerViolation") {
  testing::RequireSodium();
  Pair p;
  crypto::DocId other{};
  other.fill(0xee);
  Doc scratch;
  Bytes plain = NextChange(scratch, p.plan.devices[0].public_key(), "k", 1);
  Bytes e = SealRaw(p.plan, p.plan.devices[0], 1, {}, plain, &other);
  CheckViolation(p.b->Receive(e), "another plan");
}

TEST_CASE("SignedButUndecryptableUnderHintedKeyIsPeerViolation") {
  testing::RequireSodium();
  Pair p;
  crypto::DocKey wrong = crypto::DocKey::Generate();
  Doc scratch;
  Bytes plain = NextChange(scratch, p.plan.devices[0].public_key(), "k", 1);
  // Correct hint, wrong key: a member sealed garbage under our epoch.
  Bytes e = SealRaw(p.plan, p.plan.devices[0], 1, {}, plain, nullptr, &wrong);
  CheckViolation(p.b->Receive(e), "decrypt");
  CHECK(p.b->log().Head(p.a->device()) == 0);
}

TEST_CASE("UndecodableChangeIsPeerViolation") {
  testing::RequireSodium();
  Pair p;
  Bytes e = SealRaw(p.plan, p.plan.devices[0], 1, {}, AsBytes("not a change"));
  CheckViolation(p.b->Receive(e), "undecodable change");
  CHECK(p.b->log().Head(p.a->device()) == 0);
}

TEST_CASE("UnknownKeyEpochIsHeldUntilTheKeyArrives") {
  testing::RequireSodium();
  Pair p;
  crypto::DocKey next = crypto::DocKey::Generate();
  crypto::Hash32 next_epoch = crypto::Blake2b256(AsBytes("epoch-2"));
  Doc scratch;
  Bytes plain = NextChange(scratch, p.plan.devices[0].public_key(), "k", 7);
  Bytes e = SealRaw(p.plan, p.plan.devices[0], 1, {}, plain, nullptr, &next, &next_epoch);
  ReceiveResult r = p.b->Receive(e);
  CHECK(r.disposition == Disposition::kHeldForKey);
  CHECK(r.status.ok());
  CHECK(p.b->Receive(e).disposition == Disposition::kDuplicate);
  CHECK(p.b->pipeline().held_count() == 1);
  CHECK(p.b->log().Head(p.a->device()) == 0);
  std::vector<ReceiveResult> released = p.b->AddKey(next_epoch, next);
  REQUIRE(released.size() == 1);
  CHECK(released[0].disposition == Disposition::kApplied);
  CHECK(p.b->pipeline().held_count() == 0);
  CHECK(Dump(p.b->doc()) == "{k=[i:7,];}");
}

TEST_CASE("DuplicateEnvelopeHasNoSecondEffect") {
  testing::RequireSodium();
  Pair p;
  crdt::OpId text{};
  Result<Bytes> e1 = p.a->Edit(0, [&](Doc::Transaction& t) {
    text = t.Set(crdt::kRootObject, "notes", crdt::MakeObject{crdt::ObjType::kText});
    t.InsertText(text, 0, "ab");
  });
  REQUIRE(e1.ok());
  REQUIRE(p.b->Receive(*e1).disposition == Disposition::kApplied);
  ReceiveResult again = p.b->Receive(*e1);
  CHECK(again.disposition == Disposition::kDuplicate);
  CHECK(again.status.ok());
  CHECK(again.applied.empty());
  CHECK(Dump(p.b->doc()) == "{notes=[text:ab,];}");
}

TEST_CASE("EnvelopeBeforeItsPrevIsHeldThenReleased") {
  testing::RequireSodium();
  Pair p;
  Bytes e1 = SetKey(*p.a, "k", int64_t{1});
  Bytes e2 = SetKey(*p.a, "k", int64_t{2});
  Bytes e3 = SetKey(*p.a, "k", int64_t{3});
  CHECK(p.b->Receive(e3).disposition == Disposition::kHeldForPrev);
  CHECK(p.b->Receive(e2).disposition == Disposition::kHeldForPrev);
  CHECK(p.b->Receive(e3).disposition == Disposition::kDuplicate);
  CHECK(p.b->log().Head(p.a->device()) == 0);
  ReceiveResult r = p.b->Receive(e1);
  CHECK(r.disposition == Disposition::kApplied);
  CHECK(r.released == 2);
  CHECK(r.applied.size() == 3);
  CHECK(p.b->log().Head(p.a->device()) == 3);
  CHECK(p.b->pipeline().held_count() == 0);
  CHECK(Dump(p.b->doc()) == Dump(p.a->doc()));
}

TEST_CASE("ChangeWhoseDepsAreMissingWaitsInTheDocument") {
  testing::RequireSodium();
  TestPlan plan(3);
  auto a = plan.MakeReplica(0);
  auto b = plan.MakeReplica(1);
  auto c = plan.MakeReplica(2);
  Bytes a1 = SetKey(*a, "x", int64_t{1});
  REQUIRE(b->Receive(a1).disposition == Disposition::kApplied);
  Bytes b1 = SetKey(*b, "y", int64_t{2});  // depends on a:1
  ReceiveResult first = c->Receive(b1);
  CHECK(first.disposition == Disposition::kPendingDeps);
  CHECK(first.applied.empty());
  CHECK(Dump(c->doc()) == "{}");
  ReceiveResult second = c->Receive(a1);
  CHECK(second.disposition == Disposition::kApplied);
  CHECK(second.applied.size() == 2);
  CHECK(Dump(c->doc()) == Dump(b->doc()));
}

TEST_CASE("InvalidChangeIsLoggedButMasked") {
  testing::RequireSodium();
  testing::LockPolicy policy;
  TestPlan plan(3, &policy);
  auto a = plan.MakeReplica(0);
  auto c = plan.MakeReplica(2);
  Bytes lock = SetKey(*a, "lock", true);
  REQUIRE(c->Receive(lock).disposition == Disposition::kApplied);
  // Device 1 ignores the rule: on a policy-free copy it writes "guarded"
  // after seeing the lock, and seals that by hand.
  Doc lawless;
  Bytes lock_plain = ToBytes(a->doc().EncodedChange({a->device(), 1}));
  Result<crdt::Change> lock_change = crdt::DecodeChange(lock_plain, a->device(), 1);
  REQUIRE(lock_change.ok());
  REQUIRE(lawless.Apply(*lock_change, lock_plain).ok());
  Bytes plain = NextChange(lawless, plan.devices[1].public_key(), "guarded", 1);
  Bytes e = SealRaw(plan, plan.devices[1], 1, {}, plain);
  ReceiveResult r = c->Receive(e);
  CHECK(r.disposition == Disposition::kInvalid);
  CHECK(r.status.ok());
  CHECK(c->log().Head(plan.devices[1].public_key()) == 1);
  CHECK(c->doc().StatusOf({plan.devices[1].public_key(), 1}) ==
        crdt::ChangeStatus::kInvalid);
  CHECK(c->doc().Get(crdt::kRootObject, "guarded").empty());
}

TEST_CASE("EnvelopesBehindOneWaitingForAKeyFollowIt") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto b = plan.MakeReplica(1);
  // The writer already moved to epoch 2; b has not received that key yet.
  crypto::DocKey next = crypto::DocKey::Generate();
  crypto::Hash32 next_epoch = crypto::Blake2b256(AsBytes("epoch-2"));
  testing::TestReplica a(plan.devices[0], plan.Config(), Doc(), [] { return Doc(); });
  a.AddKey(next_epoch, next);
  Bytes e1 = SetKey(a, "k", int64_t{1});
  Bytes e2 = SetKey(a, "k", int64_t{2});
  CHECK(b->Receive(e1).disposition == Disposition::kHeldForKey);
  CHECK(b->Receive(e2).disposition == Disposition::kHeldForPrev);
  std::vector<ReceiveResult> moved = b->AddKey(next_epoch, next);
  REQUIRE(moved.size() == 1);
  CHECK(moved[0].disposition == Disposition::kApplied);
  CHECK(moved[0].released == 1);
  CHECK(moved[0].applied.size() == 2);
  CHECK(b->pipeline().held_count() == 0);
  CHECK(Dump(b->doc()) == Dump(a.doc()));
}

TEST_CASE("HoldQueueIsBoundedWithoutBlamingThePeer") {
  testing::RequireSodium();
  TestPlan plan(2);
  auto a = plan.MakeReplica(0);
  PipelineConfig config = plan.Config();
  config.max_held = 1;
  testing::TestReplica b(plan.devices[1], config, Doc(), [] { return Doc(); });
  b.AddKey(plan.epoch, plan.key);
  Bytes e1 = SetKey(*a, "k", int64_t{1});
  Bytes e2 = SetKey(*a, "k", int64_t{2});
  Bytes e3 = SetKey(*a, "k", int64_t{3});
  CHECK(b.Receive(e2).disposition == Disposition::kHeldForPrev);
  ReceiveResult full = b.Receive(e3);
  CHECK(full.disposition == Disposition::kRejected);
  CHECK(full.status.IsUnavailable());
  CHECK(b.Receive(e1).released == 1);
  // Resent later (anti-entropy does), it is accepted.
  CHECK(b.Receive(e3).disposition == Disposition::kApplied);
  CHECK(Dump(b.doc()) == Dump(a->doc()));
}

}  // namespace
}  // namespace mutual::sync
