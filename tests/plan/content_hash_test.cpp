#include "libsync/plan/content_hash.h"

#include <catch2/catch.hpp>

#include "libsync/util/leb128.h"

namespace mutual::plan {
namespace {

Content Sample() {
  Content c;
  c.kind = "agreement";
  c.about = {};
  c.fields = {{"when", {"Money comes up late."}},
              {"from_time", {"21:00"}},
              {"each_will.rae", {"Say 'fridge list'."}}};
  return c;
}

TEST_CASE("EncodingIsTheDocumentedBytes") {
  Content c;
  c.kind = "note";
  c.about = {"sam", "alex"};
  c.fields = {{"text", {"hi"}}};
  ByteWriter w(128);
  w.Raw(AsBytes("mutual/content/v1"));
  w.String("note");
  w.Varint(2);
  w.String("alex");  // about, sorted
  w.String("sam");
  w.Varint(1);
  w.String("text");
  w.Varint(1);
  w.String("hi");
  CHECK(EncodeContent(c) == w.bytes());
  // Spot-check the raw form: ... 0x04 'n' 'o' 't' 'e' 0x02 0x04 'a' ...
  Bytes enc = EncodeContent(c);
  CHECK(enc[17] == 4);
  CHECK(enc[22] == 2);
  CHECK(HashContent(c) == crypto::Blake2b256(enc));
}

TEST_CASE("FieldOrderAndAboutOrderDoNotChangeTheHash") {
  Content a = Sample();
  Content b = Sample();
  std::reverse(b.fields.begin(), b.fields.end());
  CHECK(HashContent(a) == HashContent(b));
  a.about = {"rae", "jun"};
  b.about = {"jun", "rae"};
  CHECK(HashContent(a) == HashContent(b));
}

TEST_CASE("EmptyFieldHashesLikeAnAbsentField") {
  Content a = Sample();
  Content b = Sample();
  b.fields.push_back({"ends_when", {""}});
  CHECK(HashContent(a) == HashContent(b));
}

TEST_CASE("AnyEditChangesTheHash") {
  Content a = Sample();
  Content b = Sample();
  b.fields[0].values[0] = "Money comes up late!";
  CHECK(HashContent(a) != HashContent(b));
  Content c = Sample();
  c.about = {"rae"};
  CHECK(HashContent(a) != HashContent(c));
  Content d = Sample();
  d.kind = "note";
  CHECK(HashContent(a) != HashContent(d));
}

TEST_CASE("ConflictedScalarHashesEveryValue") {
  Content a = Sample();
  Content b = Sample();
  b.fields[1].values = {"21:00", "22:00"};
  CHECK(HashContent(a) != HashContent(b));
}

TEST_CASE("FieldBoundariesAreUnambiguous") {
  Content a;
  a.kind = "note";
  a.fields = {{"text", {"ab"}}};
  Content b;
  b.kind = "note";
  b.fields = {{"text", {"a", "b"}}};
  CHECK(HashContent(a) != HashContent(b));
}

TEST_CASE("DebriefHashesOnlyTheSharedParts") {
  Content a;
  a.kind = "debrief";
  a.fields = {{"happened", {"A bad night."}}, {"we_change", {"Ask first."}}};
  Content b = a;
  b.fields.push_back({"per_member.mo.felt", {"Crowded."}});
  CHECK(HashContent(a) == HashContent(b));
  b.fields[0].values[0] = "A hard night.";
  CHECK(HashContent(a) != HashContent(b));
}

}  // namespace
}  // namespace mutual::plan
