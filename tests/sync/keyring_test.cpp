#include "libsync/sync/keyring.h"

#include "tests/sync/sync_test_helpers.h"

namespace mutual::sync {
namespace {

crypto::Hash32 EpochId(std::string_view name) {
  return crypto::Blake2b256(AsBytes(name));
}

TEST_CASE("EmptyKeyringHasNoCurrentEpoch") {
  Keyring ring;
  CHECK(ring.Current() == nullptr);
  CHECK(ring.ForHint(crypto::KeyHintOf(EpochId("e1"))).empty());
}

TEST_CASE("FirstEpochAddedBecomesCurrent") {
  testing::RequireSodium();
  Keyring ring;
  crypto::DocKey k1 = crypto::DocKey::Generate();
  ring.Add(EpochId("e1"), k1);
  ring.Add(EpochId("e2"), crypto::DocKey::Generate());
  REQUIRE(ring.Current() != nullptr);
  CHECK(ring.Current()->id == EpochId("e1"));
  CHECK(ring.Current()->key.bytes() == k1.bytes());
  ring.SetCurrent(EpochId("e2"));
  CHECK(ring.Current()->id == EpochId("e2"));
}

TEST_CASE("HintFindsEveryEpochSharingIt") {
  testing::RequireSodium();
  Keyring ring;
  // Two ids with equal first 4 bytes share a hint; both must be tried.
  crypto::Hash32 a{};
  crypto::Hash32 b{};
  a.fill(1);
  b.fill(1);
  b[31] = 2;
  ring.Add(a, crypto::DocKey::Generate());
  ring.Add(b, crypto::DocKey::Generate());
  ring.Add(EpochId("other"), crypto::DocKey::Generate());
  std::vector<const Keyring::Epoch*> found = ring.ForHint(crypto::KeyHintOf(a));
  REQUIRE(found.size() == 2);
  CHECK(found[0]->id == a);
  CHECK(found[1]->id == b);
}

TEST_CASE("EnvelopeUnderSecondEpochWithSharedHintStillOpens") {
  testing::RequireSodium();
  testing::TestPlan plan(2);
  auto r = plan.MakeReplica(1);
  // An epoch whose hint collides with the plan's: the pipeline must try both.
  crypto::Hash32 twin = plan.epoch;
  twin[31] ^= 0xff;
  REQUIRE(crypto::KeyHintOf(twin) == crypto::KeyHintOf(plan.epoch));
  crypto::DocKey twin_key = crypto::DocKey::Generate();
  r->AddKey(twin, twin_key);
  testing::Doc scratch;
  Bytes plain = testing::NextChange(scratch, plan.devices[0].public_key(), "k", 5);
  Bytes e =
      testing::SealRaw(plan, plan.devices[0], 1, {}, plain, nullptr, &twin_key, &twin);
  CHECK(r->Receive(e).disposition == Disposition::kApplied);
  CHECK(testing::Dump(r->doc()) == "{k=[i:5,];}");
}

}  // namespace
}  // namespace mutual::sync
