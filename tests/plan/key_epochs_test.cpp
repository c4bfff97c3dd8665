// Key epochs: which key writers use after rotations, who holds each epoch,
// and the rules for rotation and share ops (plan/key_epochs.h).
#include "libsync/plan/key_epochs.h"

#include <algorithm>

#include "libsync/plan/history.h"
#include "tests/plan/plan_harness.h"

namespace mutual::plan {
namespace {

using testing::Deliver;
using testing::MakePair;
using testing::Must;
using testing::Replica;
using testing::Sync;

// Stand-in boxes: the plan layer stores sealed keys but never opens them.
std::vector<SealedKey> BoxesFor(const std::vector<crdt::ActorId>& devices) {
  std::vector<SealedKey> out;
  for (const crdt::ActorId& d : devices) out.push_back({d, Bytes(80, d[0])});
  return out;
}

KeyNeeds NeedsOf(const Replica& r) {
  return KeyNeedsOf(r.plan.document(), r.plan.members(), r.plan.Keys());
}

crdt::ActorId Key(const Replica& r) { return r.secrets.identity.public_key(); }

// Rae and Jun, then Kim invited by Rae, approved by Jun, added by Rae.
void MakeThree(Replica& rae, Replica& jun, Replica& kim) {
  MakePair(rae, jun);
  testing::AddThirdMember(rae, jun, kim, "Kim", 3000);
}

TEST_CASE("APlanStartsInItsInitialEpochAndNeedsNoKey") {
  Replica rae, jun;
  MakePair(rae, jun);
  CHECK(rae.plan.Keys().current() == nullptr);
  CHECK(rae.plan.Keys().rotations().empty());
  KeyNeeds needs = NeedsOf(rae);
  CHECK(!needs.rotate);
  CHECK(needs.shares.empty());
}

TEST_CASE("ALeaveCallsForANewKeyThatTheLeaverDoesNotHold") {
  Replica rae, jun;
  MakePair(rae, jun);
  Must(jun.plan.Leave(3000));
  Deliver(jun, rae);
  REQUIRE(NeedsOf(rae).rotate);

  Committed c = Must(rae.plan.RotateKey(BoxesFor(CurrentDevices(rae.plan.members())), 3100));
  const KeyEpochs epochs = rae.plan.Keys();
  REQUIRE(epochs.current() != nullptr);
  CHECK(epochs.current()->id == EpochIdOf(c.encoded));
  CHECK(epochs.current()->change == c.change.id());
  CHECK(epochs.current()->sealed.count(Key(rae)) == 1);
  CHECK(!epochs.Holds(rae.plan.document(), Key(jun), *epochs.current()));
  CHECK(!NeedsOf(rae).rotate);
}

TEST_CASE("ARotationMustSealToEveryCurrentDeviceAndToNoOther") {
  Replica rae, jun, stranger;
  MakePair(rae, jun);
  // Leaving Jun out is refused locally ...
  CHECK(rae.plan.RotateKey(BoxesFor({Key(rae)}), 3000).status().IsPermissionDenied());
  // ... and a stranger's device among the recipients too.
  std::vector<crdt::ActorId> with_stranger = {Key(rae), Key(jun), Key(stranger)};
  std::sort(with_stranger.begin(), with_stranger.end());
  CHECK(rae.plan.RotateKey(BoxesFor(with_stranger), 3000).status().IsPermissionDenied());
  // A forged one from a peer is judged invalid there, and changes nothing.
  crdt::Change forged = testing::ForgeDomainChange(
      rae, PlanOp::Of(OpKind::kRotateKey, "rae").Keys(BoxesFor({Key(rae)})));
  CHECK(testing::ApplyForged(jun, forged) == crdt::ChangeStatus::kInvalid);
  CHECK(jun.plan.Keys().rotations().empty());
}

TEST_CASE("ConcurrentRotationsBothStandAndEveryReplicaWritesWithTheSameOne") {
  Replica rae, jun, kim;
  MakeThree(rae, jun, kim);
  Must(kim.plan.Leave(4000));
  Deliver(kim, rae);
  Deliver(kim, jun);
  REQUIRE(NeedsOf(rae).rotate);
  REQUIRE(NeedsOf(jun).rotate);
  Must(rae.plan.RotateKey(BoxesFor(CurrentDevices(rae.plan.members())), 4100));
  Must(jun.plan.RotateKey(BoxesFor(CurrentDevices(jun.plan.members())), 4100));
  Sync(rae, jun);
  const KeyEpochs a = rae.plan.Keys(), b = jun.plan.Keys();
  REQUIRE(a.rotations().size() == 2);
  REQUIRE(b.rotations().size() == 2);
  REQUIRE(a.current() != nullptr);
  REQUIRE(b.current() != nullptr);
  CHECK(a.current()->id == b.current()->id);
  CHECK(a.current()->id == a.rotations()[0].id);
  CHECK(!NeedsOf(rae).rotate);
  CHECK(!NeedsOf(jun).rotate);
  // A later rotation (made after both) takes over.
  Committed later =
      Must(jun.plan.RotateKey(BoxesFor(CurrentDevices(jun.plan.members())), 4200));
  Deliver(jun, rae);
  CHECK(rae.plan.Keys().current()->id == EpochIdOf(later.encoded));
}

TEST_CASE("ADeviceAddedAfterARotationHoldsItOneAddedConcurrentlyGetsAShare") {
  Replica rae, jun, jun2, kim;
  MakePair(rae, jun);
  Committed rot =
      Must(rae.plan.RotateKey(BoxesFor(CurrentDevices(rae.plan.members())), 3000));
  // Concurrently (not having seen the rotation), Jun adds a second device.
  Must(jun.plan.AddDevice(jun2.record, 3000));
  Sync(rae, jun);
  KeyNeeds needs = NeedsOf(rae);
  CHECK(!needs.rotate);
  const crypto::Hash32 epoch = EpochIdOf(rot.encoded);
  REQUIRE(needs.shares.count(epoch) == 1);
  CHECK(needs.shares[epoch] == std::vector<crdt::ActorId>{Key(jun2)});

  Must(jun.plan.ShareKey(epoch, BoxesFor({Key(jun2)}), 3100));
  Deliver(jun, rae);
  CHECK(NeedsOf(rae).shares.empty());

  // A member added after the rotation was handed the key in the welcome.
  testing::AddThirdMember(rae, jun, kim, "Kim", 3200);
  CHECK(NeedsOf(rae).shares.empty());
  const KeyEpochs epochs = rae.plan.Keys();
  CHECK(epochs.Holds(rae.plan.document(), Key(kim), *epochs.Find(epoch)));
}

TEST_CASE("AShareMustNameAKnownEpochAndCurrentDevices") {
  Replica rae, jun, stranger;
  MakePair(rae, jun);
  crypto::Hash32 unknown{};
  unknown.fill(5);
  CHECK(rae.plan.ShareKey(unknown, BoxesFor({Key(jun)}), 3000)
            .status()
            .IsPermissionDenied());
  Committed rot =
      Must(rae.plan.RotateKey(BoxesFor(CurrentDevices(rae.plan.members())), 3100));
  CHECK(rae.plan.ShareKey(EpochIdOf(rot.encoded), BoxesFor({Key(stranger)}), 3200)
            .status()
            .IsPermissionDenied());
  CHECK(rae.plan.ShareKey(EpochIdOf(rot.encoded), BoxesFor({Key(jun)}), 3200).ok());
}

TEST_CASE("ARotationByADeviceRemovedMeanwhileStillHandsOutItsKeyButIsNoEpoch") {
  Replica rae, jun, kim;
  MakeThree(rae, jun, kim);
  // Kim rotates, not knowing that the others are removing Kim.
  Committed kims =
      Must(kim.plan.RotateKey(BoxesFor(CurrentDevices(kim.plan.members())), 4000));
  Must(jun.plan.ApproveRemoval("kim", 4000));
  Deliver(jun, rae);
  Must(rae.plan.RemoveMember("kim", 4100));
  Deliver(kim, rae);
  REQUIRE(rae.plan.StatusOf(kims.change.id()) == crdt::ChangeStatus::kVoid);
  // Kim may have sealed more under that key: Rae's device can still read
  // them (to mask them like every replica), but never writes with it.
  CHECK(rae.plan.Keys().rotations().empty());
  const std::vector<SealedEpochKey> mine = KeysSealedTo(rae.plan.document(), Key(rae));
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].epoch == EpochIdOf(kims.encoded));
  // A rotation is due: Kim holds the writing (initial) epoch.
  CHECK(NeedsOf(rae).rotate);
}

TEST_CASE("KeyOpsShowInTheHistory") {
  Replica rae, jun;
  MakePair(rae, jun);
  Committed rot =
      Must(rae.plan.RotateKey(BoxesFor(CurrentDevices(rae.plan.members())), 3000));
  Must(rae.plan.ShareKey(EpochIdOf(rot.encoded), BoxesFor({Key(jun)}), 3100));
  Deliver(rae, jun);
  std::vector<std::string> what;
  for (const HistoryEntry& e : History(jun.plan)) {
    what.insert(what.end(), e.what.begin(), e.what.end());
  }
  CHECK(std::count(what.begin(), what.end(),
                   "rotated the plan key (sealed to 2 devices)") == 1);
  CHECK(std::count(what.begin(), what.end(),
                   "shared an earlier plan key with 1 device") == 1);
}

}  // namespace
}  // namespace mutual::plan
