#include "libsync/crdt/sequence.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace mutual::crdt {
namespace {

ActorId Key(uint8_t fill) {
  ActorId k{};
  k.fill(fill);
  return k;
}

// Interned out of key order, so a tie-break by local index would differ
// from one by key.
struct Actors {
  ActorTable table;
  ActorIndex a = table.Intern(Key(0x30));
  ActorIndex b = table.Intern(Key(0x10));
  ActorIndex c = table.Intern(Key(0x20));
  ActorIndex d = table.Intern(Key(0x05));
};

// A recorded insert, replayable on another replica.
struct InsertOp {
  std::optional<OpId> left;
  std::optional<OpId> right;
  std::string text;
  OpId first;
};

InsertOp LocalText(Sequence& s, size_t pos, const std::string& text, OpId first) {
  InsertOrigins o = s.LocalInsertText(pos, text, first);
  return InsertOp{o.left, o.right, text, first};
}

void Apply(Sequence& s, const InsertOp& op) {
  REQUIRE(s.IntegrateText(op.left, op.right, op.text, op.first).ok());
}

// Types `word` one code point at a time at `pos` (forwards), recording ops.
std::vector<InsertOp> TypeForwards(Sequence& s, size_t pos, const std::string& word,
                                   ActorIndex actor, uint64_t counter) {
  std::vector<InsertOp> ops;
  for (size_t i = 0; i < word.size(); ++i) {
    ops.push_back(LocalText(s, pos + i, word.substr(i, 1), OpId{counter + i, actor}));
  }
  return ops;
}

// Types `word` last letter first, always at `pos`.
std::vector<InsertOp> TypeBackwards(Sequence& s, size_t pos, const std::string& word,
                                    ActorIndex actor, uint64_t counter) {
  std::vector<InsertOp> ops;
  for (size_t i = 0; i < word.size(); ++i) {
    const size_t j = word.size() - 1 - i;
    ops.push_back(LocalText(s, pos, word.substr(j, 1), OpId{counter + i, actor}));
  }
  return ops;
}

Bytes Encode(const Sequence& s, const ActorTable& table) {
  std::vector<uint32_t> identity(table.size());
  for (uint32_t i = 0; i < identity.size(); ++i) identity[i] = i;
  ByteWriter w;
  s.EncodeState(w, identity);
  return w.Take();
}

Result<Sequence> Decode(ObjType type, ByteView bytes, const ActorTable& table,
                        size_t* consumed = nullptr) {
  std::vector<ActorIndex> identity(table.size());
  for (uint32_t i = 0; i < identity.size(); ++i) identity[i] = i;
  ByteReader r(bytes);
  auto result = Sequence::DecodeState(type, r, identity, &table);
  if (consumed) *consumed = r.position();
  return result;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_CASE("LocalInsertBuildsText") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "hello", OpId{1, actors.a});
  s.LocalInsertText(5, " world", OpId{6, actors.a});
  s.LocalInsertText(0, ">", OpId{12, actors.a});
  CHECK(s.Text() == ">hello world");
  CHECK(s.size() == 12);
}

TEST_CASE("LocalInsertReturnsNeighbourOrigins") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  InsertOrigins first = s.LocalInsertText(0, "ac", OpId{1, actors.a});
  CHECK_FALSE(first.left.has_value());
  CHECK_FALSE(first.right.has_value());
  InsertOrigins mid = s.LocalInsertText(1, "b", OpId{3, actors.a});
  CHECK(mid.left == std::optional<OpId>(OpId{1, actors.a}));
  CHECK(mid.right == std::optional<OpId>(OpId{2, actors.a}));
  InsertOrigins end = s.LocalInsertText(3, "d", OpId{4, actors.a});
  CHECK(end.left == std::optional<OpId>(OpId{2, actors.a}));
  CHECK_FALSE(end.right.has_value());
  CHECK(s.Text() == "abcd");
}

