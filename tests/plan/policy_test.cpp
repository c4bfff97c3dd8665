// Validity rules (policy.cpp), exercised through replicas: a misbehaving
// device's change is forged directly and fed to an honest replica, which
// must mark it invalid and leave its state untouched.
#include "libsync/plan/policy.h"

#include <catch2/catch.hpp>

#include "libsync/plan/content_hash.h"
#include "libsync/plan/layout.h"
#include "tests/plan/plan_harness.h"

namespace mutual::plan {
namespace {

using testing::ApplyForged;
using testing::Deliver;
using testing::ForgeDomainChange;
using testing::Item;
using testing::ItemOf;
using testing::MakePair;
using testing::Must;
using testing::Replica;
using testing::StateOf;
using testing::Sync;

ContentHash HashOf(const Replica& r, const std::string& id) {
  auto h = FromHex(ItemOf(r, id).content_hash_hex);
  REQUIRE(h.ok());
  ContentHash out;
  std::copy(h->begin(), h->end(), out.begin());
  return out;
}

TEST_CASE("EndorsementSignedForAnotherMemberIsInvalid") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "We rush."}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  // Rae's device claims Jun's endorsement.
  PlanOp op = PlanOp::Of(OpKind::kEndorse, "jun").Item(item.id).Hash(HashOf(a, item.id));
  CHECK(ApplyForged(b, ForgeDomainChange(a, op)) == crdt::ChangeStatus::kInvalid);
  CHECK(StateOf(b, item.id) == "proposed");
  CHECK(ItemOf(b, item.id).FindStance("jun")->kind == StanceView::kNone);
}

TEST_CASE("AckSignedForAnotherMemberIsInvalid") {
  Replica a, b;
  MakePair(a, b);
  auto item =
      Must(b.plan.AddItem(Item("hot-buttons", {{"sets_it_off", "Being rushed."}}), 3000));
  Deliver(b, a);
  // Jun's device acknowledges Jun's own item in Rae's name.
  PlanOp op = PlanOp::Of(OpKind::kAck, "rae").Item(item.id).Hash(HashOf(a, item.id));
  CHECK(ApplyForged(a, ForgeDomainChange(b, op)) == crdt::ChangeStatus::kInvalid);
  CHECK(StateOf(a, item.id) == "proposed");
}

TEST_CASE("OwnerEditByOtherMemberIsInvalid") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(
      Item("hot-buttons", {{"sets_it_off", "Being told I'm overreacting."}}), 3000));
  Deliver(a, b);
  // The API refuses outright...
  auto refused = b.plan.Edit(item.id, {{"sets_it_off", "Nothing."}}, 3100);
  CHECK(refused.status().IsPermissionDenied());
  // ...and a forged edit from Jun's device is invalid on Rae's replica.
  crdt::Document copy = b.plan.document();
  auto rec = layout::ReadItem(copy, item.id);
  REQUIRE(rec);
  auto txn = copy.Begin(b.secrets.identity.public_key(), 3200);
  txn.Set(rec->fields, "looks_like", crdt::MakeObject{crdt::ObjType::kText});
  crdt::Change forged = txn.change();
  txn.Abort();
  CHECK(ApplyForged(a, forged) == crdt::ChangeStatus::kInvalid);
  CHECK(ItemOf(a, item.id).FindField("sets_it_off")->text ==
        "Being told I'm overreacting.");
}

TEST_CASE("ChangeFromNonMemberDeviceIsInvalid") {
  Replica a, b, stranger;
  MakePair(a, b);
  Deliver(a, stranger);
  crdt::Document copy = stranger.plan.document();
  auto txn = copy.Begin(stranger.secrets.identity.public_key(), 3000);
  txn.Set(crdt::kRootObject, layout::kTitle, std::string("Mine now"));
  crdt::Change forged = txn.change();
  txn.Abort();
  CHECK(ApplyForged(a, forged) == crdt::ChangeStatus::kInvalid);
  CHECK(a.plan.View(0).title == "Rae & Jun");
}

TEST_CASE("EndorsementOfContentThatIsNotCurrentIsInvalid") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "v1"}}), 3000));
  ContentHash v1 = HashOf(a, item.id);
  Must(a.plan.Edit(item.id, {{"text", "v2"}}, 3100));
  Deliver(a, b);
  PlanOp op = PlanOp::Of(OpKind::kEndorse, "jun").Item(item.id).Hash(v1);
  CHECK(ApplyForged(a, ForgeDomainChange(b, op)) == crdt::ChangeStatus::kInvalid);
}

TEST_CASE("AddingMemberWithoutEveryApprovalIsInvalid") {
  Replica a, b, c;
  MakePair(a, b);
  std::string id;
  Must(a.plan.Invite("Sam", 3000, &id));
  CHECK(id == "sam");
  // Jun has not approved: Rae may not add Sam.
  auto r = a.plan.AddMember(id, c.record, 3100);
  CHECK(r.status().IsPermissionDenied());
  Deliver(a, b);
  Must(b.plan.Approve(id, 3200));
  Deliver(b, a);
  Must(a.plan.AddMember(id, c.record, 3300));
  Deliver(a, c);
  CHECK(c.plan.member() == "sam");
  CHECK(a.plan.View(0).CurrentMemberIds() ==
        std::vector<std::string>{"rae", "jun", "sam"});
}

