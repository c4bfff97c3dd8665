#include "libsync/plan/membership.h"

#include <catch2/catch.hpp>

#include "libsync/crypto/device.h"

namespace mutual::plan {
namespace {

struct Dev {
  crypto::DeviceSecrets secrets = crypto::DeviceSecrets::Generate();
  Bytes record = crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(secrets));
  crdt::ActorId key() const { return secrets.identity.public_key(); }
};

TEST_CASE("FoldStartsWithTheCreatorAsOnlyMember") {
  Dev a;
  Membership ms;
  CHECK(!ms.created());
  ms.Apply(PlanOp::Of(OpKind::kCreatePlan, "rae").Text("Rae").Device(a.record), a.key(),
           1);
  CHECK(ms.created());
  CHECK(ms.CurrentIds() == std::vector<std::string>{"rae"});
  REQUIRE(ms.OwnerOf(a.key()) != nullptr);
  CHECK(ms.OwnerOf(a.key())->id == "rae");
  // A second create is moot.
  Dev b;
  ms.Apply(PlanOp::Of(OpKind::kCreatePlan, "jun").Text("Jun").Device(b.record), b.key(),
           2);
  CHECK(ms.CurrentIds() == std::vector<std::string>{"rae"});
}

TEST_CASE("SecondAddOfTheSameIdOrDeviceIsMoot") {
  Dev a, b, c;
  Membership ms;
  ms.Apply(PlanOp::Of(OpKind::kCreatePlan, "rae").Text("Rae").Device(a.record), a.key(),
           1);
  ms.Apply(
      PlanOp::Of(OpKind::kAddMember, "rae").Target("jun").Text("Jun").Device(b.record),
      a.key(), 2);
  ms.Apply(
      PlanOp::Of(OpKind::kAddMember, "rae").Target("jun").Text("Jun 2").Device(c.record),
      a.key(), 3);
  ms.Apply(
      PlanOp::Of(OpKind::kAddMember, "rae").Target("sam").Text("Sam").Device(b.record),
      a.key(), 4);
  CHECK(ms.CurrentIds() == std::vector<std::string>{"rae", "jun"});
  CHECK(ms.Find("jun")->name == "Jun");
  CHECK(ms.Find("jun")->joined_ms == 2);
  CHECK(ms.OwnerOf(c.key()) == nullptr);
}

TEST_CASE("FormerMembersStayListedButActNoMore") {
  Dev a, b, c;
  Membership ms;
  ms.Apply(PlanOp::Of(OpKind::kCreatePlan, "rae").Text("Rae").Device(a.record), a.key(),
           1);
  ms.Apply(
      PlanOp::Of(OpKind::kAddMember, "rae").Target("jun").Text("Jun").Device(b.record),
      a.key(), 2);
  ms.Apply(PlanOp::Of(OpKind::kLeave, "jun"), b.key(), 3);
  CHECK(ms.CurrentIds() == std::vector<std::string>{"rae"});
  REQUIRE(ms.Find("jun") != nullptr);
  CHECK(ms.Find("jun")->former);
  CHECK(ms.OwnerOf(b.key())->id == "jun");  // still attributed
  ms.Apply(PlanOp::Of(OpKind::kAddDevice, "jun").Device(c.record), b.key(), 4);
  CHECK(ms.OwnerOf(c.key()) == nullptr);
  CHECK(ms.TakenIds() == std::vector<std::string>{"rae", "jun"});
}

TEST_CASE("InvitationsCollectApprovals") {
  Dev a, b;
  Membership ms;
  ms.Apply(PlanOp::Of(OpKind::kCreatePlan, "rae").Text("Rae").Device(a.record), a.key(),
           1);
  ms.Apply(
      PlanOp::Of(OpKind::kAddMember, "rae").Target("jun").Text("Jun").Device(b.record),
      a.key(), 2);
  ms.Apply(PlanOp::Of(OpKind::kInvite, "rae").Target("sam").Text("Sam"), a.key(), 3);
  ms.Apply(PlanOp::Of(OpKind::kApprove, "jun").Target("sam"), b.key(), 4);
  REQUIRE(ms.InvitationFor("sam") != nullptr);
  CHECK(ms.InvitationFor("sam")->approvals == std::set<std::string>{"rae", "jun"});
  CHECK(ms.InvitationFor("kim") == nullptr);
}

TEST_CASE("DeviceRecordsAreKeptForEveryMemberDevice") {
  Dev rae, jun, jun_tablet, stranger;
  Membership ms;
  ms.Apply(PlanOp::Of(OpKind::kCreatePlan, "rae").Text("Rae").Device(rae.record), rae.key(),
           1);
  ms.Apply(PlanOp::Of(OpKind::kAddMember, "rae").Target("jun").Text("Jun").Device(jun.record),
           rae.key(), 2);
  ms.Apply(PlanOp::Of(OpKind::kAddDevice, "jun").Device(jun_tablet.record), jun.key(), 3);
  REQUIRE(ms.RecordOf(rae.key()) != nullptr);
  CHECK(*ms.RecordOf(rae.key()) == rae.record);
  REQUIRE(ms.RecordOf(jun.key()) != nullptr);
  CHECK(*ms.RecordOf(jun.key()) == jun.record);
  REQUIRE(ms.RecordOf(jun_tablet.key()) != nullptr);
  CHECK(*ms.RecordOf(jun_tablet.key()) == jun_tablet.record);
  CHECK(ms.RecordOf(stranger.key()) == nullptr);
}

TEST_CASE("DeviceKeyIsReadFromAnEncodedRecord") {
  Dev a;
  REQUIRE(DeviceKeyOf(a.record).has_value());
  CHECK(*DeviceKeyOf(a.record) == a.key());
  Bytes truncated(a.record.begin(), a.record.end() - 1);
  CHECK(!DeviceKeyOf(truncated).has_value());
}

}  // namespace
}  // namespace mutual::plan