TEST_CASE("LocalInsertOriginRightMayBeATombstone") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "abc", OpId{1, actors.a});
  s.LocalDelete(1, 1);
  InsertOrigins o = s.LocalInsertText(1, "X", OpId{5, actors.a});
  CHECK(o.left == std::optional<OpId>(OpId{1, actors.a}));
  CHECK(o.right == std::optional<OpId>(OpId{2, actors.a}));
  CHECK(s.Text() == "aXc");
  // At position 0 the origin_right is the first element even when deleted.
  s.LocalDelete(0, 1);
  InsertOrigins front = s.LocalInsertText(0, "Y", OpId{6, actors.a});
  CHECK_FALSE(front.left.has_value());
  CHECK(front.right == std::optional<OpId>(OpId{1, actors.a}));
  CHECK(s.Text() == "YXc");
}

TEST_CASE("LocalDeleteReturnsSpansInDocumentOrder") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "hello", OpId{1, actors.a});
  s.LocalInsertText(2, "XY", OpId{10, actors.b});   // heXYllo
  std::vector<IdSpan> spans = s.LocalDelete(1, 4);  // e X Y l
  REQUIRE(spans.size() == 3);
  CHECK(spans[0].start == OpId{2, actors.a});
  CHECK(spans[0].len == 1);
  CHECK(spans[1].start == OpId{10, actors.b});
  CHECK(spans[1].len == 2);
  CHECK(spans[2].start == OpId{3, actors.a});
  CHECK(spans[2].len == 1);
  CHECK(s.Text() == "hlo");
  CHECK(s.size() == 3);
}

TEST_CASE("LocalDeleteSkipsTombstonesInRange") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "abcdef", OpId{1, actors.a});
  s.LocalDelete(2, 2);                              // ab|ef
  std::vector<IdSpan> spans = s.LocalDelete(1, 2);  // b and e
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].start == OpId{2, actors.a});
  CHECK(spans[1].start == OpId{5, actors.a});
  CHECK(s.Text() == "af");
}

TEST_CASE("PositionOfSkipsDeletedElements") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "abcde", OpId{1, actors.a});
  s.LocalDelete(1, 2);  // ade
  CHECK(s.PositionOf(OpId{1, actors.a}) == std::optional<size_t>(0));
  CHECK_FALSE(s.PositionOf(OpId{2, actors.a}).has_value());
  CHECK(s.PositionOf(OpId{4, actors.a}) == std::optional<size_t>(1));
  CHECK(s.PositionOf(OpId{5, actors.a}) == std::optional<size_t>(2));
  CHECK(s.Contains(OpId{2, actors.a}));
  CHECK_FALSE(s.Contains(OpId{6, actors.a}));
  CHECK_FALSE(s.Contains(OpId{1, actors.b}));
  CHECK_FALSE(s.PositionOf(OpId{9, actors.b}).has_value());
}

TEST_CASE("MultiByteCodePointsAreSingleElements") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "h\xC3\xA9llo \xF0\x9F\x8E\x89!",
                    OpId{1, actors.a});  // "héllo 🎉!"
  CHECK(s.size() == 8);
  s.LocalInsertText(2, "\xE2\x82\xAC", OpId{20, actors.a});  // € after é
  CHECK(s.Text() ==
        "h\xC3\xA9\xE2\x82\xAC"
        "llo \xF0\x9F\x8E\x89!");
  s.LocalDelete(6, 2);  // " 🎉"
  CHECK(s.Text() ==
        "h\xC3\xA9\xE2\x82\xAC"
        "llo!");
  CHECK(s.PositionOf(OpId{8, actors.a}) == std::optional<size_t>(6));  // '!'
}

TEST_CASE("TypingAWordLeavesOneRun") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  TypeForwards(s, 0, "hello world", actors.a, 1);
  CHECK(s.Text() == "hello world");
  CHECK(s.RunCount() == 1);
}

TEST_CASE("TypingWithACounterGapStartsANewRun") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "ab", OpId{1, actors.a});
  s.LocalInsertText(2, "c", OpId{5, actors.a});
  CHECK(s.RunCount() == 2);
  s.LocalInsertText(3, "d", OpId{6, actors.a});
  CHECK(s.RunCount() == 2);
  CHECK(s.Text() == "abcd");
}

