// Tests for Document: registers, nested objects, text and lists, domain
// ops and local transactions.
#include "libsync/crdt/document.h"

#include <catch2/catch.hpp>

#include "tests/crdt/doc_test_util.h"

namespace mutual::crdt {
namespace {

using testutil::Actor;
using testutil::MustApply;
using testutil::MustCommit;

const ActorId kA = Actor(1);
const ActorId kB = Actor(2);

TEST_CASE("SetThenGetReturnsTheValue") {
  Document d;
  auto t = d.Begin(kA, 0);
  OpId id = t.Set(kRootObject, "title", std::string("plan"));
  auto c = MustCommit(t);
  auto vals = d.Get(kRootObject, "title");
  REQUIRE(vals.size() == 1);
  CHECK(vals[0].value == Value(std::string("plan")));
  CHECK(vals[0].id == id);
  CHECK(vals[0].change == ChangeId{kA, 1});
  CHECK(d.Keys(kRootObject) == std::vector<std::string>{"title"});
  CHECK(c.change.seq == 1);
}

TEST_CASE("ConcurrentSetsKeepBothValuesSortedByOpId") {
  Document a, b;
  auto ta = a.Begin(kA, 0);
  ta.Set(kRootObject, "k", int64_t{1});
  auto ca = MustCommit(ta);
  auto tb = b.Begin(kB, 0);
  tb.Set(kRootObject, "k", int64_t{2});
  auto cb = MustCommit(tb);
  MustApply(a, cb);
  MustApply(b, ca);
  for (Document* d : {&a, &b}) {
    auto vals = d->Get(kRootObject, "k");
    REQUIRE(vals.size() == 2);
    // Same counter: the actor key orders them (kA < kB).
    CHECK(vals[0].value == Value(int64_t{1}));
    CHECK(vals[1].value == Value(int64_t{2}));
  }
}

TEST_CASE("LaterSetSupersedesBothConcurrentValues") {
  Document a, b;
  auto ta = a.Begin(kA, 0);
  ta.Set(kRootObject, "k", int64_t{1});
  auto ca = MustCommit(ta);
  auto tb = b.Begin(kB, 0);
  tb.Set(kRootObject, "k", int64_t{2});
  auto cb = MustCommit(tb);
  MustApply(a, cb);
  auto t2 = a.Begin(kA, 0);
  t2.Set(kRootObject, "k", int64_t{3});
  auto c2 = MustCommit(t2);
  CHECK(std::get<MapSet>(c2.change.ops[0]).pred.size() == 2);
  MustApply(b, ca);
  MustApply(b, c2);
  for (Document* d : {&a, &b}) {
    auto vals = d->Get(kRootObject, "k");
    REQUIRE(vals.size() == 1);
    CHECK(vals[0].value == Value(int64_t{3}));
  }
}

TEST_CASE("DeleteRemovesEveryValueOfTheKey") {
  Document d;
  auto t = d.Begin(kA, 0);
  t.Set(kRootObject, "k", true);
  t.Set(kRootObject, "other", false);
  MustCommit(t);
  auto t2 = d.Begin(kA, 0);
  t2.Delete(kRootObject, "k");
  t2.Delete(kRootObject, "never-set");  // no-op, no op recorded
  auto c = MustCommit(t2);
  CHECK(c.change.ops.size() == 1);
  CHECK(d.Get(kRootObject, "k").empty());
  CHECK(d.Keys(kRootObject) == std::vector<std::string>{"other"});
}

TEST_CASE("NestedObjectsHaveTypesAndParents") {
  Document d;
  auto t = d.Begin(kA, 0);
  OpId section = t.Set(kRootObject, "section", MakeObject{ObjType::kMap});
  OpId items = t.Set(section, "items", MakeObject{ObjType::kList});
  OpId item = t.InsertValue(items, 0, MakeObject{ObjType::kMap});
  OpId body = t.Set(item, "body", MakeObject{ObjType::kText});
  t.InsertText(body, 0, "hello");
  auto c = MustCommit(t);
  CHECK(d.TypeOf(section) == ObjType::kMap);
  CHECK(d.TypeOf(items) == ObjType::kList);
  CHECK(d.TypeOf(body) == ObjType::kText);
  CHECK(d.ParentOf(section) == std::make_pair(kRootObject, std::string("section")));
  CHECK(d.ParentOf(body) == std::make_pair(item, std::string("body")));
  CHECK(d.ParentOf(item)->first == items);
  CHECK_FALSE(d.ParentOf(kRootObject).has_value());
  CHECK(d.Text(body) == "hello");

  // The same structure appears on a replica that receives the change.
  Document r;
  MustApply(r, c);
  CHECK(testutil::Dump(r) == testutil::Dump(d));
}

TEST_CASE("TextInsertDeleteAndReplace") {
  Document d;
  auto t = d.Begin(kA, 0);
  OpId text = t.Set(kRootObject, "t", MakeObject{ObjType::kText});
  t.InsertText(text, 0, "hello world");
  t.DeleteText(text, 0, 6);
  t.InsertText(text, 5, "€!");
  MustCommit(t);
  CHECK(d.Text(text) == "world€!");
  auto t2 = d.Begin(kA, 0);
  t2.ReplaceText(text, "wordy€!");
  auto c = MustCommit(t2);
  CHECK(d.Text(text) == "wordy€!");
  // "world€!" -> "wordy€!": delete "l" and insert "y" around the common
  // prefix "wor" and suffix "d"... the minimal edit is small.
  CHECK(c.change.ops.size() <= 3);
  auto t3 = d.Begin(kA, 0);
  t3.ReplaceText(text, "€");
  MustCommit(t3);
  CHECK(d.Text(text) == "€");
}

TEST_CASE("ListInsertAndDeleteValues") {
  Document d;
  auto t = d.Begin(kA, 0);
  OpId list = t.Set(kRootObject, "l", MakeObject{ObjType::kList});
  t.InsertValue(list, 0, int64_t{1});
  t.InsertValue(list, 1, std::string("three"));
  t.InsertValue(list, 1, true);
  t.DeleteValues(list, 0, 1);
  MustCommit(t);
  auto vals = d.Seq(list).Values();
  REQUIRE(vals.size() == 2);
  CHECK(vals[0].second == Value(true));
  CHECK(vals[1].second == Value(std::string("three")));
}

TEST_CASE("DomainOpsAreRecordedInOpIdOrder") {
  Document a, b;
  auto tb = b.Begin(kB, 0);
  tb.Domain(7, Bytes{2});
  auto cb = MustCommit(tb);
  auto ta = a.Begin(kA, 0);
  ta.Domain(5, Bytes{1});
  ta.Domain(6, Bytes{1, 1});
  auto ca = MustCommit(ta);
  MustApply(a, cb);
  auto ops = a.DomainOps();
  REQUIRE(ops.size() == 3);
  // Counters 1 (kA), 1 (kB), 2 (kA): ties broken by actor key.
  CHECK(ops[0].kind == 5);
  CHECK(ops[1].kind == 7);
  CHECK(ops[2].kind == 6);
  CHECK(ops[1].change == ChangeId{kB, 1});
  CHECK(ops[2].payload == Bytes{1, 1});
  (void)ca;
}

TEST_CASE("AbortRestoresTheStateBeforeTheTransaction") {
  Document d;
  auto t = d.Begin(kA, 0);
  OpId text = t.Set(kRootObject, "t", MakeObject{ObjType::kText});
  t.InsertText(text, 0, "keep");
  MustCommit(t);
  std::string before = testutil::Dump(d);
  {
    auto t2 = d.Begin(kA, 0);
    t2.InsertText(text, 4, " me not");
    t2.Set(kRootObject, "x", int64_t{1});
    CHECK(d.Text(text) == "keep me not");  // reads see the open transaction
    t2.Abort();
  }
  CHECK(testutil::Dump(d) == before);
  {
    auto t3 = d.Begin(kA, 0);
    t3.Set(kRootObject, "y", int64_t{1});
  }  // destroyed without commit: aborted
  CHECK(testutil::Dump(d) == before);
  // The next transaction still gets seq 2.
  auto t4 = d.Begin(kA, 0);
  t4.InsertText(text, 0, "!");
  CHECK(MustCommit(t4).change.seq == 2);
}

TEST_CASE("ApplyDuringALocalTransactionIsRefused") {
  Document a, b;
  auto tb = b.Begin(kB, 0);
  tb.Set(kRootObject, "k", int64_t{1});
  auto cb = MustCommit(tb);
  auto t = a.Begin(kA, 0);
  t.Set(kRootObject, "mine", int64_t{1});
  CHECK(a.Apply(cb.change, cb.encoded).status().IsFailedPrecondition());
  MustCommit(t);
  CHECK(MustApply(a, cb).status == ChangeStatus::kApplied);
}

TEST_CASE("EmptyTransactionIsNotCommitted") {
  Document d;
  auto t = d.Begin(kA, 0);
  auto r = t.Commit();
  CHECK(r.status().IsFailedPrecondition());
  CHECK(d.version().Get(kA) == 0);
  auto t2 = d.Begin(kA, 0);  // the document accepts a new transaction
  t2.Set(kRootObject, "k", Null{});
  CHECK(MustCommit(t2).change.seq == 1);
}

TEST_CASE("GetChangeAndEncodedChangeReturnWhatWasCommitted") {
  Document d;
  auto t = d.Begin(kA, 1795320000000);
  OpId text = t.Set(kRootObject, "t", MakeObject{ObjType::kText});
  t.InsertText(text, 0, "ab");
  t.Domain(3, Bytes{9});
  auto c = MustCommit(t);
  const Change& got = d.GetChange({kA, 1});
  CHECK(got.start_counter == c.change.start_counter);
  CHECK(got.time_ms == 1795320000000);
  CHECK(got.ops.size() == 3);
  CHECK(EncodeChange(got) == c.encoded);
  ByteView enc = d.EncodedChange({kA, 1});
  CHECK(Bytes(enc.begin(), enc.end()) == c.encoded);
}

TEST_CASE("LocalChangesAfterRemoteOnesDependOnTheAuthorsPreviousChange") {
  Document a, b;
  auto ta = a.Begin(kA, 0);
  ta.Set(kRootObject, "a", int64_t{1});
  auto ca = MustCommit(ta);
  MustApply(b, ca);
  auto tb = b.Begin(kB, 0);
  tb.Set(kRootObject, "b", int64_t{1});
  auto cb = MustCommit(tb);
  MustApply(a, cb);
  // kA/1 is no longer a head of `a`, but kA/2 must still depend on it.
  auto t2 = a.Begin(kA, 0);
  t2.Set(kRootObject, "a", int64_t{2});
  auto c2 = MustCommit(t2);
  CHECK(c2.change.deps.size() == 2);
  CHECK(c2.change.start_counter > cb.change.last_counter());
  MustApply(b, c2);
  CHECK(testutil::Dump(a) == testutil::Dump(b));
}

}  // namespace
}  // namespace mutual::crdt
