// Tests for Document validity: a Policy judges each change at its causal
// past, invalid and void changes are masked consistently on every replica,
// and the state is recomputed when the void set changes.
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

constexpr uint32_t kRemove = 1;  // payload: {actor byte, last seq}

// Rules for the tests: while the root key "lock" holds true (at the
// change's deps), a change that sets any other root key is invalid.
// Domain op kRemove voids an actor's changes after a seq.
class LockPolicy : public Policy {
 public:
  Verdict Judge(const Document& at, const Change& c) const override {
    ++judged;
    auto lock = at.Get(kRootObject, "lock");
    bool locked = std::any_of(lock.begin(), lock.end(),
                              [](const RegisterValue& v) { return v.value == Value(true); });
    for (const Op& op : c.ops) {
      const auto* set = std::get_if<MapSet>(&op);
      if (locked && set && set->obj.counter == 0 && set->key != "lock") {
        return {false, "locked", {}};
      }
    }
    return {true, "", Bytes{static_cast<uint8_t>(c.seq)}};
  }
  std::map<ActorId, uint64_t> VoidAfter(const Document& doc) const override {
    std::map<ActorId, uint64_t> out;
    for (const DomainRecord& r : doc.DomainOps()) {
      if (r.kind == kRemove && r.payload.size() == 2) out[Actor(r.payload[0])] = r.payload[1];
    }
    return out;
  }
  mutable int judged = 0;
};

Committed SetKey(Document& d, const ActorId& who, const std::string& key, Value v) {
  auto t = d.Begin(who, 0);
  t.Set(kRootObject, key, std::move(v));
  return MustCommit(t);
}

TEST_CASE("ChangeMadeOnALockedStateIsInvalidEverywhere") {
  LockPolicy p;
  Document a(&p), b(&p);
  auto lock = SetKey(a, kA, "lock", true);
  auto concurrent = SetKey(b, kB, "x", int64_t{1});  // did not see the lock
  MustApply(b, lock);
  auto t = b.Begin(kB, 0);
  t.Set(kRootObject, "y", int64_t{2});
  auto r = t.Commit();  // made on a locked state: refused locally
  CHECK(r.status().IsPermissionDenied());
  CHECK(b.Get(kRootObject, "y").empty());
  // The rolled-back document takes the next transaction normally.
  auto t2 = b.Begin(kB, 0);
  t2.Set(kRootObject, "lock", false);
  auto unlock = MustCommit(t2);
  CHECK(unlock.change.seq == 2);
  MustApply(a, unlock);
  CHECK(MustApply(a, concurrent).status == ChangeStatus::kApplied);
  CHECK(a.Get(kRootObject, "x").size() == 1);
  CHECK(Dump(a) == Dump(b));
}

// A hostile (or old) replica makes a change the policy rejects; every
// replica masks it, whatever the arrival order, and a change built on it
// still applies.
TEST_CASE("InvalidChangeIsMaskedInEveryOrderAndItsDependentsApply") {
  LockPolicy p;
  Document maker;  // no policy: it can make the invalid change
  auto lock = SetKey(maker, kA, "lock", true);
  auto t = maker.Begin(kB, 0);
  OpId text = t.Set(kRootObject, "bad", MakeObject{ObjType::kText});
  auto bad = MustCommit(t);
  auto t2 = maker.Begin(kC, 0);
  t2.Set(kRootObject, "lock", false);
  auto unlock = MustCommit(t2);
  auto t3 = maker.Begin(kC, 0);
  t3.Set(kRootObject, "after", int64_t{1});
  auto after = MustCommit(t3);
  (void)text;

  std::vector<const Committed*> all = {&lock, &bad, &unlock, &after};
  std::vector<int> idx = {0, 1, 2, 3};
  std::string expected;
  do {
    Document d(&p);
    for (int i : idx) MustApply(d, *all[i]);
    CHECK(d.StatusOf(bad.change.id()) == ChangeStatus::kInvalid);
    CHECK(d.ReasonOf(bad.change.id()) == "locked");
    CHECK(d.StatusOf(after.change.id()) == ChangeStatus::kApplied);
    CHECK(d.Get(kRootObject, "bad").empty());
    CHECK(d.Get(kRootObject, "after").size() == 1);
    if (expected.empty()) expected = Dump(d);
    CHECK(Dump(d) == expected);
  } while (std::next_permutation(idx.begin(), idx.end()));
}

