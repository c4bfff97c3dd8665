// Sequence: local edits, positions, runs and blocks, lists, copies.
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

}  // namespace
}  // namespace mutual::crdt