TEST_CASE("InsertInsideARunSplitsIt") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "hello", OpId{1, actors.a});
  s.LocalInsertText(2, "X", OpId{6, actors.a});
  CHECK(s.Text() == "heXllo");
  CHECK(s.RunCount() == 3);
}

TEST_CASE("PartialDeleteSplitsARun") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "hello", OpId{1, actors.a});
  s.LocalDelete(1, 2);
  CHECK(s.Text() == "hlo");
  CHECK(s.RunCount() == 3);
}

TEST_CASE("BackspacingMergesTombstones") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  TypeForwards(s, 0, "hello", actors.a, 1);
  s.LocalDelete(4, 1);
  s.LocalDelete(3, 1);
  s.LocalDelete(2, 1);
  CHECK(s.Text() == "he");
  CHECK(s.RunCount() == 2);  // "he" and one tombstone run "llo"
}

TEST_CASE("ManyRunsSpanBlocksAndStayConsistent") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  std::string model;
  std::vector<OpId> ids;  // id of each visible element
  std::vector<OpId> deleted;
  std::mt19937 rng(7);
  uint64_t counter = 1;
  for (int i = 0; i < 3000; ++i) {
    if (model.empty() || rng() % 3 != 0) {
      const size_t pos = rng() % (model.size() + 1);
      const std::string ch(1, static_cast<char>('a' + rng() % 26));
      const OpId id{counter++, actors.a};
      s.LocalInsertText(pos, ch, id);
      model.insert(pos, ch);
      ids.insert(ids.begin() + static_cast<ptrdiff_t>(pos), id);
    } else {
      const size_t pos = rng() % model.size();
      const size_t len = 1 + rng() % std::min<size_t>(5, model.size() - pos);
      s.LocalDelete(pos, len);
      model.erase(pos, len);
      auto first = ids.begin() + static_cast<ptrdiff_t>(pos);
      deleted.insert(deleted.end(), first, first + static_cast<ptrdiff_t>(len));
      ids.erase(first, first + static_cast<ptrdiff_t>(len));
    }
  }
  CHECK(s.RunCount() > 200);
  CHECK(s.Text() == model);
  CHECK(s.size() == model.size());
  bool positions_match = true;
  for (size_t i = 0; i < ids.size(); ++i) {
    positions_match = positions_match && s.PositionOf(ids[i]) == std::optional<size_t>(i);
  }
  CHECK(positions_match);
  bool tombstones_kept = true;
  for (const OpId& id : deleted) {
    tombstones_kept = tombstones_kept && s.Contains(id) && !s.PositionOf(id).has_value();
  }
  CHECK(tombstones_kept);
}

TEST_CASE("IdsArrivingOutOfCounterOrderAreIndexed") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "<>", OpId{1, actors.a});
  // Actor B's single-letter inserts arrive with falling counters, each
  // between '<' and the previous one, so B's index grows in the middle.
  std::string expected;
  std::optional<OpId> right = OpId{2, actors.a};
  for (uint64_t i = 0; i < 300; ++i) {
    const uint64_t counter = 10000 - 3 * i;
    const std::string ch(1, static_cast<char>('a' + i % 26));
    REQUIRE(s.IntegrateText(OpId{1, actors.a}, right, ch, OpId{counter, actors.b}).ok());
    right = OpId{counter, actors.b};
    expected.insert(0, ch);
  }
  CHECK(s.Text() == "<" + expected + ">");
  bool all_found = true;
  for (uint64_t i = 0; i < 300; ++i) {
    const uint64_t counter = 10000 - 3 * i;
    all_found = all_found &&
                s.PositionOf(OpId{counter, actors.b}) == std::optional<size_t>(300 - i);
    all_found = all_found && !s.Contains(OpId{counter + 1, actors.b});
  }
  CHECK(all_found);
  s.Delete(IdSpan{OpId{9500, actors.b}, 501});  // B's ids 9500..10000: i <= 166
  CHECK(s.size() == 2 + 300 - 167);
  CHECK_FALSE(s.PositionOf(OpId{9500, actors.b}).has_value());
  CHECK(s.PositionOf(OpId{9499, actors.b}) == std::optional<size_t>(300 - 167));
}

