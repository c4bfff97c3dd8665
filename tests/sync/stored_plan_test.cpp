// StoredPlan: a plan backed by a real SQLite store — local changes and
// envelopes from peers are durable, and a reload gives the same plan.
#include "libsync/sync/stored_plan.h"

#include <catch2/catch.hpp>

#include "libsync/crypto/sodium.h"
#include "libsync/plan/render_json.h"
#include "libsync/store/home.h"
#include "libsync/sync/keyring.h"
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
  auto again = StoredPlan::Load(*h.store, h.me.identity, (*p)->id());
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
  auto s = StoredPlan::Load(*sam.store, sam.me.identity, (*a)->id());
  REQUIRE(s.ok());
  for (const auto& e : (*a)->LackOf((*s)->Heads()).send) {
    CHECK((*s)->Receive(e.bytes).status.ok());
  }
  CHECK((*s)->plan().member() == "sam");
  auto item =
      (*s)->mutable_plan().AddItem({"helps", "", "", {{"text", "A walk."}}, ""}, 3);
  REQUIRE(item.ok());
  REQUIRE((*s)->Persist(item->committed).ok());
  for (const auto& e : (*s)->LackOf((*a)->Heads()).send) {
    CHECK((*a)->Receive(e.bytes).status.ok());
  }
  CHECK(Json(**a) == Json(**s));
  // A repeated envelope changes nothing and is not stored twice.
  auto again = (*s)->LackOf(HeadVector{}).send;
  CHECK((*a)->Receive(again.back().bytes).disposition == Disposition::kDuplicate);
  // Both reload to the same plan.
  auto a2 = StoredPlan::Load(*alex.store, alex.me.identity, (*a)->id());
  auto s2 = StoredPlan::Load(*sam.store, sam.me.identity, (*a)->id());
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
  ReceiveResult r = (*a)->Receive(bad);
  CHECK(r.disposition == Disposition::kRejected);
  auto reloaded = StoredPlan::Load(*alex.store, alex.me.identity, (*a)->id());
  REQUIRE(reloaded.ok());
  CHECK(Json(**reloaded) == Json(**a));
}

}  // namespace
}  // namespace mutual::sync
