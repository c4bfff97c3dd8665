#include "libsync/plan/plan.h"

#include <catch2/catch.hpp>

#include "tests/plan/plan_harness.h"

namespace mutual::plan {
namespace {

using testing::Deliver;
using testing::Item;
using testing::ItemOf;
using testing::MakePair;
using testing::Must;
using testing::Replica;
using testing::StateOf;
using testing::Sync;

TEST_CASE("CreatedPlanHasTemplateSectionsAndOneMember") {
  Replica a;
  Must(a.plan.Create("Us", "relational", "Rae", a.record, 1000));
  PlanView v = a.plan.View(0);
  CHECK(v.title == "Us");
  CHECK(v.template_id == "relational");
  REQUIRE(v.members.size() == 1);
  CHECK(v.members[0].id == "rae");
  CHECK(a.plan.member() == "rae");
  REQUIRE(!v.sections.empty());
  CHECK(v.sections[0].id == FindTemplate("relational")->sections[0].id);
  CHECK(v.sections.size() == FindTemplate("relational")->sections.size());
}

TEST_CASE("PairSeesSameMembersAfterSync") {
  Replica a, b;
  MakePair(a, b);
  CHECK(b.plan.member() == "jun");
  CHECK(b.plan.View(0).CurrentMemberIds() == std::vector<std::string>{"rae", "jun"});
}

TEST_CASE("FreshAgreeItemIsDraftUntilAuthorEndorsesThenProposed") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "We rush."}}), 3000));
  CHECK(StateOf(a, item.id) == "draft");
  Must(a.plan.Agree(item.id, 3100));
  CHECK(StateOf(a, item.id) == "proposed");
  Deliver(a, b);
  Must(b.plan.Agree(item.id, 3200));
  Deliver(b, a);
  CHECK(StateOf(a, item.id) == "agreed");
  CHECK(StateOf(b, item.id) == "agreed");
}

// Two members both agree on a new "patterns" item; returns its id.
std::string AgreedItem(Replica& a, Replica& b, const std::string& text) {
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", text}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  Must(b.plan.Agree(item.id, 3200));
  Deliver(b, a);
  REQUIRE(StateOf(a, item.id) == "agreed");
  return item.id;
}

TEST_CASE("EditMakesAgreedItemChangedAndKeepsLastAgreed") {
  Replica a, b;
  MakePair(a, b);
  std::string id = AgreedItem(a, b, "Talk within two hours.");
  std::string agreed_hash = ItemOf(a, id).content_hash_hex;
  Must(b.plan.Edit(id, {{"text", "Talk within three hours."}}, 4000));
  Sync(a, b);
  for (Replica* r : {&a, &b}) {
    ItemView v = ItemOf(*r, id);
    CHECK(StateName(v.state) == "changed");
    REQUIRE(v.last_agreed.has_value());
    CHECK(v.last_agreed->content_hash_hex == agreed_hash);
    REQUIRE(!v.last_agreed->fields.empty());
    CHECK(v.last_agreed->fields[0].text == "Talk within two hours.");
    CHECK(v.FindField("text")->text == "Talk within three hours.");
  }
}

TEST_CASE("RevertingToLastAgreedWordingIsAgreedAgain") {
  Replica a, b;
  MakePair(a, b);
  std::string id = AgreedItem(a, b, "Talk within two hours.");
  Must(a.plan.Edit(id, {{"text", "Talk within three hours."}}, 4000));
  CHECK(StateOf(a, id) == "changed");
  Must(a.plan.Edit(id, {{"text", "Talk within two hours."}}, 4100));
  CHECK(StateOf(a, id) == "agreed");
  Deliver(a, b);
  CHECK(StateOf(b, id) == "agreed");
}

