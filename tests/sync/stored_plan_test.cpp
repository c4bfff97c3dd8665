// StoredPlan: a plan backed by a real SQLite store — local changes and
// envelopes from peers are durable, and a reload gives the same plan.
#include "libsync/sync/stored_plan.h"

#include <catch2/catch.hpp>

#include "libsync/crypto/sodium.h"
#include "libsync/plan/render_json.h"
#include "libsync/store/home.h"
#include "libsync/sync/keyring.h"
#include "libsync/crypto/envelope.h"
#include "tests/support/temp_dir.h"

namespace mutual::sync {
namespace {

using testing::TempDir;

struct StoredHome {
  TempDir dir;
  crypto::DeviceSecrets me = crypto::DeviceSecrets::Generate();
  std::optional<store::Store> store;
  StoredHome() {
    REQUIRE(crypto::InitSodium().ok());
    auto s = store::CreateHome(store::HomePaths::In(dir.path()), std::nullopt,
                               store::PwhashParams::Cheapest());
    REQUIRE(s.ok());
    store.emplace(std::move(s).value());
  }
};

std::string Json(const StoredPlan& p) { return plan::RenderJson(p.plan().View(0)); }

TEST_CASE("LocalChangesReloadIntoTheSamePlan") {
  StoredHome h;
  auto p = StoredPlan::Create(*h.store, h.me, "Alex", "ours", "relational", 1);
  REQUIRE(p.ok());
  auto item = (*p)->mutable_plan().AddItem({"helps", "", "", {{"text", "Tea."}}, ""}, 2);
  REQUIRE(item.ok());
  REQUIRE((*p)->Persist(item->committed).ok());
  auto again = StoredPlan::Load(*h.store, h.me, (*p)->id(), 5);
  REQUIRE(again.ok());
  CHECK(Json(**again) == Json(**p));
  // The reloaded replica writes on from where the first left off.
  auto more = (*again)->mutable_plan().Agree(item->id, 3);
  REQUIRE(more.ok());
  CHECK((*again)->Persist(*more).ok());
}

TEST_CASE("EnvelopesFromAPeerAreStoredAndReloaded") {
  StoredHome alex;
  auto a = StoredPlan::Create(*alex.store, alex.me, "Alex", "ours", "relational", 1);
  REQUIRE(a.ok());
  // Sam's device: a replica of the same plan (key handed over as pairing will).
  StoredHome sam;
  auto epoch = InitialEpochId((*a)->id());
  auto key = alex.store->GetDocKey((*a)->id(), epoch);
  REQUIRE(key.ok());
  REQUIRE(sam.store->AddDoc((*a)->id(), "ours").ok());
  REQUIRE(sam.store->PutDocKey((*a)->id(), epoch, key->key).ok());
  auto added = (*a)->mutable_plan().AddMember(
      "Sam", crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(sam.me)), 2);
  REQUIRE(added.ok());
  REQUIRE((*a)->Persist(*added).ok());
  auto s = StoredPlan::Load(*sam.store, sam.me, (*a)->id(), 5);
  REQUIRE(s.ok());
  for (const auto& e : (*a)->LackOf((*s)->Heads()).send) {
    CHECK((*s)->Receive(e.bytes, 4).status.ok());
  }
  CHECK((*s)->plan().member() == "sam");
  auto item =
      (*s)->mutable_plan().AddItem({"helps", "", "", {{"text", "A walk."}}, ""}, 3);
  REQUIRE(item.ok());
  REQUIRE((*s)->Persist(item->committed).ok());
  for (const auto& e : (*s)->LackOf((*a)->Heads()).send) {
    CHECK((*a)->Receive(e.bytes, 4).status.ok());
  }
  CHECK(Json(**a) == Json(**s));
  // A repeated envelope changes nothing and is not stored twice.
  auto again = (*s)->LackOf(HeadVector{}).send;
  CHECK((*a)->Receive(again.back().bytes, 4).disposition == Disposition::kDuplicate);
  // Both reload to the same plan.
  auto a2 = StoredPlan::Load(*alex.store, alex.me, (*a)->id(), 5);
  auto s2 = StoredPlan::Load(*sam.store, sam.me, (*a)->id(), 5);
  REQUIRE(a2.ok());
  REQUIRE(s2.ok());
  CHECK(Json(**a2) == Json(**s));
  CHECK(Json(**s2) == Json(**s));
}

TEST_CASE("TamperedEnvelopeIsRefusedAndNotStored") {
  StoredHome alex;
  auto a = StoredPlan::Create(*alex.store, alex.me, "Alex", "ours", "relational", 1);
  REQUIRE(a.ok());
  auto sent = (*a)->LackOf(HeadVector{}).send;
  REQUIRE(sent.size() == 1);
  Bytes bad = sent[0].bytes;
  bad[bad.size() / 2] ^= 0x40;
  ReceiveResult r = (*a)->Receive(bad, 4);
  CHECK(r.disposition == Disposition::kRejected);
  auto reloaded = StoredPlan::Load(*alex.store, alex.me, (*a)->id(), 5);
  REQUIRE(reloaded.ok());
  CHECK(Json(**reloaded) == Json(**a));
}

// Alex's plan with Sam added; Sam's home holds it too (keys handed over as
// pairing does) and both replicas are in sync.
struct TwoHomes {
  StoredHome alex, sam;
  std::unique_ptr<StoredPlan> a, s;
  TwoHomes() {
    a = std::move(StoredPlan::Create(*alex.store, alex.me, "Alex", "ours", "relational", 1))
            .value();
    const crypto::Hash32 epoch = InitialEpochId(a->id());
    auto key = alex.store->GetDocKey(a->id(), epoch);
    REQUIRE(key.ok());
    REQUIRE(sam.store->AddDoc(a->id(), "ours").ok());
    REQUIRE(sam.store->PutDocKey(a->id(), epoch, key->key).ok());
    auto added = a->mutable_plan().AddMember(
        "Sam", crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(sam.me)), 2);
    REQUIRE(added.ok());
    REQUIRE(a->Persist(*added).ok());
    s = std::move(StoredPlan::Load(*sam.store, sam.me, a->id(), 3)).value();
    Exchange(*a, *s);
  }
  static void Exchange(StoredPlan& from, StoredPlan& to) {
    for (const auto& e : from.LackOf(to.Heads()).send) {
      REQUIRE(to.Receive(e.bytes, 10).status.ok());
    }
  }
};

