// Tests for the change plaintext codec (libsync/crdt/change.cpp).
#include "libsync/crdt/change.h"

#include <catch2/catch.hpp>

#include "libsync/util/leb128.h"

// gcc 12 reports false positives when it inlines std::variant moves of Op
// and vector inserts of byte lists into these test bodies.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif

namespace mutual::crdt {
namespace {

ActorId Actor(uint8_t b) {
  ActorId a{};
  a.fill(b);
  return a;
}

// 2026-11-22T04:00:00Z, a realistic wall time in whole seconds.
constexpr int64_t kNowMs = 1795320000000;

Change Base(uint64_t seq = 5, uint64_t start = 1000) {
  Change c;
  c.actors = {Actor(1)};
  c.seq = seq;
  c.start_counter = start;
  c.time_ms = kNowMs;
  if (seq > 1) c.deps = {{0, seq - 1}};
  return c;
}

bool SameOpId(const std::optional<OpId>& a, const std::optional<OpId>& b) { return a == b; }

bool SameOp(const Op& a, const Op& b) {
  if (a.index() != b.index()) return false;
  if (auto* x = std::get_if<MapSet>(&a)) {
    auto& y = std::get<MapSet>(b);
    return x->obj == y.obj && x->key == y.key && x->value == y.value && x->pred == y.pred;
  }
  if (auto* x = std::get_if<MapDelete>(&a)) {
    auto& y = std::get<MapDelete>(b);
    return x->obj == y.obj && x->key == y.key && x->pred == y.pred;
  }
  if (auto* x = std::get_if<SeqInsert>(&a)) {
    auto& y = std::get<SeqInsert>(b);
    return x->obj == y.obj && SameOpId(x->origin_left, y.origin_left) &&
           SameOpId(x->origin_right, y.origin_right) && x->text == y.text &&
           x->values == y.values;
  }
  if (auto* x = std::get_if<SeqDelete>(&a)) {
    auto& y = std::get<SeqDelete>(b);
    return x->obj == y.obj && x->target == y.target && x->len == y.len;
  }
  auto& x = std::get<DomainOp>(a);
  auto& y = std::get<DomainOp>(b);
  return x.kind == y.kind && x.payload == y.payload;
}

// Encodes, decodes and checks every field survived.
void CheckRoundTrip(const Change& c) {
  Bytes enc = EncodeChange(c);
  auto dec = DecodeChange(enc, c.actors[0], c.seq);
  REQUIRE(dec.ok());
  CHECK(dec->actors == c.actors);
  CHECK(dec->seq == c.seq);
  CHECK(dec->start_counter == c.start_counter);
  CHECK(dec->time_ms == c.time_ms);
  CHECK(dec->deps == c.deps);
  REQUIRE(dec->ops.size() == c.ops.size());
  for (size_t i = 0; i < c.ops.size(); ++i) CHECK(SameOp(dec->ops[i], c.ops[i]));
  CHECK(EncodeChange(*dec) == enc);
}

Change OneCharInsert(bool other_actor, std::string ch = "x") {
  // Counters and seqs near 2^20 (beyond the 259,778-edit trace), a far
  // origin_right, today's time.
  Change c = Base(1000000, 1040000);
  if (other_actor) {
    c.actors.push_back(Actor(9));
    c.deps = {{0, 999999}, {1, 999000}};
  }
  OpId obj{2, 0};
  SeqInsert ins{obj, OpId{1039999, 0}, OpId{3, other_actor ? 1u : 0u}, ch, {}};
  c.ops.push_back(ins);
  return c;
}

TEST_CASE("MapSetRoundTripsEveryValueKind") {
  std::vector<Value> values = {Null{},         true,
                               false,          int64_t{0},
                               int64_t{-7},    int64_t{INT64_MIN},
                               int64_t{INT64_MAX}, std::string("héllo"),
                               std::string(),  Bytes{0, 1, 255},
                               MakeObject{ObjType::kMap}, MakeObject{ObjType::kList},
                               MakeObject{ObjType::kText}};
  for (const Value& v : values) {
    Change c = Base();
    c.ops.push_back(MapSet{kRootObject, "key", v, {OpId{999, 0}, OpId{5, 0}}});
    CheckRoundTrip(c);
  }
}

TEST_CASE("MapDeleteRoundTrips") {
  Change c = Base();
  c.ops.push_back(MapSet{kRootObject, "m", MakeObject{ObjType::kMap}, {}});
  c.ops.push_back(MapDelete{OpId{1000, 0}, "gone", {OpId{1000, 0}, OpId{17, 0}}});
  CheckRoundTrip(c);
}

TEST_CASE("TextInsertRoundTripsWithAndWithoutOrigins") {
  Change c = Base();
  c.ops.push_back(SeqInsert{OpId{3, 0}, std::nullopt, std::nullopt, "a€😀", {}});
  c.ops.push_back(SeqInsert{OpId{3, 0}, OpId{1002, 0}, std::nullopt, "b", {}});
  c.ops.push_back(SeqInsert{OpId{3, 0}, std::nullopt, OpId{1000, 0}, "c", {}});
  c.ops.push_back(SeqInsert{OpId{3, 0}, OpId{4, 0}, OpId{1001, 0}, "dé", {}});
  CheckRoundTrip(c);
}

TEST_CASE("ListInsertRoundTrips") {
  Change c = Base();
  c.ops.push_back(SeqInsert{OpId{3, 0}, OpId{20, 0}, OpId{21, 0}, "",
                            {int64_t{1}, std::string("two"), MakeObject{ObjType::kMap}}});
  CheckRoundTrip(c);
}

TEST_CASE("SeqDeleteRoundTripsLengthOneAndLonger") {
  Change c = Base();
  c.ops.push_back(SeqDelete{OpId{3, 0}, OpId{40, 0}, 1});
  c.ops.push_back(SeqDelete{OpId{3, 0}, OpId{50, 0}, 300});
  CheckRoundTrip(c);
}

TEST_CASE("DomainOpRoundTrips") {
  Change c = Base();
  c.ops.push_back(DomainOp{7, Bytes{1, 2, 3}});
  c.ops.push_back(DomainOp{UINT32_MAX, Bytes{}});
  CheckRoundTrip(c);
}

TEST_CASE("TimeRoundTripsInEveryForm") {
  for (int64_t t : {kNowMs, kNowMs + 1, int64_t{0}, int64_t{-1}, int64_t{-5000},
                    int64_t{1000}, int64_t{1704067200000}, int64_t{1704067199000},
                    int64_t{INT64_MAX}, int64_t{INT64_MIN}}) {
    Change c = Base();
    c.time_ms = t;
    c.ops.push_back(DomainOp{1, {}});
    CheckRoundTrip(c);
  }
}

TEST_CASE("OtherActorsRoundTripThroughTheActorTable") {
  Change c = Base();
  c.actors = {Actor(5), Actor(2), Actor(9)};
  c.deps = {{1, 3}, {0, 4}, {2, 8}};  // sorted by key: 2, 5, 9
  c.ops.push_back(MapSet{OpId{7, 2}, "k", int64_t{1}, {OpId{900, 1}, OpId{901, 0}}});
  c.ops.push_back(SeqInsert{OpId{8, 1}, OpId{950, 2}, OpId{951, 1}, "z", {}});
  CheckRoundTrip(c);
}

TEST_CASE("ChangeWithoutDepsOrOpsRoundTrips") {
  Change c = Base(1, 1);
  CheckRoundTrip(c);
  CHECK(c.last_counter() == 0);
}

TEST_CASE("OneCharacterEditWithOwnIdsFitsIn31Bytes") {
  for (std::string ch : {"x", "é", "€", "😀"}) {
    Change c = OneCharInsert(false, ch);
    CheckRoundTrip(c);
    CHECK(EncodeChange(c).size() <= 25);  // doc/encoding-change.md's table
    CHECK(EncodeChange(c).size() <= 31);
  }
  // The typical trace edit: typing right after the previous character.
  Change typing = Base(120000, 259000);
  typing.ops.push_back(SeqInsert{OpId{2, 0}, OpId{258999, 0}, std::nullopt, "x", {}});
  CHECK(EncodeChange(typing).size() <= 16);
}

TEST_CASE("OneCharacterEditWithAnotherActorFitsIn63Bytes") {
  for (std::string ch : {"x", "é", "€", "😀"}) {
    Change c = OneCharInsert(true, ch);
    CheckRoundTrip(c);
    CHECK(EncodeChange(c).size() <= 60);  // doc/encoding-change.md's table
    CHECK(EncodeChange(c).size() <= 63);
  }
}

TEST_CASE("DecodeRejectsEveryTruncation") {
  Change c = OneCharInsert(true);
  c.ops.push_back(MapSet{kRootObject, "k", std::string("v"), {OpId{5, 1}}});
  c.ops.push_back(DomainOp{3, Bytes{1, 2}});
  Bytes enc = EncodeChange(c);
  for (size_t n = 0; n < enc.size(); ++n) {
    Bytes cut(enc.begin(), enc.begin() + n);
    CHECK_FALSE(DecodeChange(cut, c.actors[0], c.seq).ok());
  }
}

TEST_CASE("DecodeRejectsTrailingBytes") {
  Change c = OneCharInsert(false);
  Bytes enc = EncodeChange(c);
  enc.push_back(0);
  CHECK(DecodeChange(enc, c.actors[0], c.seq).status().IsCorruption());
}

// A hand-built change: header (no extra actors, time in ms), start counter
// 5, time 0, no deps, then `ops` (count and bytes).
Bytes Raw(std::initializer_list<uint8_t> ops) {
  ByteWriter w;
  for (uint8_t b : {0x00, 0x05, 0x00, 0x00}) w.U8(b);
  for (uint8_t b : ops) w.U8(b);
  return w.Take();
}

TEST_CASE("DecodeAcceptsHandBuiltChange") {
  // One MapSet on the root: key "k", value true, no preds.
  auto c = DecodeChange(Raw({0x01, 0x00, 0x00, 0x01, 'k', 0x02, 0x00}), Actor(1), 1);
  REQUIRE(c.ok());
  REQUIRE(c->ops.size() == 1);
  CHECK(std::get<MapSet>(c->ops[0]).value == Value(true));
}

TEST_CASE("DecodeRejectsBadTags") {
  CHECK_FALSE(DecodeChange(Raw({0x01, 0x06}), Actor(1), 1).ok());  // op kind 6
  CHECK_FALSE(DecodeChange(Raw({0x01, 0x20, 0x00, 0x01, 'k', 0x02, 0x00}), Actor(1), 1).ok());
  CHECK_FALSE(DecodeChange(Raw({0x01, 0x00, 0x00, 0x01, 'k', 0x09, 0x00}), Actor(1), 1).ok());
  CHECK_FALSE(DecodeChange(Raw({0x01, 0x05 | 0x08, 0x01, 0x00}), Actor(1), 1).ok());
}

TEST_CASE("DecodeRejectsIdsOutOfRange") {
  // Actor indexes are packed as `v % actors`, so an index past the table
  // cannot be written; what can be is an id beyond the change's own ops
  // (counter 5 in an op whose own counter is 5) or a root id with an actor.
  CHECK_FALSE(DecodeChange(Raw({0x01, 0x00, 0x05, 0x01, 'k', 0x02, 0x00}), Actor(1), 1).ok());
  Change c = Base();
  c.actors.push_back(Actor(2));
  c.deps = {{0, 4}, {1, 3}};
  c.ops.push_back(MapSet{OpId{0, 1}, "k", true, {}});  // counter 0, actor 1
  CHECK_FALSE(DecodeChange(EncodeChange(c), c.actors[0], c.seq).ok());
}

TEST_CASE("DecodeRejectsOwnDepNotBelowSeq") {
  for (uint64_t delta : {0, 5, 6}) {  // dep seq 5, 0, -1 for a change with seq 5
    ByteWriter w;
    w.Varint(0);
    w.Varint(5);
    w.SignedVarint(0);
    w.Varint(1);
    w.Varint(delta);
    w.Varint(0);
    CHECK(DecodeChange(w.bytes(), Actor(1), 5).status().IsCorruption());
  }
}

TEST_CASE("DecodeRejectsNonMinimalVarint") {
  // Start counter 5 written as 0x85 0x00.
  Bytes b = {0x00, 0x85, 0x00, 0x00, 0x00, 0x00};
  CHECK(DecodeChange(b, Actor(1), 1).status().IsCorruption());
  Bytes ok = {0x00, 0x05, 0x00, 0x00, 0x00};
  CHECK(DecodeChange(ok, Actor(1), 1).ok());
}

TEST_CASE("DecodeRejectsInvalidUtf8") {
  Change c = Base();
  c.ops.push_back(SeqInsert{OpId{3, 0}, std::nullopt, std::nullopt, "ab", {}});
  Bytes enc = EncodeChange(c);
  enc[enc.size() - 1] = 0xff;
  CHECK(DecodeChange(enc, c.actors[0], c.seq).status().IsCorruption());
  enc[enc.size() - 1] = 0xc3;  // truncated two-byte sequence
  CHECK(DecodeChange(enc, c.actors[0], c.seq).status().IsCorruption());
}

TEST_CASE("DecodeRejectsNonCanonicalTime") {
  // Header says milliseconds but the time is whole seconds after 2024.
  ByteWriter w;
  w.Varint(0);
  w.Varint(5);
  w.SignedVarint(kNowMs);
  w.Varint(0);
  w.Varint(0);
  CHECK(DecodeChange(w.bytes(), Actor(1), 1).status().IsCorruption());
}

TEST_CASE("DecodeRejectsActorTableProblems") {
  Change c = Base();
  c.actors = {Actor(5), Actor(2), Actor(9)};
  c.deps = {{1, 3}, {0, 4}, {2, 8}};
  c.ops.push_back(DomainOp{1, {}});
  Bytes good = EncodeChange(c);
  REQUIRE(DecodeChange(good, c.actors[0], c.seq).ok());

  Change dup = c;
  dup.actors[2] = Actor(2);
  CHECK_FALSE(DecodeChange(EncodeChange(dup), c.actors[0], c.seq).ok());

  Change order = c;  // actors 2 and 9 swapped: not first-use order
  order.actors = {Actor(5), Actor(9), Actor(2)};
  order.deps = {{2, 3}, {0, 4}, {1, 8}};
  CHECK_FALSE(DecodeChange(EncodeChange(order), c.actors[0], c.seq).ok());

  Change unused = c;  // an actor nobody refers to
  unused.actors.push_back(Actor(11));
  CHECK_FALSE(DecodeChange(EncodeChange(unused), c.actors[0], c.seq).ok());

  Change unsorted = c;  // deps not sorted by key
  unsorted.actors = {Actor(5), Actor(9), Actor(2)};
  unsorted.deps = {{1, 8}, {2, 3}, {0, 4}};
  CHECK_FALSE(DecodeChange(EncodeChange(unsorted), c.actors[0], c.seq).ok());
}

TEST_CASE("DecodeRejectsZeroStartCounterAndZeroSeq") {
  Bytes zero_start = {0x00, 0x00, 0x00, 0x00, 0x00};
  CHECK_FALSE(DecodeChange(zero_start, Actor(1), 1).ok());
  Bytes ok = {0x00, 0x05, 0x00, 0x00, 0x00};
  CHECK_FALSE(DecodeChange(ok, Actor(1), 0).ok());
}

TEST_CASE("DecodeRejectsHugeCountsWithoutAllocating") {
  ByteWriter w;
  w.Varint(0);
  w.Varint(5);
  w.SignedVarint(0);
  w.Varint(0);
  w.Varint(kMaxChangeOps);  // a million ops announced, none present
  CHECK(DecodeChange(w.bytes(), Actor(1), 1).status().IsCorruption());
  ByteWriter v;
  v.Varint(uint64_t{4095} << 1);  // 4095 actors announced, none present
  v.Varint(5);
  v.SignedVarint(0);
  CHECK(DecodeChange(v.bytes(), Actor(1), 1).status().IsCorruption());
}

TEST_CASE("DecodeRejectsCountersPastTheLimit") {
  Change c = Base(1, kMaxCounter - 1);
  c.ops.push_back(SeqInsert{OpId{3, 0}, std::nullopt, std::nullopt, "abc", {}});
  CHECK_FALSE(DecodeChange(EncodeChange(c), c.actors[0], c.seq).ok());
}

TEST_CASE("DecodeRejectsForwardReferences") {
  // An origin naming the insert's own first id (counter 1000).
  Change c = Base();
  c.ops.push_back(SeqInsert{OpId{3, 0}, OpId{1000, 0}, std::nullopt, "a", {}});
  CHECK_FALSE(DecodeChange(EncodeChange(c), c.actors[0], c.seq).ok());
}

TEST_CASE("OpWidthCountsCodePointsValuesAndSingleOps") {
  CHECK(OpWidth(SeqInsert{OpId{3, 0}, {}, {}, "a€😀", {}}) == 3);
  CHECK(OpWidth(SeqInsert{OpId{3, 0}, {}, {}, "", {Null{}, true}}) == 2);
  CHECK(OpWidth(SeqDelete{OpId{3, 0}, OpId{4, 0}, 50}) == 1);
  Change c = Base(5, 10);
  c.ops.push_back(SeqInsert{OpId{3, 0}, {}, {}, "héllo", {}});
  c.ops.push_back(DomainOp{1, {}});
  CHECK(c.last_counter() == 15);
}

}  // namespace
}  // namespace mutual::crdt
