// Tests for Document::Save / Load.
#include <catch2/catch.hpp>

#include "libsync/crdt/document.h"
#include "tests/crdt/doc_test_util.h"

namespace mutual::crdt {
namespace {

using testutil::Actor;
using testutil::Dump;
using testutil::MustApply;
using testutil::MustCommit;

const ActorId kA = Actor(1);
const ActorId kB = Actor(2);

// Invalid when a change sets root key "forbidden".
class NoForbidden : public Policy {
 public:
  Verdict Judge(const Document&, const Change& c) const override {
    for (const Op& op : c.ops) {
      const auto* set = std::get_if<MapSet>(&op);
      if (set && set->key == "forbidden") return {false, "forbidden key", {}};
    }
    return {true, "", Bytes{7}};
  }
  std::map<ActorId, uint64_t> VoidAfter(const Document&) const override { return {}; }
};

struct Sample {
  Document doc;
  OpId text, list;
};

Sample MakeSample(const Policy* p) {
  Sample s{Document(p), {}, {}};
  Document other;
  auto t = s.doc.Begin(kA, 1795320000000);
  s.text = t.Set(kRootObject, "text", MakeObject{ObjType::kText});
  s.list = t.Set(kRootObject, "list", MakeObject{ObjType::kList});
  t.InsertText(s.text, 0, "hello wörld");
  t.InsertValue(s.list, 0, std::string("one"));
  OpId m = t.InsertValue(s.list, 1, MakeObject{ObjType::kMap});
  t.Set(m, "n", int64_t{-5});
  t.Set(kRootObject, "bytes", Bytes{1, 2, 3});
  t.Domain(4, Bytes{5});
  auto c1 = MustCommit(t);
  MustApply(other, c1);
  auto tb = other.Begin(kB, 0);
  tb.DeleteText(s.text, 0, 6);
  tb.Set(kRootObject, "forbidden", Null{});
  auto bad = MustCommit(tb);
  auto tb2 = other.Begin(kB, 0);
  tb2.Set(kRootObject, "k", true);
  auto ok = MustCommit(tb2);
  auto ta = s.doc.Begin(kA, 0);
  ta.Set(kRootObject, "k", false);  // concurrent with kB's set
  MustCommit(ta);
  MustApply(s.doc, bad);
  MustApply(s.doc, ok);
  return s;
}

TEST_CASE("SaveLoadRoundTripKeepsStateHistoryAndVerdicts") {
  NoForbidden p;
  Sample s = MakeSample(&p);
  REQUIRE(s.doc.StatusOf({kB, 1}) == ChangeStatus::kInvalid);
  Bytes saved = s.doc.Save();
  auto loaded = Document::Load(saved, &p);
  REQUIRE(loaded.ok());
  CHECK(Dump(*loaded) == Dump(s.doc));
  CHECK(loaded->Text(s.text) == "hello wörld");
  CHECK(loaded->ReasonOf({kB, 1}) == "forbidden key");
  CHECK(loaded->version() == s.doc.version());
  CHECK(loaded->Heads() == s.doc.Heads());
  CHECK(loaded->DomainOps()[0].note == Bytes{7});
  CHECK(EncodeChange(loaded->GetChange({kA, 1})) == EncodeChange(s.doc.GetChange({kA, 1})));
  CHECK(loaded->Get(kRootObject, "k").size() == 2);
  CHECK(loaded->Save() == saved);
}

TEST_CASE("LoadedDocumentKeepsEditingAndReplays") {
  Sample s = MakeSample(nullptr);
  auto loaded = Document::Load(s.doc.Save(), nullptr);
  REQUIRE(loaded.ok());
  auto t = loaded->Begin(kA, 0);
  t.InsertText(s.text, 0, ">");
  auto c = MustCommit(t);
  CHECK(c.change.seq == 3);
  MustApply(s.doc, c);
  CHECK(Dump(*loaded) == Dump(s.doc));
  // StateAt replays the loaded history.
  Document past = loaded->StateAt({{kA, 1}});
  CHECK(past.Text(s.text) == "hello wörld");
}

TEST_CASE("TruncatedSnapshotIsRejected") {
  Sample s = MakeSample(nullptr);
  Bytes saved = s.doc.Save();
  for (size_t n = 0; n < saved.size(); n += 1 + n / 16) {
    Bytes cut(saved.begin(), saved.begin() + n);
    CHECK(Document::Load(cut, nullptr).status().IsCorruption());
  }
}

TEST_CASE("CorruptedSnapshotIsRejected") {
  Sample s = MakeSample(nullptr);
  Bytes saved = s.doc.Save();
  Bytes trailing = saved;
  trailing.push_back(0);
  CHECK(Document::Load(trailing, nullptr).status().IsCorruption());
  Bytes magic = saved;
  magic[0] ^= 0xff;
  CHECK(Document::Load(magic, nullptr).status().IsCorruption());
  Bytes version = saved;
  version[4] = 9;
  CHECK(Document::Load(version, nullptr).status().IsCorruption());
  // Flipping any single byte must never crash; most flips are rejected.
  int rejected = 0;
  for (size_t i = 0; i < saved.size(); ++i) {
    Bytes b = saved;
    b[i] ^= 0x5a;
    rejected += !Document::Load(b, nullptr).ok();
  }
  CHECK(rejected > static_cast<int>(saved.size()) / 2);
}

}  // namespace
}  // namespace mutual::crdt