TEST_CASE("EndorsementOfOlderWordingDoesNotCount") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "v1"}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  Must(b.plan.Edit(item.id, {{"text", "v2"}}, 3200));
  Must(b.plan.Agree(item.id, 3300));
  Deliver(b, a);
  ItemView v = ItemOf(a, item.id);
  CHECK(v.state != ItemState::kAgreed);
  CHECK(StateName(v.state) == "proposed");
  CHECK(v.FindStance("rae")->kind == StanceView::kEndorsedEarlier);
  CHECK(v.FindStance("jun")->kind == StanceView::kEndorsedCurrent);
  CHECK(!v.last_agreed.has_value());
}

TEST_CASE("ConcurrentWithdrawAndEndorseEndsWithdrawn") {
  Replica a, b, b2;  // b and b2: Jun's two devices
  MakePair(a, b);
  Must(b.plan.AddDevice(b2.record, 2500));
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "v1"}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  Deliver(b, b2);
  Must(b.plan.Withdraw(item.id, "not yet", 3200));
  Must(b2.plan.Agree(item.id, 3200));
  Deliver(b, a);
  Deliver(b2, a);
  Sync(a, b);
  Sync(a, b2);
  for (Replica* r : {&a, &b, &b2}) {
    CHECK(StateOf(*r, item.id) == "withdrawn");
    CHECK(ItemOf(*r, item.id).FindStance("jun")->reason == "not yet");
  }
  // A later endorsement (causally after both) settles it.
  Must(b.plan.Agree(item.id, 3300));
  Deliver(b, a);
  CHECK(StateOf(a, item.id) == "agreed");
}

TEST_CASE("WithdrawalTakesBackAnAgreement") {
  Replica a, b;
  MakePair(a, b);
  std::string id = AgreedItem(a, b, "Keys stay with me.");
  Must(b.plan.Withdraw(id, "I said yes to end the argument.", 4000));
  Deliver(b, a);
  CHECK(StateOf(a, id) == "withdrawn");
  CHECK(ItemOf(a, id).last_agreed.has_value());
}

TEST_CASE("ConflictedScalarBlocksEndorsementUntilResolved") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(
      Item("at-the-edge", {{"when", "Money comes up late."}, {"from_time", "20:00"}}),
      3000));
  Deliver(a, b);
  Must(a.plan.Edit(item.id, {{"from_time", "21:00"}}, 3100));
  Must(b.plan.Edit(item.id, {{"from_time", "22:00"}}, 3100));
  Sync(a, b);
  ItemView v = ItemOf(a, item.id);
  CHECK(StateName(v.state) == "conflicted");
  REQUIRE(v.FindField("from_time")->values.size() == 2);
  CHECK(DescribeValues(*v.FindField("from_time"), a.plan.View(0)).find("Rae: 21:00") !=
        std::string::npos);
  CHECK(a.plan.Agree(item.id, 3200).status().IsPermissionDenied());
  CHECK(b.plan.Agree(item.id, 3200).status().IsPermissionDenied());
  Must(b.plan.Resolve(item.id, "from_time", "21:00", 3300));
  Deliver(b, a);
  CHECK(StateOf(a, item.id) == "draft");
  Must(a.plan.Agree(item.id, 3400));
  Deliver(a, b);
  Must(b.plan.Agree(item.id, 3500));
  Deliver(b, a);
  CHECK(StateOf(a, item.id) == "agreed");
}

TEST_CASE("ConcurrentEndorsementsStillLeaveALastAgreedWording") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("bottom-lines", {{"text", "No shouting."}}), 3000));
  Deliver(a, b);
  // Both agree before either hears of the other's agreement.
  Must(a.plan.Agree(item.id, 3100));
  Must(b.plan.Agree(item.id, 3100));
  Sync(a, b);
  CHECK(StateOf(a, item.id) == "agreed");
  CHECK(StateOf(b, item.id) == "agreed");
  Must(b.plan.Edit(item.id, {{"text", "No shouting, ever."}}, 3200));
  Sync(a, b);
  for (Replica* r : {&a, &b}) {
    CHECK(StateOf(*r, item.id) == "changed");
    ItemView v = ItemOf(*r, item.id);
    REQUIRE(v.last_agreed.has_value());
    REQUIRE_FALSE(v.last_agreed->fields.empty());
    CHECK(v.last_agreed->fields[0].text == "No shouting.");
  }
}