// Three words typed concurrently between 'a' and 'c' by B, C and D, each as
// one insert: every delivery order gives one text, with no word broken up.
TEST_CASE("ConcurrentInsertsConvergeInEveryDeliveryOrder") {
  Actors actors;
  Sequence base(ObjType::kText, &actors.table);
  InsertOp root = LocalText(base, 0, "ac", OpId{1, actors.a});
  std::vector<InsertOp> ops;
  const ActorIndex who[] = {actors.b, actors.c, actors.d};
  const char* words[] = {"XXX", "YYY", "ZZZ"};
  for (int i = 0; i < 3; ++i) {
    Sequence replica = base;
    ops.push_back(LocalText(replica, 1, words[i], OpId{3, who[i]}));
  }
  std::vector<int> order = {0, 1, 2};
  std::set<std::string> results;
  do {
    Sequence s(ObjType::kText, &actors.table);
    Apply(s, root);
    for (int i : order) Apply(s, ops[i]);
    results.insert(s.Text());
  } while (std::next_permutation(order.begin(), order.end()));
  REQUIRE(results.size() == 1);
  const std::string text = *results.begin();
  // Ordered by actor key: D (0x05) < B (0x10) < C (0x20).
  CHECK(text == "aZZZXXXYYYc");
}

TEST_CASE("ConcurrentForwardTypingDoesNotInterleave") {
  Actors actors;
  Sequence one(ObjType::kText, &actors.table);
  LocalText(one, 0, "[]", OpId{1, actors.a});
  Sequence two = one;
  std::vector<InsertOp> a_ops = TypeForwards(one, 1, "abc", actors.a, 3);
  std::vector<InsertOp> b_ops = TypeForwards(two, 1, "xyz", actors.b, 3);
  for (const InsertOp& op : b_ops) Apply(one, op);
  for (const InsertOp& op : a_ops) Apply(two, op);
  CHECK(one.Text() == two.Text());
  CHECK(one.Text() == "[xyzabc]");  // B's key sorts first
}

TEST_CASE("ConcurrentBackwardTypingDoesNotInterleave") {
  Actors actors;
  Sequence one(ObjType::kText, &actors.table);
  LocalText(one, 0, "[]", OpId{1, actors.a});
  Sequence two = one;
  std::vector<InsertOp> a_ops = TypeBackwards(one, 1, "abc", actors.a, 3);
  std::vector<InsertOp> b_ops = TypeBackwards(two, 1, "xyz", actors.b, 3);
  CHECK(one.Text() == "[abc]");
  for (const InsertOp& op : b_ops) Apply(one, op);
  for (const InsertOp& op : a_ops) Apply(two, op);
  CHECK(one.Text() == two.Text());
  CHECK((one.Text() == "[abcxyz]" || one.Text() == "[xyzabc]"));
}

TEST_CASE("InterleavedDeliveryOfTypedWordsConverges") {
  Actors actors;
  Sequence base(ObjType::kText, &actors.table);
  InsertOp root = LocalText(base, 0, "--", OpId{1, actors.a});
  Sequence ra = base, rb = base, rc = base;
  std::vector<std::vector<InsertOp>> per_actor = {
      TypeForwards(ra, 1, "abc", actors.a, 3),
      TypeBackwards(rb, 1, "xyz", actors.b, 3),
      TypeForwards(rc, 1, "pq", actors.c, 3),
  };
  // Each actor's ops stay in order; actors interleave every possible way.
  std::vector<int> slots;
  for (int i = 0; i < 3; ++i) slots.insert(slots.end(), per_actor[i].size(), i);
  std::sort(slots.begin(), slots.end());
  std::set<std::string> results;
  do {
    Sequence s(ObjType::kText, &actors.table);
    Apply(s, root);
    size_t next[3] = {0, 0, 0};
    for (int who : slots) Apply(s, per_actor[who][next[who]++]);
    results.insert(s.Text());
  } while (std::next_permutation(slots.begin(), slots.end()));
  REQUIRE(results.size() == 1);
  const std::string text = *results.begin();
  CHECK(Contains(text, "abc"));
  CHECK(Contains(text, "xyz"));
  CHECK(Contains(text, "pq"));
}

