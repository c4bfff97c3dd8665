// Plans driven through the sync layer: which device keys a plan replica
// accepts as authors (DESIGN.md §4: "a member now or ever, or one
// introduced by a change still pending").
#include <catch2/catch.hpp>

#include <memory>
#include <optional>

#include "libsync/crypto/device.h"
#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/sodium.h"
#include "libsync/plan/plan.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/replica.h"

namespace mutual::sync {
namespace {

using Device = Replica<plan::Plan>;

class PlanDevices {
 public:
  PlanDevices() : doc_id_(crypto::NewDocId()), key_(crypto::DocKey::Generate()) {}

  PipelineConfig Config() const {
    PipelineConfig config;
    config.doc_id = doc_id_;
    return config;
  }
  crypto::Hash32 Epoch() const { return InitialEpochId(doc_id_); }
  const crypto::DocKey& Key() const { return key_; }

  std::unique_ptr<Device> Make(const crypto::DeviceSecrets& secrets) {
    PipelineConfig config = Config();
    const crdt::ActorId me = secrets.identity.public_key();
    auto d = std::make_unique<Device>(secrets.identity, config, plan::Plan(me),
                                      [me] { return plan::Plan(me); });
    (void)d->AddKey(InitialEpochId(doc_id_), key_);
    return d;
  }

 private:
  crypto::DocId doc_id_;
  crypto::DocKey key_;
};

Bytes Record(const crypto::DeviceSecrets& s) {
  return crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(s));
}

void Seal(Device& d, const Result<plan::Committed>& r) {
  REQUIRE(r.ok());
  REQUIRE(d.SealCommitted(r->change, r->encoded).ok());
}

// Delivers everything `to` lacks of `from`, in order.
void DeliverAll(Device& from, Device& to) {
  for (const auto& e : from.LackOf(to.Heads()).send) {
    REQUIRE(to.Receive(e.bytes).status.ok());
  }
}

// The envelope `author` wrote with `seq`, as `from` would send it.
Bytes EnvelopeOf(Device& from, Device& to, const crdt::ActorId& author, uint64_t seq) {
  for (const auto& e : from.LackOf(to.Heads()).send) {
    if (e.author == author && e.seq == seq) return e.bytes;
  }
  FAIL("no such envelope");
  return {};
}

TEST_CASE("DeviceIntroducedByAPendingChangeIsAcceptedAsAuthor", "[sync][plan]") {
  REQUIRE(crypto::InitSodium().ok());
  PlanDevices plan;
  const auto rae_phone = crypto::DeviceSecrets::Generate();
  const auto rae_tablet = crypto::DeviceSecrets::Generate();
  const auto jun = crypto::DeviceSecrets::Generate();
  const auto observer = crypto::DeviceSecrets::Generate();
  auto rp = plan.Make(rae_phone);
  auto rt = plan.Make(rae_tablet);
  auto j = plan.Make(jun);
  auto t = plan.Make(observer);

  Seal(*rp, rp->doc().Create("plan", "relational", "Rae", Record(rae_phone), 1000));
  Seal(*rp, rp->doc().AddMember("Jun", Record(jun), 2000));
  DeliverAll(*rp, *j);
  DeliverAll(*rp, *t);  // t holds Rae's seq 1 and 2
  auto item = j->doc().AddItem({.section = "patterns", .fields = {{"text", "late talks"}}}, 3000);
  REQUIRE(item.ok());
  REQUIRE(j->SealCommitted(item->committed.change, item->committed.encoded).ok());
  DeliverAll(*j, *rp);
  // Rae adds her tablet in a change that depends on Jun's item.
  Seal(*rp, rp->doc().AddDevice(Record(rae_tablet), 4000));
  DeliverAll(*rp, *rt);
  auto tablet_item =
      rt->doc().AddItem({.section = "patterns", .fields = {{"text", "money"}}}, 5000);
  REQUIRE(tablet_item.ok());
  REQUIRE(rt->SealCommitted(tablet_item->committed.change, tablet_item->committed.encoded)
              .ok());

  // The introduction reaches t before the change it depends on.
  const crdt::ActorId phone_key = rae_phone.identity.public_key();
  auto introduced = t->Receive(EnvelopeOf(*rp, *t, phone_key, 3));
  REQUIRE(introduced.status.ok());
  CHECK(introduced.disposition == Disposition::kPendingDeps);
  CHECK_FALSE(t->doc().members().OwnerOf(rae_tablet.identity.public_key()));

  // The tablet's own envelope is accepted (held with its deps), not refused
  // as coming from an unknown device...
  auto from_tablet = t->Receive(EnvelopeOf(*rt, *t, rae_tablet.identity.public_key(), 1));
  INFO(from_tablet.status.ToString());
  REQUIRE(from_tablet.status.ok());
  CHECK(from_tablet.disposition == Disposition::kPendingDeps);

  // ...while a device nobody introduced still is, even with the plan's id
  // and key (a leaked key does not make a device a member).
  const auto stranger = crypto::DeviceSecrets::Generate();
  Replica<crdt::Document> s(stranger.identity, plan.Config(), crdt::Document(),
                            [] { return crdt::Document(); });
  (void)s.AddKey(plan.Epoch(), plan.Key());
  auto forged = s.Edit(6000, [](crdt::Document::Transaction& txn) {
    txn.Set(crdt::kRootObject, "title", std::string("mine now"));
  });
  REQUIRE(forged.ok());
  auto refused = t->Receive(*forged);
  CHECK(refused.disposition == Disposition::kRejected);
  CHECK(refused.status.IsPeerViolation());

  // Once Jun's change arrives, everything applies and the tablet's item shows.
  DeliverAll(*j, *t);
  CHECK(t->doc().document().PendingCount() == 0);
  CHECK(t->doc().members().OwnerOf(rae_tablet.identity.public_key()) != nullptr);
  size_t items = 0;
  for (const auto& section : t->doc().View(7000).sections) items += section.items.size();
  CHECK(items == 2);
}

}  // namespace
}  // namespace mutual::sync