TEST_CASE("ResolveWithoutAConflictIsRefused") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(
      Item("at-the-edge", {{"when", "Money comes up late."}, {"from_time", "20:00"}}),
      3000));
  const crdt::VersionVector before = a.plan.document().version();
  auto r = a.plan.Resolve(item.id, "from_time", "21:00", 3100);
  CHECK(r.status().IsFailedPrecondition());
  CHECK(r.status().message().find("use edit") != std::string::npos);
  CHECK(a.plan.Resolve(item.id, "when", "x", 3100).status().IsFailedPrecondition());
  CHECK(a.plan.document().version() == before);
  CHECK(ItemOf(a, item.id).FindField("from_time")->value() == "20:00");
}

TEST_CASE("RemovalOfEndorsedItemIsOnlyAProposal") {
  Replica a, b;
  MakePair(a, b);
  std::string id = AgreedItem(a, b, "Call Priya.");
  Must(a.plan.Remove(id, "We lost touch.", 4000));
  Deliver(a, b);
  ItemView v = ItemOf(b, id);
  CHECK(StateName(v.state) == "removal-proposed");
  REQUIRE(v.removal.has_value());
  CHECK(v.removal->proposed_by == "rae");
  CHECK(v.removal->reason == "We lost touch.");
  // Jun's agree endorses the removal: now it is gone for both.
  Must(b.plan.Agree(id, 4100));
  Deliver(b, a);
  CHECK(!testing::HasItem(a, id));
  CHECK(!testing::HasItem(b, id));
}

TEST_CASE("WithdrawDeclinesARemovalProposal") {
  Replica a, b;
  MakePair(a, b);
  std::string id = AgreedItem(a, b, "Call Priya.");
  Must(a.plan.Remove(id, "", 4000));
  Deliver(a, b);
  Must(b.plan.Withdraw(id, "keep it", 4100));
  Deliver(b, a);
  CHECK(StateOf(a, id) == "agreed");  // declining did not withdraw the content
  CHECK(!ItemOf(a, id).removal.has_value());
}

TEST_CASE("OwnNeverEndorsedDraftIsDeletedDirectly") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "draft"}}), 3000));
  Deliver(a, b);
  Must(a.plan.Remove(item.id, "", 3100));
  Deliver(a, b);
  CHECK(!testing::HasItem(a, item.id));
  CHECK(!testing::HasItem(b, item.id));
}

TEST_CASE("DirectDeleteConcurrentWithEndorsementBecomesProposal") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "draft"}}), 3000));
  Deliver(a, b);
  Must(a.plan.Remove(item.id, "", 3100));  // a direct delete, as far as Rae knows
  Must(b.plan.Agree(item.id, 3100));       // concurrently, Jun endorses
  Sync(a, b);
  for (Replica* r : {&a, &b}) {
    REQUIRE(testing::HasItem(*r, item.id));
    CHECK(StateOf(*r, item.id) == "removal-proposed");
  }
  Must(b.plan.Agree(item.id, 3200));  // Jun endorses the removal
  Deliver(b, a);
  CHECK(!testing::HasItem(a, item.id));
}

TEST_CASE("OwnerEditResetsAcknowledgements") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(
      Item("hot-buttons", {{"sets_it_off", "Being told I'm overreacting."}}), 3000));
  Deliver(a, b);
  CHECK(StateOf(b, item.id) == "proposed");
  Must(b.plan.Ack(item.id, 3100));
  Deliver(b, a);
  CHECK(StateOf(a, item.id) == "acknowledged");
  CHECK(ItemOf(a, item.id).acks == std::vector<std::string>{"jun"});
  Must(a.plan.Edit(item.id, {{"looks_like", "I walk out."}}, 3200));
  Deliver(a, b);
  CHECK(StateOf(b, item.id) == "proposed");
  CHECK(ItemOf(b, item.id).acks.empty());
  Must(b.plan.Ack(item.id, 3300));
  CHECK(StateOf(b, item.id) == "acknowledged");
}