TEST_CASE("DeleteOfUnknownOrDeletedIdsIsANoOp") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "abcdef", OpId{1, actors.a});
  s.Delete(IdSpan{OpId{1, actors.b}, 3});    // unknown actor
  s.Delete(IdSpan{OpId{100, actors.a}, 5});  // unknown counters
  CHECK(s.Text() == "abcdef");
  s.Delete(IdSpan{OpId{2, actors.a}, 2});
  CHECK(s.Text() == "adef");
  s.Delete(IdSpan{OpId{2, actors.a}, 2});  // again
  CHECK(s.Text() == "adef");
  s.Delete(IdSpan{OpId{5, actors.a}, 10});  // runs past the last id
  CHECK(s.Text() == "ad");
  CHECK(s.size() == 2);
}

TEST_CASE("DeleteSpanCoversSeveralRuns") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "abcdef", OpId{1, actors.a});
  s.LocalInsertText(3, "XY", OpId{7, actors.b});  // abcXYdef
  s.Delete(IdSpan{OpId{2, actors.a}, 4});         // b c d e
  CHECK(s.Text() == "aXYf");
}

TEST_CASE("TombstoneInsertIsInvisibleButAnchorsLaterInserts") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "ac", OpId{1, actors.a});
  REQUIRE(s.IntegrateText(OpId{1, actors.a}, OpId{2, actors.a}, "zz", OpId{3, actors.b},
                          /*tombstone=*/true)
              .ok());
  CHECK(s.Text() == "ac");
  CHECK(s.size() == 2);
  CHECK(s.Contains(OpId{4, actors.b}));
  CHECK_FALSE(s.PositionOf(OpId{3, actors.b}).has_value());
  REQUIRE(
      s.IntegrateText(OpId{3, actors.b}, OpId{4, actors.b}, "b", OpId{5, actors.c}).ok());
  CHECK(s.Text() == "abc");
}

TEST_CASE("IntegrateRejectsUnknownOriginsAndDuplicateIds") {
  Actors actors;
  Sequence s(ObjType::kText, &actors.table);
  s.LocalInsertText(0, "abc", OpId{1, actors.a});
  CHECK(s.IntegrateText(OpId{9, actors.a}, std::nullopt, "x", OpId{10, actors.b})
            .IsCorruption());
  CHECK(s.IntegrateText(std::nullopt, OpId{9, actors.c}, "x", OpId{10, actors.b})
            .IsCorruption());
  CHECK(s.IntegrateText(OpId{1, actors.a}, std::nullopt, "xy", OpId{3, actors.a})
            .IsCorruption());
  CHECK(s.IntegrateText(OpId{3, actors.a}, OpId{1, actors.a}, "x", OpId{10, actors.b})
            .IsCorruption());
  CHECK(s.IntegrateText(std::nullopt, std::nullopt, "\xC3", OpId{10, actors.b})
            .IsCorruption());
  CHECK(s.Text() == "abc");
  CHECK(s.RunCount() == 1);
}

