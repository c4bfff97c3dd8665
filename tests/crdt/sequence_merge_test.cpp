// Sequence: integrating concurrent remote ops (ordering, no interleaving,
// deletes, tombstones, hostile ops) and randomized convergence.
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
