#include "libsync/plan/view.h"

#include <catch2/catch.hpp>

#include "tests/plan/render_sample.h"

namespace mutual::plan {
namespace {

using testing::SamplePlanView;

const ItemView& FindItem(const PlanView& plan, std::string_view id) {
  const ItemView* item = testing::FindItem(plan, id);
  REQUIRE(item != nullptr);
  return *item;
}

std::string Describe(std::string_view id) {
  PlanView plan = SamplePlanView();
  return DescribeState(FindItem(plan, id), plan);
}

TEST_CASE("StateNamesAreTheDocumentedSpellingsAndRoundTrip") {
  const std::vector<std::pair<ItemState, std::string>> names = {
      {ItemState::kDraft, "draft"},
      {ItemState::kProposed, "proposed"},
      {ItemState::kAgreed, "agreed"},
      {ItemState::kChanged, "changed"},
      {ItemState::kPending, "pending"},
      {ItemState::kWithdrawn, "withdrawn"},
      {ItemState::kRevisit, "revisit"},
      {ItemState::kConflicted, "conflicted"},
      {ItemState::kRemovalProposed, "removal-proposed"},
      {ItemState::kAcknowledged, "acknowledged"},
  };
  for (const auto& [state, name] : names) {
    CHECK(StateName(state) == name);
    REQUIRE(ParseStateName(name).has_value());
    CHECK(*ParseStateName(name) == state);
  }
  CHECK_FALSE(ParseStateName("accepted").has_value());
}

TEST_CASE("AgreedCountsTheCurrentMembersInWords") {
  CHECK(Describe("i-agreed") == "agreed by all three");
  PlanView two = SamplePlanView();
  two.members.erase(two.members.begin() + 2);  // Kim
  CHECK(DescribeState(FindItem(two, "i-agreed"), two) == "agreed by both");
}

TEST_CASE("ChangedNamesWhoAgreedToWhichWording") {
  CHECK(Describe("i-changed") ==
        "changed since agreed: Rae agreed to an earlier wording; "
        "Jun and Kim agreed to the current one");
}

TEST_CASE("ConflictShowsEveryValueWithWhoSetIt") {
  const std::string s = Describe("i-conflict");
  CHECK_THAT(s, Catch::StartsWith("Rae: 21:00 / Jun: 22:00 (from_time)"));
  CHECK_THAT(s, Catch::Contains("choose one value before agreeing"));
  CHECK_THAT(s,
             Catch::Contains("Rae agreed to an earlier wording, which does not count"));
}

TEST_CASE("DraftAndProposedSayWhoIsStillNeeded") {
  CHECK(Describe("i-draft") == "draft — not yet endorsed by its author");
  CHECK(Describe("i-proposed") == "proposed by Rae; waiting for Jun and Kim to agree");
  CHECK(Describe("i-feedback") == "waiting for Rae to acknowledge");
}

TEST_CASE("PendingNamesTheMemberWhoJoined") {
  CHECK(Describe("i-pending") == "pending: Kim joined and hasn't endorsed yet");
}

TEST_CASE("PendingAsksRemainingMembersToReconfirm") {
  PlanView plan = SamplePlanView();
  ItemView item = FindItem(plan, "i-pending");
  for (auto& s : item.stances) {
    s.kind = StanceView::kEndorsedCurrent;
    s.reconfirm = s.member == "rae";
  }
  CHECK(DescribeState(item, plan) ==
        "pending: Rae needs to confirm again after the membership change");
}

TEST_CASE("WithdrawnAndRevisitGiveTheReasons") {
  CHECK(Describe("i-withdrawn") == "Rae withdrew: I said yes to end the argument.");
  CHECK(Describe("i-revisit") == "Jun asked to revisit this: What does 'own' cover?");
}

TEST_CASE("RemovalProposalNamesProposerAndWhoMustStillAgree") {
  CHECK(
      Describe("i-removal") ==
      "Jun proposed removing this (waiting for Rae and Kim to agree): We've lost touch.");
}

TEST_CASE("AcknowledgedNamesWhoAcknowledged") {
  CHECK(Describe("i-acked") == "acknowledged by Jun and Kim");
}

TEST_CASE("FormerMembersAreMarkedAndNotCurrent") {
  PlanView plan = SamplePlanView();
  CHECK(plan.DisplayName("sam") == "Sam (former member)");
  CHECK(plan.DisplayName("rae") == "Rae");
  CHECK(plan.DisplayName("nobody") == "nobody");
  CHECK(plan.CurrentMemberIds() == std::vector<std::string>{"rae", "jun", "kim"});
}

TEST_CASE("DescribeValuesAndAbout") {
  PlanView plan = SamplePlanView();
  const ItemView& conflict = FindItem(plan, "i-conflict");
  const FieldView* from = conflict.FindField("from_time");
  REQUIRE(from != nullptr);
  CHECK(from->conflicted());
  CHECK(from->value().empty());
  CHECK(DescribeValues(*from, plan) == "Rae: 21:00 / Jun: 22:00");
  const FieldView* phone = FindItem(plan, "i-pending").FindField("phone");
  REQUIRE(phone != nullptr);
  CHECK_FALSE(phone->conflicted());
  CHECK(phone->value() == "116 123");
  CHECK(DescribeAbout(conflict, plan) == "about us");
  CHECK(DescribeAbout(FindItem(plan, "i-acked"), plan) == "about Rae");
}

}  // namespace
}  // namespace mutual::plan