TEST_CASE("RemovingAMemberFromAPairIsRefusedLeaveInstead") {
  Replica a, b;
  MakePair(a, b);
  CHECK(a.plan.RemoveMember("jun", 3000).status().IsPermissionDenied());
  Must(b.plan.Leave(3100));
  Deliver(b, a);
  PlanView v = a.plan.View(0);
  CHECK(v.CurrentMemberIds() == std::vector<std::string>{"rae"});
  CHECK(v.FindMember("jun")->former);
}

TEST_CASE("ChangesOfADeviceAfterItsMemberLeftAreVoid") {
  Replica a, b, b2;  // b and b2: Jun's two devices
  MakePair(a, b);
  Must(b.plan.AddDevice(b2.record, 2500));
  Deliver(b, a);
  Deliver(b, b2);
  CHECK(b2.plan.member() == "jun");
  // Jun leaves from one device while the other, not yet aware, edits.
  Must(b.plan.Leave(3100));
  Must(b2.plan.SetTitle("late", 3200));
  Deliver(b, a);
  Deliver(b2, a);
  auto late = a.plan.document().Heads();
  bool any_void = false;
  for (const auto& id : late) {
    if (a.plan.document().StatusOf(id) == crdt::ChangeStatus::kVoid) any_void = true;
  }
  CHECK(any_void);
  CHECK(a.plan.View(0).title == "Rae & Jun");
  // The same verdict in the other delivery order.
  Replica a2;
  Deliver(b2, a2);
  Deliver(b, a2);
  CHECK(a2.plan.View(0).title == "Rae & Jun");
}

TEST_CASE("RemovingAMemberNeedsEveryOtherMember") {
  Replica a, b, c;
  MakePair(a, b);
  const std::string sam = testing::AddThirdMember(a, b, c, "Sam", 3000);
  // Rae alone may not remove Sam: Jun has not approved.
  CHECK(a.plan.RemoveMember(sam, 3300).status().IsPermissionDenied());
  Must(b.plan.ApproveRemoval(sam, 3400));
  Deliver(b, a);
  Must(a.plan.RemoveMember(sam, 3500));
  Deliver(a, b);
  Deliver(a, c);
  for (Replica* r : {&a, &b, &c}) {
    CHECK(r->plan.View(0).CurrentMemberIds() == std::vector<std::string>{"rae", "jun"});
  }
  CHECK(c.plan.member().empty());
  CHECK(!c.plan.SetTitle("still here?", 3600).ok());
}

TEST_CASE("VerdictsDoNotDependOnArrivalOrder") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "v1"}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  PlanOp forged =
      PlanOp::Of(OpKind::kEndorse, "rae").Item(item.id).Hash(HashOf(a, item.id));
  crdt::Change bad = ForgeDomainChange(b, forged);
  CHECK(ApplyForged(a, bad) == crdt::ChangeStatus::kInvalid);
  CHECK(ApplyForged(b, bad) == crdt::ChangeStatus::kInvalid);  // b's log moves on
  Must(b.plan.Agree(item.id, 3200));
  Must(a.plan.Edit(item.id, {{"text", "v2"}}, 3300));
  Sync(a, b);
  // A fresh replica receives everything newest first: changes wait for
  // their deps, then are judged at them, exactly as on a and b.
  Replica late;
  const crdt::Document& d = a.plan.document();
  auto ids = d.Missing(late.plan.document().version());
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    REQUIRE(late.plan.ApplyRemote(d.GetChange(*it), ToBytes(d.EncodedChange(*it))).ok());
  }
  CHECK(late.plan.document().PendingCount() == 0);
  for (const crdt::ChangeId& id : ids) {
    CHECK(late.plan.document().StatusOf(id) == d.StatusOf(id));
  }
  CHECK(StateOf(late, item.id) == StateOf(a, item.id));
  CHECK(StateOf(late, item.id) == "changed");
  CHECK(ItemOf(late, item.id).content_hash_hex == ItemOf(b, item.id).content_hash_hex);
}

TEST_CASE("EndorsementMadeWhileConflictedIsInvalid") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("at-the-edge", {{"from_time", "20:00"}}), 3000));
  Deliver(a, b);
  Must(a.plan.Edit(item.id, {{"from_time", "21:00"}}, 3100));
  Must(b.plan.Edit(item.id, {{"from_time", "22:00"}}, 3100));
  Sync(a, b);
  REQUIRE(StateOf(a, item.id) == "conflicted");
  // Jun's device endorses the conflicted content (hash included) anyway.
  PlanOp op = PlanOp::Of(OpKind::kEndorse, "jun").Item(item.id).Hash(HashOf(b, item.id));
  crdt::Change bad = ForgeDomainChange(b, op);
  CHECK(ApplyForged(a, bad) == crdt::ChangeStatus::kInvalid);
  CHECK(a.plan.document().ReasonOf(bad.id()).find("conflicted") != std::string::npos);
  CHECK(ItemOf(a, item.id).FindStance("jun")->kind == StanceView::kNone);
}

}  // namespace
}  // namespace mutual::plan
