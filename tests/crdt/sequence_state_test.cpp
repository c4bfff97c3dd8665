// Sequence: snapshot state encoding, round trips and hostile bytes.
#include "libsync/crdt/sequence.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/crdt/sequence_test_util.h"

namespace mutual::crdt {
namespace {

using namespace seqtest;

Sequence MessyText(Actors& actors) {
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "h\xC3\xA9llo w\xC3\xB6rld", OpId{1, actors.a});
  Sequence other = s;
  InsertOp b = LocalText(other, 5, " big", OpId{20, actors.b});
  s.LocalInsertText(5, ",", OpId{30, actors.a});
  Apply(s, b);
  s.LocalDelete(1, 3);
  s.Delete(IdSpan{OpId{21, actors.b}, 2});
  REQUIRE(s.IntegrateText(OpId{9, actors.a}, std::nullopt, "\xF0\x9F\x98\x80",
                          OpId{40, actors.c}, true)
              .ok());
  s.LocalInsertText(s.size(), "!", OpId{50, actors.d});
  return s;
}

TEST_CASE("EncodeStateRoundTripsText") {
  Actors actors;
  Sequence s = MessyText(actors);
  Bytes bytes = Encode(s, actors.table);
  size_t consumed = 0;
  auto decoded = Decode(ObjType::kText, bytes, actors.table, &consumed);
  REQUIRE(decoded.ok());
  CHECK(consumed == bytes.size());
  CHECK(decoded->Text() == s.Text());
  CHECK(decoded->size() == s.size());
  CHECK(Encode(*decoded, actors.table) == bytes);
  CHECK(decoded->Contains(OpId{40, actors.c}));
  CHECK(decoded->PositionOf(OpId{50, actors.d}) == s.PositionOf(OpId{50, actors.d}));
  // Both keep converging on later edits.
  InsertOp op = LocalText(s, 2, "QQ", OpId{60, actors.a});
  Apply(*decoded, op);
  CHECK(decoded->Text() == s.Text());
}

TEST_CASE("EncodeStateRoundTripsLists") {
  Actors actors;
  Sequence s(ObjType::kList, &actors.table);
  s.LocalInsertValues(0,
                      {Value{int64_t{-5}}, Value{std::string("x")}, Value{Bytes{1, 2}},
                       Value{false}, Value{Null{}}, Value{MakeObject{ObjType::kText}}},
                      OpId{1, actors.a});
  s.LocalDelete(1, 2);
  Bytes bytes = Encode(s, actors.table);
  auto decoded = Decode(ObjType::kList, bytes, actors.table);
  REQUIRE(decoded.ok());
  CHECK(decoded->Values() == s.Values());
  CHECK(Encode(*decoded, actors.table) == bytes);
}

TEST_CASE("EncodeStateIsIndependentOfRunBoundaries") {
  Actors actors;
  Sequence one(ObjType::kText, &actors.table);
  Sequence two(ObjType::kText, &actors.table);
  InsertOp op = LocalText(one, 0, "abcdef", OpId{1, actors.a});
  Apply(two, op);
  // Same deletions, different order and granularity.
  one.Delete(IdSpan{OpId{2, actors.a}, 3});
  two.Delete(IdSpan{OpId{4, actors.a}, 1});
  two.Delete(IdSpan{OpId{2, actors.a}, 1});
  two.Delete(IdSpan{OpId{3, actors.a}, 1});
  REQUIRE(one.Text() == two.Text());
  CHECK(Encode(one, actors.table) == Encode(two, actors.table));
}

TEST_CASE("EncodeStateMapsActorsThroughSlots") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "hi", OpId{1, actors.c});
  std::vector<uint32_t> to_slot(actors.table.size(), 0);
  to_slot[actors.c] = 0;
  ByteWriter w;
  s.EncodeState(w, to_slot);
  // Slot 0 maps back to a different local index on the reading side.
  std::vector<ActorIndex> from_slot = {actors.d};
  ByteReader r(w.bytes());
  auto decoded = Sequence::DecodeState(ObjType::kText, r, from_slot, &actors.table);
  REQUIRE(decoded.ok());
  CHECK(decoded->Contains(OpId{1, actors.d}));
  CHECK_FALSE(decoded->Contains(OpId{1, actors.c}));
  std::vector<ActorIndex> none;
  ByteReader r2(w.bytes());
  CHECK(Sequence::DecodeState(ObjType::kText, r2, none, &actors.table)
            .status()
            .IsCorruption());
}

// Truncated or bit-flipped snapshots must fail cleanly, or decode to a
// state that re-encodes to exactly the bytes consumed.
void CheckHostile(ObjType type, const Bytes& bytes, const ActorTable& table) {
  size_t consumed = 0;
  auto decoded = Decode(type, bytes, table, &consumed);
  if (!decoded.ok()) {
    CHECK(decoded.status().IsCorruption());
    return;
  }
  CHECK(Encode(*decoded, table) == Bytes(bytes.begin(), bytes.begin() + consumed));
}