TEST_CASE("RevisitStandsUntilRequesterEndorsesAgain") {
  Replica a, b;
  MakePair(a, b);
  std::string id = AgreedItem(a, b, "No police unless someone is hurt.");
  Must(b.plan.Revisit(id, "what does hurt cover?", 4000));
  Deliver(b, a);
  CHECK(StateOf(a, id) == "revisit");
  CHECK(ItemOf(a, id).FindStance("jun")->revisit_reason == "what does hurt cover?");
  Must(a.plan.Agree(id, 4100));  // someone else's endorsement does not clear it
  Deliver(a, b);
  CHECK(StateOf(b, id) == "revisit");
  Must(b.plan.Agree(id, 4200));
  Deliver(b, a);
  CHECK(StateOf(a, id) == "agreed");
}

TEST_CASE("SuggestionWaitsForTheOwnerToTakeOrDismiss") {
  Replica a, b;
  MakePair(a, b);
  auto item =
      Must(a.plan.AddItem(Item("hot-buttons", {{"looks_like", "I walk out."}}), 3000));
  Deliver(a, b);
  Must(b.plan.Suggest(item.id, "looks_like", "I walk out and don't say where.", 3100));
  Must(b.plan.Suggest(item.id, "helps_in_moment", "A hug.", 3150));
  Deliver(b, a);
  ItemView v = ItemOf(a, item.id);
  REQUIRE(v.suggestions.size() == 2);
  CHECK(v.suggestions[0].status == "open");
  CHECK(v.FindField("looks_like")->text == "I walk out.");
  // Jun cannot dismiss suggestions on Rae's item.
  CHECK(!b.plan.Dismiss(item.id, v.suggestions[0].id, false, 3200).ok());
  Must(a.plan.Dismiss(item.id, v.suggestions[0].id, true, 3200));
  Must(a.plan.Dismiss(item.id, v.suggestions[1].id, false, 3300));
  Deliver(a, b);
  v = ItemOf(b, item.id);
  CHECK(v.FindField("looks_like")->text == "I walk out and don't say where.");
  CHECK(v.suggestions[0].status == "taken");
  CHECK(v.suggestions[1].status == "dismissed");
}

TEST_CASE("NewMemberMakesAgreementsPending") {
  Replica a, b, c;
  MakePair(a, b);
  std::string id = AgreedItem(a, b, "We both sleep on it.");
  std::string sam;
  Must(a.plan.Invite("Sam", 5000, &sam));
  Deliver(a, b);
  Must(b.plan.Approve(sam, 5100));
  Deliver(b, a);
  Must(a.plan.AddMember(sam, c.record, 5200));
  Sync(a, b);
  Deliver(a, c);
  for (Replica* r : {&a, &b, &c}) CHECK(StateOf(*r, id) == "pending");
  Must(c.plan.Agree(id, 5300));
  Deliver(c, a);
  CHECK(StateOf(a, id) == "agreed");
}

TEST_CASE("NoMembershipChangeMakesAnItemAgreed") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "v1"}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  // Jun never endorsed, and leaves: Rae alone endorses, yet it is not agreed.
  Must(b.plan.Leave(3200));
  Deliver(b, a);
  ItemView v = ItemOf(a, item.id);
  CHECK(StateName(v.state) == "pending");
  CHECK(v.FindStance("rae")->reconfirm);
  Must(a.plan.Agree(item.id, 3300));
  CHECK(StateOf(a, item.id) == "agreed");
}

TEST_CASE("ItemIdsMayBeAbbreviatedToAUniquePrefix") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "v1"}}), 3000));
  CHECK(item.id.size() == 8);
  CHECK(Must(a.plan.ResolveItemId(item.id.substr(0, 5))) == item.id);
  Must(a.plan.Agree(item.id.substr(0, 4), 3100));
  CHECK(StateOf(a, item.id) == "proposed");
}