TEST_CASE("ListsHoldValuesWithIds") {
  Actors actors;
  Sequence s(ObjType::kList, &actors.table);
  s.LocalInsertValues(0, {Value{int64_t{1}}, Value{std::string("two")}, Value{true}},
                      OpId{1, actors.a});
  InsertOrigins o = s.LocalInsertValues(1, {Value{Null{}}}, OpId{4, actors.a});
  CHECK(o.left == std::optional<OpId>(OpId{1, actors.a}));
  std::vector<IdSpan> spans = s.LocalDelete(2, 1);  // "two"
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].start == OpId{2, actors.a});
  REQUIRE(s.IntegrateValues(OpId{3, actors.a}, std::nullopt,
                            {Value{MakeObject{ObjType::kMap}}}, OpId{5, actors.b})
              .ok());
  auto values = s.Values();
  REQUIRE(values.size() == 4);
  CHECK(values[0] == std::make_pair(OpId{1, actors.a}, Value{int64_t{1}}));
  CHECK(values[1] == std::make_pair(OpId{4, actors.a}, Value{Null{}}));
  CHECK(values[2] == std::make_pair(OpId{3, actors.a}, Value{true}));
  CHECK(values[3] == std::make_pair(OpId{5, actors.b}, Value{MakeObject{ObjType::kMap}}));
}

// A state with several actors, splits, tombstones and multi-byte text.
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

TEST_CASE("CopiesAreIndependent") {
  Actors actors;
  Sequence original(ObjType::kText, &actors.table);
  TypeForwards(original, 0, "hello", actors.a, 1);
  Sequence copy = original;
  copy.LocalInsertText(5, "!", OpId{6, actors.a});
  copy.LocalDelete(0, 1);
  original.LocalInsertText(0, ">", OpId{7, actors.a});
  CHECK(original.Text() == ">hello");
  CHECK(copy.Text() == "ello!");
  CHECK_FALSE(original.Contains(OpId{6, actors.a}));
  CHECK_FALSE(copy.Contains(OpId{7, actors.a}));
}

// Random, often invalid, remote inserts and deletes: each is applied or
// rejected as Corruption, and the state stays well-formed (its snapshot
// passes the decoder's invariant checks and round-trips).
TEST_CASE("ArbitraryRemoteOpsKeepTheStateWellFormed") {
  for (uint32_t seed = 1; seed <= 50; ++seed) {
    Actors actors;
    const ActorIndex ids[] = {actors.a, actors.b, actors.c, actors.d};
    std::mt19937 rng(seed);
    Sequence s(ObjType::kText, &actors.table);
    std::vector<OpId> known;
    auto random_id = [&]() -> std::optional<OpId> {
      const uint32_t pick = rng() % 8;
      if (pick == 0 || known.empty()) return std::nullopt;
      if (pick == 1) return OpId{1 + rng() % 50, ids[rng() % 4]};  // maybe unknown
      return known[rng() % known.size()];
    };
    int accepted = 0;
    for (int step = 0; step < 150; ++step) {
      if (rng() % 4 == 0) {
        s.Delete(IdSpan{OpId{1 + rng() % 50, ids[rng() % 4]}, 1 + rng() % 6});
        continue;
      }
      const OpId first{1 + rng() % 50, ids[rng() % 4]};
      const std::string text(1 + rng() % 3, static_cast<char>('a' + rng() % 26));
      const Status st =
          s.IntegrateText(random_id(), random_id(), text, first, rng() % 5 == 0);
      if (st.ok()) {
        ++accepted;
        for (uint64_t i = 0; i < text.size(); ++i)
          known.push_back({first.counter + i, first.actor});
      } else {
        REQUIRE(st.IsCorruption());
      }
    }
    INFO("seed " << seed);
    CHECK(accepted > 0);
    CHECK(s.size() == s.Text().size());
    const Bytes bytes = Encode(s, actors.table);
    auto decoded = Decode(ObjType::kText, bytes, actors.table);
    REQUIRE(decoded.ok());
    CHECK(decoded->Text() == s.Text());
    CHECK(Encode(*decoded, actors.table) == bytes);
  }
}

// --- randomized convergence ---

struct RandomOp {
  bool is_insert = true;
  InsertOp insert;
  std::vector<IdSpan> deletes;
};

struct Replica {
  Sequence seq;
  std::vector<size_t> log;  // indexes into the shared op list, applied order
  std::set<size_t> applied;
  std::vector<size_t> read;  // per other replica: how far its log was merged
  uint64_t max_counter = 0;
};

