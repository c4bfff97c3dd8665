// The consent rules as pure functions (consent.cpp), on hand-made
// histories. `before` is given explicitly: sequential histories use op
// order; concurrent ones name the pairs that are causally ordered.
#include "libsync/plan/consent.h"

#include <catch2/catch.hpp>
#include <set>

namespace mutual::plan {
namespace {

using T = ConsentEvent::Type;

ContentHash H(uint8_t n) {
  ContentHash h{};
  h.fill(n);
  return h;
}

const std::vector<std::string> kPair = {"alex", "sam"};

ConsentEvent Ev(T type, std::string member, uint8_t hash = 0,
                std::vector<std::string> then = kPair) {
  ConsentEvent e;
  e.type = type;
  e.member = std::move(member);
  e.hash = H(hash);
  e.reason = "because";
  e.then_members = std::move(then);
  return e;
}

ConsentInput Agree(uint8_t current, std::vector<ConsentEvent> events) {
  ConsentInput in;
  in.mode = ConsentMode::kAgree;
  in.current = H(current);
  in.author = "alex";
  in.members = kPair;
  in.events = std::move(events);
  in.before = [](size_t a, size_t b) { return a < b; };  // sequential
  return in;
}

// Only the listed pairs (and what they imply transitively) are ordered.
std::function<bool(size_t, size_t)> Edges(std::set<std::pair<size_t, size_t>> edges) {
  return [edges](size_t a, size_t b) {
    std::function<bool(size_t, size_t)> reach = [&](size_t x, size_t y) {
      for (const auto& [p, q] : edges) {
        if (p == x && (q == y || reach(q, y))) return true;
      }
      return false;
    };
    return reach(a, b);
  };
}

TEST_CASE("StanceIsTheCausallyNewestEndorseOrWithdraw") {
  auto in = Agree(1, {Ev(T::kEndorse, "sam", 1), Ev(T::kWithdraw, "sam")});
  CHECK(StanceOf(in, "sam", T::kEndorse).kind == Stance::kWithdraw);
  in.events.push_back(Ev(T::kEndorse, "sam", 1));
  CHECK(StanceOf(in, "sam", T::kEndorse).kind == Stance::kEndorse);
  CHECK(StanceOf(in, "alex", T::kEndorse).kind == Stance::kNone);
}

TEST_CASE("AmongConcurrentNewestOpsWithdrawWins") {
  auto in = Agree(1, {Ev(T::kWithdraw, "sam"), Ev(T::kEndorse, "sam", 1)});
  in.before = Edges({});  // concurrent, though the endorsement sorts later
  CHECK(StanceOf(in, "sam", T::kEndorse).kind == Stance::kWithdraw);
  CHECK(EvaluateConsent(in).state == ItemState::kWithdrawn);
}

TEST_CASE("AgreedOnlyWhenEveryCurrentMemberEndorsesTheCurrentHash") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1)});
  CHECK(EvaluateConsent(in).state == ItemState::kProposed);
  in.events.push_back(Ev(T::kEndorse, "sam", 1));
  auto r = EvaluateConsent(in);
  CHECK(r.state == ItemState::kAgreed);
  REQUIRE(r.last_agreed);
  CHECK(*r.last_agreed == H(1));
}

TEST_CASE("ConcurrentEndorsementsStillMakeAnAgreement") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 1)});
  in.before = Edges({});
  CHECK(EvaluateConsent(in).state == ItemState::kAgreed);
}

TEST_CASE("EndorsingAnOlderHashDoesNotCount") {
  auto in = Agree(2, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 2)});
  auto r = EvaluateConsent(in);
  CHECK(r.state == ItemState::kProposed);
  CHECK(!r.last_agreed);
}

TEST_CASE("EditAfterAgreementIsChangedWithLastAgreed") {
  auto in = Agree(2, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 1)});
  auto r = EvaluateConsent(in);
  CHECK(r.state == ItemState::kChanged);
  CHECK(r.last_agreed == H(1));
  in.current = H(1);  // reverted
  CHECK(EvaluateConsent(in).state == ItemState::kAgreed);
}

TEST_CASE("LastAgreedIsTheCausallyNewestAgreedContent") {
  auto in = Agree(3, {Ev(T::kEndorse, "alex", 2), Ev(T::kEndorse, "sam", 2),
                      Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 1)});
  // Content 1 was agreed after content 2 (a revert), so it is the newest.
  CHECK(EvaluateConsent(in).last_agreed == H(1));
}

TEST_CASE("ConcurrentAgreementsTieBreakOnTheGreaterHash") {
  // alex:h1 then sam:h1 (agreement on 1) concurrent with sam':h2 then
  // alex':h2 (agreement on 2) — e.g. two devices each.
  auto in = Agree(9, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 2),
                      Ev(T::kEndorse, "sam", 1), Ev(T::kEndorse, "alex", 2)});
  in.before = Edges({{0, 2}, {1, 3}});
  CHECK(EvaluateConsent(in).last_agreed == H(2));
}

