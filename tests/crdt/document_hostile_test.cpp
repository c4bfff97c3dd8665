// Hostile-but-signed changes: every single-byte mutation of real changes
// that still decodes is offered to a document; Apply must either reject it
// with Corruption leaving the document as it was, or apply it, and the
// document must stay usable (readable, savable, loadable) either way.
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

TEST_CASE("MutatedChangesNeverBreakTheDocument") {
  const ActorId kA = Actor(1), kB = Actor(2);
  Document a, b;
  auto t = a.Begin(kA, 0);
  OpId text = t.Set(kRootObject, "t", MakeObject{ObjType::kText});
  OpId list = t.Set(kRootObject, "l", MakeObject{ObjType::kList});
  t.InsertText(text, 0, "hello");
  t.InsertValue(list, 0, int64_t{1});
  Committed base = MustCommit(t);
  MustApply(b, base);
  auto tb = b.Begin(kB, 0);
  tb.InsertText(text, 2, "XY");
  tb.DeleteText(text, 0, 1);
  tb.Set(kRootObject, "k", std::string("v"));
  tb.DeleteValues(list, 0, 1);
  tb.Domain(3, Bytes{1});
  Committed edit = MustCommit(tb);

  Document start;
  MustApply(start, base);
  const std::string before = Dump(start);
  int decoded = 0, applied = 0;
  for (size_t i = 0; i < edit.encoded.size(); ++i) {
    for (uint8_t flip : {0x01, 0x02, 0x10, 0x80}) {
      Bytes bytes = edit.encoded;
      bytes[i] ^= flip;
      auto c = DecodeChange(bytes, kB, 1);
      if (!c.ok()) continue;
      ++decoded;
      Document d = start;
      auto r = d.Apply(*c, bytes);
      if (r.ok()) {
        ++applied;
      } else {
        CHECK(r.status().IsCorruption());
        CHECK(Dump(d) == before);
      }
      std::string dump = Dump(d);
      auto loaded = Document::Load(d.Save(), nullptr);
      REQUIRE(loaded.ok());
      CHECK(Dump(*loaded) == dump);
    }
  }
  // The mutations exercise both paths.
  CHECK(decoded > 0);
  CHECK(applied > 0);
  CHECK(applied < decoded);
}

}  // namespace
}  // namespace mutual::crdt