void ApplyOp(Replica& r, const std::vector<RandomOp>& ops, size_t index) {
  const RandomOp& op = ops[index];
  if (op.is_insert) {
    const Status st = r.seq.IntegrateText(op.insert.left, op.insert.right, op.insert.text,
                                          op.insert.first);
    REQUIRE(st.ok());
    r.max_counter =
        std::max(r.max_counter, op.insert.first.counter + op.insert.text.size());
  } else {
    for (const IdSpan& span : op.deletes) r.seq.Delete(span);
  }
  r.log.push_back(index);
  r.applied.insert(index);
}

// Merges (a prefix of) `from`'s log into `to`, in from's order: causal.
void Merge(Replica& to, size_t from_index, const Replica& from,
           const std::vector<RandomOp>& ops, size_t limit) {
  size_t& pos = to.read[from_index];
  const size_t stop = pos + std::min(limit, from.log.size() - pos);
  for (; pos < stop; ++pos) {
    if (!to.applied.count(from.log[pos])) ApplyOp(to, ops, from.log[pos]);
  }
}

TEST_CASE("RandomConcurrentEditsConverge") {
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    Actors actors;
    const ActorIndex ids[] = {actors.a, actors.b, actors.c};
    std::mt19937 rng(seed);
    std::vector<RandomOp> ops;
    std::vector<Replica> replicas;
    for (int i = 0; i < 3; ++i) {
      replicas.push_back(
          Replica{Sequence(ObjType::kText, &actors.table), {}, {}, {0, 0, 0}, 0});
    }
    for (int step = 0; step < 80; ++step) {
      const size_t who = rng() % 3;
      Replica& r = replicas[who];
      const uint32_t action = rng() % 10;
      if (action < 5 || r.seq.size() == 0) {
        // Half the inserts go to the middle, where concurrent ones collide.
        const size_t pos = rng() % 2 ? r.seq.size() / 2 : rng() % (r.seq.size() + 1);
        std::string text;
        const size_t len = 1 + rng() % 3;
        for (size_t i = 0; i < len; ++i)
          text.push_back(static_cast<char>('a' + rng() % 26));
        const OpId first{r.max_counter + 1, ids[who]};
        RandomOp op;
        op.insert = LocalText(r.seq, pos, text, first);
        r.max_counter = first.counter + len - 1;
        ops.push_back(op);
        r.log.push_back(ops.size() - 1);
        r.applied.insert(ops.size() - 1);
      } else if (action < 8) {
        const size_t pos = rng() % r.seq.size();
        const size_t len = 1 + rng() % std::min<size_t>(4, r.seq.size() - pos);
        RandomOp op;
        op.is_insert = false;
        op.deletes = r.seq.LocalDelete(pos, len);
        r.max_counter += 1;
        ops.push_back(op);
        r.log.push_back(ops.size() - 1);
        r.applied.insert(ops.size() - 1);
      } else {
        const size_t from = (who + 1 + rng() % 2) % 3;
        Merge(r, from, replicas[from], ops, 1 + rng() % 6);
      }
    }
    for (int round = 0; round < 2; ++round) {
      for (size_t to = 0; to < 3; ++to) {
        for (size_t from = 0; from < 3; ++from) {
          if (to != from) Merge(replicas[to], from, replicas[from], ops, SIZE_MAX);
        }
      }
    }
    INFO("seed " << seed);
    REQUIRE(replicas[0].applied.size() == ops.size());
    CHECK(replicas[0].seq.Text() == replicas[1].seq.Text());
    CHECK(replicas[0].seq.Text() == replicas[2].seq.Text());
    const Bytes state = Encode(replicas[0].seq, actors.table);
    CHECK(Encode(replicas[1].seq, actors.table) == state);
    CHECK(Encode(replicas[2].seq, actors.table) == state);
  }
}

}  // namespace
}  // namespace mutual::crdt