TEST_CASE("RevisitStandsUntilTheRequesterEndorsesAgain") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 1),
                      Ev(T::kRevisit, "sam"), Ev(T::kEndorse, "alex", 1)});
  auto r = EvaluateConsent(in);
  CHECK(r.state == ItemState::kRevisit);
  CHECK(r.revisits.at("sam") == "because");
  in.events.push_back(Ev(T::kEndorse, "sam", 1));
  CHECK(EvaluateConsent(in).state == ItemState::kAgreed);
}

TEST_CASE("StatePrecedenceFollowsTheTable") {
  auto in = Agree(
      1, {Ev(T::kEndorse, "alex", 1), Ev(T::kRevisit, "alex"), Ev(T::kWithdraw, "sam")});
  CHECK(EvaluateConsent(in).state == ItemState::kWithdrawn);  // withdrawn > revisit
  in.conflicted = true;
  CHECK(EvaluateConsent(in).state == ItemState::kConflicted);  // conflicted > withdrawn
  in.events.push_back(Ev(T::kRemovePropose, "sam"));
  CHECK(EvaluateConsent(in).state == ItemState::kRemovalProposed);
}

TEST_CASE("FreshItemIsDraftUntilAnyoneEndorsesIt") {
  CHECK(EvaluateConsent(Agree(1, {})).state == ItemState::kDraft);
}

TEST_CASE("NewMemberLeavesAnAgreementPending") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 1)});
  in.members = {"alex", "sam", "kim"};
  auto r = EvaluateConsent(in);
  CHECK(r.state == ItemState::kPending);
  in.events.push_back(Ev(T::kEndorse, "kim", 1, {"alex", "sam", "kim"}));
  CHECK(EvaluateConsent(in).state == ItemState::kAgreed);
}

TEST_CASE("DepartureNeverCompletesAnAgreement") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1)});
  in.members = {"alex"};  // sam left without endorsing
  auto r = EvaluateConsent(in);
  CHECK(r.state == ItemState::kPending);
  CHECK(r.reconfirm.count("alex") == 1);
  in.events.push_back(Ev(T::kEndorse, "alex", 1, {"alex"}));
  CHECK(EvaluateConsent(in).state == ItemState::kAgreed);
}

TEST_CASE("DepartureOfAnEndorserKeepsTheAgreement") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 1)});
  in.members = {"alex"};
  CHECK(EvaluateConsent(in).state == ItemState::kAgreed);
}

TEST_CASE("OwnModeIsAcknowledgedOnceEveryOtherMemberAcksTheCurrentHash") {
  ConsentInput in = Agree(1, {});
  in.mode = ConsentMode::kOwn;
  in.owners = {"alex"};
  CHECK(EvaluateConsent(in).state == ItemState::kProposed);
  in.events.push_back(Ev(T::kAck, "sam", 1));
  auto r = EvaluateConsent(in);
  CHECK(r.state == ItemState::kAcknowledged);
  CHECK(r.acks == std::vector<std::string>{"sam"});
  in.current = H(2);  // the owner edited
  CHECK(EvaluateConsent(in).state == ItemState::kProposed);
}

TEST_CASE("DirectDeleteRemovesAnUncontestedItem") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1), Ev(T::kRemoveDirect, "alex")});
  CHECK(EvaluateConsent(in).removed);
}

TEST_CASE("DirectDeleteConcurrentWithAnEndorsementIsAProposal") {
  auto in = Agree(1, {Ev(T::kRemoveDirect, "alex"), Ev(T::kEndorse, "sam", 1)});
  in.before = Edges({});
  auto r = EvaluateConsent(in);
  CHECK(!r.removed);
  CHECK(r.state == ItemState::kRemovalProposed);
  REQUIRE(r.removal);
  CHECK(r.removal->proposed_by == "alex");
}

TEST_CASE("RemovalTakesEffectOnceEveryMemberEndorsesIt") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 1),
                      Ev(T::kRemovePropose, "alex")});
  auto r = EvaluateConsent(in);
  CHECK(r.state == ItemState::kRemovalProposed);
  CHECK(r.removal->endorsed_by == std::vector<std::string>{"alex"});
  in.events.push_back(Ev(T::kRemovalEndorse, "sam"));
  CHECK(EvaluateConsent(in).removed);
}

TEST_CASE("DeclinedRemovalIsClosed") {
  auto in = Agree(1, {Ev(T::kEndorse, "alex", 1), Ev(T::kEndorse, "sam", 1),
                      Ev(T::kRemovePropose, "alex"), Ev(T::kRemovalDecline, "sam")});
  auto r = EvaluateConsent(in);
  CHECK(!r.removal);
  CHECK(r.state == ItemState::kAgreed);
}

}  // namespace
}  // namespace mutual::plan