TEST_CASE("MaskedInsertsStayAsTombstonesSoLaterInsertsCanAnchor") {
  // Rule: a change whose text insert contains "!" is invalid.
  class NoBang : public Policy {
   public:
    Verdict Judge(const Document&, const Change& c) const override {
      for (const Op& op : c.ops) {
        const auto* ins = std::get_if<SeqInsert>(&op);
        if (ins && ins->text.find('!') != std::string::npos) return {false, "bang", {}};
      }
      return {};
    }
    std::map<ActorId, uint64_t> VoidAfter(const Document&) const override { return {}; }
  } p;
  Document maker;
  auto t = maker.Begin(kA, 0);
  OpId text = t.Set(kRootObject, "t", MakeObject{ObjType::kText});
  t.InsertText(text, 0, "ab");
  auto c1 = MustCommit(t);
  auto t2 = maker.Begin(kB, 0);
  t2.InsertText(text, 1, "!!");
  auto c2 = MustCommit(t2);
  auto t3 = maker.Begin(kC, 0);
  t3.InsertText(text, 2, "x");  // right after the first "!"
  auto c3 = MustCommit(t3);
  Document d(&p);
  for (auto* c : {&c1, &c2, &c3}) MustApply(d, *c);
  CHECK(d.StatusOf(c2.change.id()) == ChangeStatus::kInvalid);
  CHECK(d.Text(text) == "axb");
}

TEST_CASE("VerdictNotesAreHandedBackWithDomainOps") {
  LockPolicy p;
  Document d(&p);
  auto t = d.Begin(kA, 0);
  t.Domain(9, Bytes{4});
  MustCommit(t);
  auto ops = d.DomainOps();
  REQUIRE(ops.size() == 1);
  CHECK(ops[0].note == Bytes{1});  // the policy notes the seq
}

// kB writes three changes; kA, having seen only kB/1, removes kB after
// seq 1. kB/2 and kB/3 become void wherever they arrived first.
TEST_CASE("VoidAfterMasksLaterChangesAndRecomputesTheState") {
  LockPolicy p;
  Document maker;
  auto b1 = SetKey(maker, kB, "b", int64_t{1});
  Document a(&p);
  MustApply(a, b1);
  auto t = a.Begin(kA, 0);
  t.Domain(kRemove, Bytes{2, 1});
  auto removal = MustCommit(t);
  auto b2 = SetKey(maker, kB, "b", int64_t{2});
  auto b3 = SetKey(maker, kB, "c", int64_t{3});

  Document early(&p), late(&p);
  for (auto* c : {&b1, &b2, &b3}) MustApply(late, *c);
  CHECK(late.Get(kRootObject, "b")[0].value == Value(int64_t{2}));  // before removal
  MustApply(late, removal);
  for (auto* c : {&b1, &removal, &b2, &b3}) MustApply(early, *c);
  for (Document* d : {&early, &late, &a}) {
    if (d == &a) {
      MustApply(a, b2);
      MustApply(a, b3);
    }
    CHECK(d->StatusOf(b2.change.id()) == ChangeStatus::kVoid);
    CHECK(d->StatusOf(b3.change.id()) == ChangeStatus::kVoid);
    CHECK(d->ReasonOf(b3.change.id()) == "author removed");
    CHECK(d->StatusOf(b1.change.id()) == ChangeStatus::kApplied);
    CHECK(d->Get(kRootObject, "b")[0].value == Value(int64_t{1}));
    CHECK(d->Get(kRootObject, "c").empty());
  }
  CHECK(Dump(early) == Dump(late));
  CHECK(Dump(a) == Dump(late));
}

TEST_CASE("RemovedAuthorCannotCommitLocally") {
  LockPolicy p;
  Document d(&p);
  auto t = d.Begin(kA, 0);
  t.Domain(kRemove, Bytes{2, 0});
  MustCommit(t);
  auto tb = d.Begin(kB, 0);
  tb.Set(kRootObject, "x", int64_t{1});
  CHECK(tb.Commit().status().IsPermissionDenied());
  CHECK(d.Get(kRootObject, "x").empty());
}

TEST_CASE("StateAtKeepsVerdictsAndRecomputesVoid") {
  LockPolicy p;
  Document maker;
  auto b1 = SetKey(maker, kB, "b", int64_t{1});
  auto b2 = SetKey(maker, kB, "b", int64_t{2});
  Document d(&p);
  MustApply(d, b1);
  MustApply(d, b2);
  auto t = d.Begin(kA, 0);
  t.Domain(kRemove, Bytes{2, 1});
  MustCommit(t);
  CHECK(d.StatusOf(b2.change.id()) == ChangeStatus::kVoid);
  // Before the removal, kB/2 stood.
  Document past = d.StateAt({b2.change.id()});
  CHECK(past.StatusOf(b2.change.id()) == ChangeStatus::kApplied);
  CHECK(past.Get(kRootObject, "b")[0].value == Value(int64_t{2}));
}

TEST_CASE("RemoteChangesAreJudgedAtTheirDepsNotTheCurrentState") {
  LockPolicy p;
  Document a(&p), b(&p);
  auto x = SetKey(b, kB, "x", int64_t{1});
  auto lock = SetKey(a, kA, "lock", true);
  // `a` is locked now, but x was made without the lock in its past.
  int before = p.judged;
  CHECK(MustApply(a, x).status == ChangeStatus::kApplied);
  CHECK(p.judged == before + 1);
  MustApply(b, lock);
  CHECK(Dump(a) == Dump(b));
}

}  // namespace
}  // namespace mutual::crdt