// Whether any key `home` stores opens `envelope`.
bool AnyKeyOpens(StoredHome& home, const crypto::DocId& doc, ByteView envelope) {
  auto env = crypto::DecodeEnvelope(envelope);
  REQUIRE(env.ok());
  auto keys = home.store->DocKeys(doc);
  REQUIRE(keys.ok());
  for (const store::EpochKey& k : *keys) {
    if (crypto::OpenEnvelope(*env, k.key).ok()) return true;
  }
  return false;
}

TEST_CASE("AfterALeaveTheRemainingDeviceRotatesAndTheLeaverCannotRead") {
  TwoHomes h;
  const crypto::Hash32 initial = InitialEpochId(h.a->id());
  REQUIRE(h.a->writing_epoch() != nullptr);
  CHECK(*h.a->writing_epoch() == initial);
  auto left = h.s->mutable_plan().Leave(20);
  REQUIRE(left.ok());
  REQUIRE(h.s->Persist(*left).ok());
  // Receiving the leave makes Alex's device write the rotation at once.
  TwoHomes::Exchange(*h.s, *h.a);
  REQUIRE(h.a->plan().Keys().current() != nullptr);
  const crypto::Hash32 rotated = h.a->plan().Keys().current()->id;
  CHECK(*h.a->writing_epoch() == rotated);
  CHECK(h.alex.store->GetDocKey(h.a->id(), rotated).ok());

  auto item = h.a->mutable_plan().AddItem({"helps", "", "", {{"text", "New."}}, ""}, 30);
  REQUIRE(item.ok());
  REQUIRE(h.a->Persist(item->committed).ok());
  const Bytes newest = h.a->LackOf(HeadVector{}).send.back().bytes;
  CHECK(AnyKeyOpens(h.alex, h.a->id(), newest));
  CHECK(!AnyKeyOpens(h.sam, h.a->id(), newest));
  // Even handed everything, Sam's replica learns no key: it reads the
  // rotation (sealed under the old key, holding boxes only for Alex's
  // device) and holds the item it cannot open.
  std::vector<Disposition> got;
  for (const auto& e : h.a->LackOf(h.s->Heads()).send) {
    got.push_back(h.s->Receive(e.bytes, 40).disposition);
  }
  CHECK(got == std::vector<Disposition>{Disposition::kApplied, Disposition::kHeldForKey});
  CHECK(!h.sam.store->GetDocKey(h.a->id(), rotated).ok());
  // Alex's device reloads into the same epoch and writes no second rotation.
  auto again = StoredPlan::Load(*h.alex.store, h.alex.me, h.a->id(), 50);
  REQUIRE(again.ok());
  CHECK(*(*again)->writing_epoch() == rotated);
  CHECK((*again)->plan().Keys().rotations().size() == 1);
}

TEST_CASE("ARotationByAnotherMemberIsAdoptedAndReleasesHeldEnvelopes") {
  TwoHomes h;
  // Sam rotates (any member may), then writes under the new key.
  const plan::Membership members = h.s->plan().members();
  const crypto::DocKey key = crypto::DocKey::Generate();
  std::vector<plan::SealedKey> sealed;
  for (const crdt::ActorId& d : plan::CurrentDevices(members)) {
    const Bytes* record = members.RecordOf(d);
    REQUIRE(record != nullptr);
    sealed.push_back({d, crypto::SealDocKeyTo(
                             key, crypto::DecodeDeviceRecord(*record)->delivery_key)});
  }
  auto rot = h.s->mutable_plan().RotateKey(sealed, 20);
  REQUIRE(rot.ok());
  REQUIRE(h.s->Persist(*rot).ok());
  auto item = h.s->mutable_plan().AddItem({"helps", "", "", {{"text", "Rain."}}, ""}, 21);
  REQUIRE(item.ok());
  REQUIRE(h.s->Persist(item->committed).ok());
  // Alex receives the item before the rotation: it waits for its prev, and
  // once the rotation arrives, for the key that rotation carries.
  auto sent = h.s->LackOf(h.a->Heads()).send;
  REQUIRE(sent.size() == 2);
  CHECK(h.a->Receive(sent[1].bytes, 30).disposition == Disposition::kHeldForPrev);
  ReceiveResult r = h.a->Receive(sent[0].bytes, 30);
  CHECK(r.status.ok());
  CHECK(Json(*h.a) == Json(*h.s));
  CHECK(*h.a->writing_epoch() == h.s->plan().Keys().current()->id);
}

}  // namespace
}  // namespace mutual::sync