TEST_CASE("UnknownAndAmbiguousIdsAreRejected") {
  Replica a, b;
  MakePair(a, b);
  std::map<char, int> first;
  bool ambiguous = false;
  char prefix = 0;
  for (int i = 0; i < 40 && !ambiguous; ++i) {  // 32 letters: a repeat must come
    auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "x"}}), 3000 + i));
    if (++first[item.id[0]] == 2) {
      ambiguous = true;
      prefix = item.id[0];
    }
  }
  REQUIRE(ambiguous);
  CHECK(a.plan.Agree(std::string(1, prefix), 4000).status().IsInvalidArgument());
  CHECK(a.plan.Agree("zzzzzzzzz", 4000).status().IsNotFound());
}

TEST_CASE("WrongFieldForKindIsRejected") {
  Replica a, b;
  MakePair(a, b);
  auto r = a.plan.AddItem(Item("patterns", {{"phone", "123"}}), 3000);
  CHECK(r.status().IsInvalidArgument());
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "x"}}), 3000));
  CHECK(
      a.plan.Edit(item.id, {{"each_will.rae", "x"}}, 3100).status().IsInvalidArgument());
  CHECK(a.plan.AddItem(Item("nowhere", {}), 3000).status().IsInvalidArgument());
  CHECK(
      a.plan.AddItem(Item("patterns", {}, "contact"), 3000).status().IsInvalidArgument());
}

TEST_CASE("OwnItemAboutAnotherMemberIsRefused") {
  Replica a, b;
  MakePair(a, b);
  auto r = a.plan.AddItem(Item("hot-buttons", {{"sets_it_off", "x"}}, "", "jun"), 3000);
  CHECK(r.status().IsPermissionDenied());
  auto mine = Must(a.plan.AddItem(Item("hot-buttons", {{"sets_it_off", "x"}}), 3000));
  CHECK(ItemOf(a, mine.id).about == std::vector<std::string>{"rae"});
  auto ours = Must(a.plan.AddItem(Item("patterns", {{"text", "x"}}), 3000));
  CHECK(ItemOf(a, ours.id).about_us);
}

TEST_CASE("DebriefOwnPartIsEditableOnlyByItsMember") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("debriefs", {{"happened", "A bad night."},
                                                    {"per_member.rae.felt", "Scared."}}),
                                  3000));
  Deliver(a, b);
  CHECK(b.plan.Edit(item.id, {{"per_member.rae.felt", "Fine."}}, 3100)
            .status()
            .IsPermissionDenied());
  Must(b.plan.Edit(item.id, {{"per_member.jun.felt", "Crowded."}}, 3100));
  std::string before = ItemOf(b, item.id).content_hash_hex;
  Must(b.plan.Edit(item.id, {{"per_member.jun.felt", "Crowded, then relieved."}}, 3200));
  CHECK(ItemOf(b, item.id).content_hash_hex == before);  // own parts are not hashed
  Must(b.plan.Edit(item.id, {{"we_change", "Ask first."}}, 3300));
  CHECK(ItemOf(b, item.id).content_hash_hex != before);
}

TEST_CASE("TextEditsMergeAndReplicasConverge") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "We talk."}}), 3000));
  Deliver(a, b);
  Must(a.plan.Edit(item.id, {{"text", "We talk calmly."}}, 3100));
  Must(b.plan.Edit(item.id, {{"text", "Then we talk."}}, 3100));
  Sync(a, b);
  std::string ta = ItemOf(a, item.id).FindField("text")->text;
  CHECK(ta == ItemOf(b, item.id).FindField("text")->text);
  CHECK(ta == "Then we talk calmly.");
  CHECK(ItemOf(a, item.id).content_hash_hex == ItemOf(b, item.id).content_hash_hex);
}

}  // namespace
}  // namespace mutual::plan
