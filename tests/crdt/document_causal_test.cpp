// Tests for Document's causal layer: pending changes, idempotence, heads,
// HappenedBefore, Missing, StateAt, and rejecting malformed changes.
#include <algorithm>

#include <catch2/catch.hpp>

#include "libsync/crdt/document.h"
#include "tests/crdt/doc_test_util.h"

namespace mutual::crdt {
namespace {

using testutil::Actor;
using testutil::Committed;
using testutil::Dump;
using testutil::MustApply;
using testutil::MustCommit;

const ActorId kA = Actor(1);
const ActorId kB = Actor(2);
const ActorId kC = Actor(3);

// A small history: a1 makes a text, b1 (after a1) types, a2 (concurrent
// with b1) sets a key, c1 (after b1 and a2) edits both.
struct History {
  Committed a1, b1, a2, c1;
  OpId text;
};

History MakeHistory() {
  History h;
  Document a, b, c;
  auto t = a.Begin(kA, 0);
  h.text = t.Set(kRootObject, "text", MakeObject{ObjType::kText});
  t.InsertText(h.text, 0, "hi");
  h.a1 = MustCommit(t);
  MustApply(b, h.a1);
  auto tb = b.Begin(kB, 0);
  tb.InsertText(h.text, 2, " there");
  h.b1 = MustCommit(tb);
  auto t2 = a.Begin(kA, 0);
  t2.Set(kRootObject, "k", int64_t{1});
  h.a2 = MustCommit(t2);
  MustApply(c, h.a1);
  MustApply(c, h.b1);
  MustApply(c, h.a2);
  auto tc = c.Begin(kC, 0);
  tc.DeleteText(h.text, 0, 1);
  tc.Set(kRootObject, "k", int64_t{2});
  h.c1 = MustCommit(tc);
  return h;
}

TEST_CASE("ChangeWaitsForItsDepsThenApplies") {
  History h = MakeHistory();
  Document d;
  auto r = MustApply(d, h.c1);
  CHECK(r.status == ChangeStatus::kPending);
  CHECK(d.StatusOf(h.c1.change.id()) == ChangeStatus::kPending);
  CHECK(MustApply(d, h.b1).status == ChangeStatus::kPending);
  CHECK(MustApply(d, h.a2).status == ChangeStatus::kPending);
  CHECK(d.PendingCount() == 3);
  CHECK(d.Text(h.text).empty());
  auto last = MustApply(d, h.a1);
  CHECK(last.status == ChangeStatus::kApplied);
  CHECK(last.applied.size() == 4);
  CHECK(last.applied.front() == h.a1.change.id());
  CHECK(last.applied.back() == h.c1.change.id());
  CHECK(d.PendingCount() == 0);
  CHECK(d.Text(h.text) == "i there");
  CHECK(d.Get(kRootObject, "k").size() == 1);
}

TEST_CASE("EveryDeliveryOrderGivesTheSameState") {
  History h = MakeHistory();
  std::vector<const Committed*> all = {&h.a1, &h.b1, &h.a2, &h.c1};
  std::vector<int> idx = {0, 1, 2, 3};
  std::string expected;
  do {
    Document d;
    for (int i : idx) MustApply(d, *all[i]);
    std::string dump = Dump(d);
    if (expected.empty()) expected = dump;
    CHECK(dump == expected);
  } while (std::next_permutation(idx.begin(), idx.end()));
  CHECK(expected.find("i there") != std::string::npos);
}

TEST_CASE("ApplyingAChangeTwiceIsANoOp") {
  History h = MakeHistory();
  Document d;
  MustApply(d, h.a1);
  MustApply(d, h.b1);
  std::string before = Dump(d);
  auto again = MustApply(d, h.b1);
  CHECK(again.status == ChangeStatus::kApplied);
  CHECK(again.applied.empty());
  CHECK(Dump(d) == before);
  // A pending change delivered twice stays pending once.
  MustApply(d, h.c1);
  MustApply(d, h.c1);
  CHECK(d.PendingCount() == 1);
  MustApply(d, h.a2);
  CHECK(d.PendingCount() == 0);
}

TEST_CASE("HeadsTrackConcurrentBranches") {
  History h = MakeHistory();
  Document d;
  MustApply(d, h.a1);
  MustApply(d, h.b1);
  MustApply(d, h.a2);
  CHECK(d.Heads() == std::vector<ChangeId>{h.a2.change.id(), h.b1.change.id()});
  MustApply(d, h.c1);
  CHECK(d.Heads() == std::vector<ChangeId>{h.c1.change.id()});
  CHECK(d.version().Get(kA) == 2);
  CHECK(d.version().Get(kB) == 1);
}

TEST_CASE("HappenedBeforeAndDepsOfFollowTheCausalGraph") {
  History h = MakeHistory();
  Document d;
  for (auto* c : {&h.a1, &h.b1, &h.a2, &h.c1}) MustApply(d, *c);
  CHECK(d.HappenedBefore(h.a1.change.id(), h.c1.change.id()));
  CHECK(d.HappenedBefore(h.a1.change.id(), h.b1.change.id()));
  CHECK_FALSE(d.HappenedBefore(h.b1.change.id(), h.a2.change.id()));
  CHECK_FALSE(d.HappenedBefore(h.a2.change.id(), h.b1.change.id()));
  CHECK_FALSE(d.HappenedBefore(h.c1.change.id(), h.c1.change.id()));
  auto deps = d.DepsOf(h.c1.change.id());
  std::sort(deps.begin(), deps.end());
  CHECK(deps == std::vector<ChangeId>{h.a2.change.id(), h.b1.change.id()});
}

TEST_CASE("MissingListsUncoveredChangesDepsFirst") {
  History h = MakeHistory();
  Document d;
  for (auto* c : {&h.a1, &h.a2, &h.b1, &h.c1}) MustApply(d, *c);
  VersionVector have;
  have.Set(kA, 1);
  auto missing = d.Missing(have);
  REQUIRE(missing.size() == 3);
  auto pos = [&](const ChangeId& id) {
    return std::find(missing.begin(), missing.end(), id) - missing.begin();
  };
  CHECK(pos(h.c1.change.id()) == 2);
  CHECK(pos(h.a2.change.id()) < 2);
  CHECK(pos(h.b1.change.id()) < 2);
  CHECK(d.Missing(d.version()).empty());
}

TEST_CASE("StateAtHoldsExactlyTheCausalPast") {
  History h = MakeHistory();
  Document d;
  for (auto* c : {&h.a1, &h.b1, &h.a2, &h.c1}) MustApply(d, *c);
  Document past = d.StateAt({h.b1.change.id()});
  CHECK(past.Text(h.text) == "hi there");
  CHECK(past.Get(kRootObject, "k").empty());
  CHECK(past.StatusOf(h.a2.change.id()) == ChangeStatus::kUnknown);
  CHECK(past.Heads() == std::vector<ChangeId>{h.b1.change.id()});
  Document all = d.StateAt(d.Heads());
  CHECK(Dump(all) == Dump(d));
}

// --- malformed changes: rejected with Corruption, nothing changed.

Status ApplyStatus(Document& d, const Change& c) { return d.Apply(c, {}).status(); }

TEST_CASE("ChangeWithCounterNotAboveItsDepsIsRejected") {
  History h = MakeHistory();
  Document d;
  MustApply(d, h.a1);
  std::string before = Dump(d);
  Change bad = h.b1.change;
  bad.start_counter = h.a1.change.last_counter();
  // Origins now point at or after the change's own counters: rebuild the
  // op so only the counter is wrong.
  auto& ins = std::get<SeqInsert>(bad.ops[0]);
  ins.origin_left.reset();
  ins.origin_right.reset();
  CHECK(ApplyStatus(d, bad).IsCorruption());
  CHECK(Dump(d) == before);
}

TEST_CASE("ChangeWhoseCounterJumpsFarPastItsDepsIsRejected") {
  Document d;
  Change c;
  c.actors = {kA};
  c.seq = 1;
  c.start_counter = (uint64_t{1} << 32) + 2;
  c.ops.push_back(MapSet{kRootObject, "k", true, {}});
  CHECK(ApplyStatus(d, c).IsCorruption());
  c.start_counter = 1000;
  CHECK(ApplyStatus(d, c).ok());
}

TEST_CASE("ChangeWithoutItsAuthorsPreviousChangeIsRejected") {
  History h = MakeHistory();
  Document d;
  MustApply(d, h.a1);
  Change bad = h.a2.change;
  bad.deps.clear();
  CHECK(ApplyStatus(d, bad).IsCorruption());
  CHECK(d.StatusOf(bad.id()) == ChangeStatus::kUnknown);
}

TEST_CASE("ChangeOnAnUnknownObjectIsRejected") {
  Document d;
  Change c;
  c.actors = {kA};
  c.seq = 1;
  c.start_counter = 10;
  c.ops.push_back(MapSet{kRootObject, "ok", int64_t{1}, {}});
  c.ops.push_back(SeqInsert{OpId{5, 0}, std::nullopt, std::nullopt, "x", {}});
  CHECK(ApplyStatus(d, c).IsCorruption());
  CHECK(d.Keys(kRootObject).empty());  // the first op was not kept
  CHECK(d.version().Get(kA) == 0);
}

TEST_CASE("OpOnAnObjectOfTheWrongTypeIsRejected") {
  History h = MakeHistory();
  Document d;
  MustApply(d, h.a1);
  Change c;
  c.actors = {kB, kA};
  c.seq = 1;
  c.start_counter = 100;
  c.deps = {{1, 1}};
  // A map set on the text object.
  c.ops.push_back(MapSet{OpId{h.text.counter, 1}, "k", true, {}});
  CHECK(ApplyStatus(d, c).IsCorruption());
}

TEST_CASE("ReferenceToAConcurrentOpIsRejectedInEveryOrder") {
  // b's change names an element a2 inserted, without depending on a2.
  Document a;
  auto t = a.Begin(kA, 0);
  OpId text = t.Set(kRootObject, "t", MakeObject{ObjType::kText});
  auto a1 = MustCommit(t);
  auto t2 = a.Begin(kA, 0);
  t2.InsertText(text, 0, "x");
  auto a2 = MustCommit(t2);
  Change hostile;
  hostile.actors = {kB, kA};
  hostile.seq = 1;
  hostile.start_counter = 50;
  hostile.deps = {{1, 1}};
  hostile.ops.push_back(
      SeqDelete{OpId{text.counter, 1}, OpId{a2.change.start_counter, 1}, 1});
  Document first, second;
  MustApply(first, a1);
  MustApply(first, a2);  // a2 present, but not in the change's past
  CHECK(ApplyStatus(first, hostile).IsCorruption());
  MustApply(second, a1);
  CHECK(ApplyStatus(second, hostile).IsCorruption());
  MustApply(second, a2);
  CHECK(Dump(first) == Dump(second));
  CHECK(first.Text(text) == "x");
}

TEST_CASE("EncodedBytesMustMatchTheChange") {
  History h = MakeHistory();
  Document d;
  Bytes wrong = h.a1.encoded;
  wrong.back() ^= 1;
  CHECK(d.Apply(h.a1.change, wrong).status().IsCorruption());
  CHECK(d.Apply(h.a1.change, h.a1.encoded).ok());
}

TEST_CASE("DeleteOfIdsBeyondTheCausalPastIsRejected") {
  Document a;
  auto t = a.Begin(kA, 0);
  OpId text = t.Set(kRootObject, "t", MakeObject{ObjType::kText});
  t.InsertText(text, 0, "abc");
  auto a1 = MustCommit(t);
  Change c;
  c.actors = {kB, kA};
  c.seq = 1;
  c.start_counter = 100;
  c.deps = {{1, 1}};
  c.ops.push_back(SeqDelete{OpId{text.counter, 1}, OpId{text.counter + 1, 1}, 50});
  Document d;
  MustApply(d, a1);
  CHECK(ApplyStatus(d, c).IsCorruption());
  std::get<SeqDelete>(c.ops[0]).len = 3;
  CHECK(ApplyStatus(d, c).ok());
  CHECK(d.Text(text).empty());
}

}  // namespace
}  // namespace mutual::crdt