TEST_CASE("DecodeStateRejectsTruncatedBytes") {
  Actors actors;
  Bytes bytes = Encode(MessyText(actors), actors.table);
  for (size_t n = 0; n < bytes.size(); ++n) {
    Bytes cut(bytes.begin(), bytes.begin() + n);
    CHECK_FALSE(Decode(ObjType::kText, cut, actors.table).ok());
  }
}

TEST_CASE("DecodeStateSurvivesFlippedBytes") {
  Actors actors;
  Bytes bytes = Encode(MessyText(actors), actors.table);
  int failures = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x02, 0x10, 0x80, 0xFF}) {
      Bytes bad = bytes;
      bad[i] ^= mask;
      size_t consumed = 0;
      if (!Decode(ObjType::kText, bad, actors.table, &consumed).ok()) ++failures;
      CheckHostile(ObjType::kText, bad, actors.table);
    }
  }
  CHECK(failures > 0);
  Sequence list(ObjType::kList, &actors.table);
  list.LocalInsertValues(0, {Value{std::string("ab")}, Value{int64_t{300}}},
                         OpId{1, actors.a});
  Bytes lbytes = Encode(list, actors.table);
  for (size_t i = 0; i < lbytes.size(); ++i) {
    Bytes bad = lbytes;
    bad[i] ^= 0xFF;
    CheckHostile(ObjType::kList, bad, actors.table);
  }
}

TEST_CASE("DecodeStateRejectsNonMaximalRunsAndDuplicates") {
  Actors actors;
  // Layout (doc/encoding-sequence.md): slot, counter delta, len, flags,
  // origins, content.
  // Two runs that form one chain: (a,1) "a" then (a,2) "b" with left (a,1).
  ByteWriter w;
  w.Varint(2);
  w.Varint(actors.a), w.SignedVarint(1), w.Varint(1), w.U8(0), w.Varint(1), w.U8('a');
  w.Varint(actors.a), w.SignedVarint(1), w.Varint(1), w.U8(2 | 8), w.SignedVarint(1);
  w.Varint(1), w.U8('b');
  CHECK(Decode(ObjType::kText, w.bytes(), actors.table).status().IsCorruption());
  // The same id twice.
  ByteWriter dup;
  dup.Varint(2);
  dup.Varint(actors.a), dup.SignedVarint(1), dup.Varint(1), dup.U8(0), dup.Varint(1);
  dup.U8('a');
  dup.Varint(actors.a), dup.SignedVarint(0), dup.Varint(1), dup.U8(0), dup.Varint(1);
  dup.U8('b');
  CHECK(Decode(ObjType::kText, dup.bytes(), actors.table).status().IsCorruption());
  // A code point count that does not match the run length.
  ByteWriter count;
  count.Varint(1);
  count.Varint(actors.a), count.SignedVarint(1), count.Varint(2), count.U8(0);
  count.Varint(1), count.U8('a');
  CHECK(Decode(ObjType::kText, count.bytes(), actors.table).status().IsCorruption());
  // An origin that is not present.
  ByteWriter origin;
  origin.Varint(1);
  origin.Varint(actors.a), origin.SignedVarint(5), origin.Varint(1), origin.U8(2);
  origin.Varint(actors.b), origin.SignedVarint(4), origin.Varint(1), origin.U8('a');
  CHECK(Decode(ObjType::kText, origin.bytes(), actors.table).status().IsCorruption());
  // The well-formed two-element state the cases above distort decodes.
  ByteWriter good;
  good.Varint(2);
  good.Varint(actors.a), good.SignedVarint(1), good.Varint(1), good.U8(0), good.Varint(1);
  good.U8('a');
  good.Varint(actors.b), good.SignedVarint(1), good.Varint(1), good.U8(2);
  good.Varint(actors.a), good.SignedVarint(1), good.Varint(1), good.U8('b');
  auto decoded = Decode(ObjType::kText, good.bytes(), actors.table);
  REQUIRE(decoded.ok());
  CHECK(decoded->Text() == "ab");
  CHECK(Encode(*decoded, actors.table) == good.bytes());
}

TEST_CASE("DecodeStateSurvivesRandomBytes") {
  Actors actors;
  std::mt19937 rng(99);
  int decoded = 0;
  for (int i = 0; i < 3000; ++i) {
    Bytes bytes(1 + rng() % 40);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng() % 8 == 0 ? rng() : rng() % 6);
    bytes[0] = static_cast<uint8_t>(rng() % 4);  // a plausible run count
    const ObjType type = i % 2 ? ObjType::kText : ObjType::kList;
    size_t consumed = 0;
    if (Decode(type, bytes, actors.table, &consumed).ok()) ++decoded;
    CheckHostile(type, bytes, actors.table);
  }
  CHECK(decoded > 0);  // some inputs are valid states; they round-trip
}

}  // namespace
}  // namespace mutual::crdt
