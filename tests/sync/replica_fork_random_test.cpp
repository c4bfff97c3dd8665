// Randomized fork delivery: a device forks at seq 2 (a restored copy writes
// a different seq 2 and 3), other devices build on both branches, and three
// receivers get every envelope in a random order, some twice. Whichever
// branch each receiver saw first, all end in one state with the device
// frozen at seq 2, and no honest relay is ever blamed.
#include <algorithm>
#include <random>

#include "libsync/sync/replica.h"
#include "tests/sync/sync_test_helpers.h"

namespace mutual::sync {
namespace {

using testing::Doc;
using testing::Dump;
using testing::HashOf;
using testing::SetKey;
using testing::TestPlan;
using testing::TestReplica;

constexpr int kForkSeeds = 100;

// Envelopes of one forked history, made once and delivered per seed.
struct ForkHistory {
  TestPlan plan{6};
  std::vector<Bytes> all;
  PublicKey forker{};

  ForkHistory() {
    auto f = plan.MakeReplica(0);
    auto a = plan.MakeReplica(1);
    auto b = plan.MakeReplica(2);
    forker = f->device();
    Bytes x1 = SetKey(*f, "f", int64_t{1});
    Bytes x2 = SetKey(*f, "f", int64_t{2});
    Bytes x3 = SetKey(*f, "g", int64_t{3});
    // The restored copy of f knows only x1 and writes y2, y3 by hand.
    Doc restored;
    Bytes x1_plain = ToBytes(f->doc().EncodedChange({forker, 1}));
    Result<crdt::Change> x1_change = crdt::DecodeChange(x1_plain, forker, 1);
    REQUIRE(x1_change.ok());
    REQUIRE(restored.Apply(*x1_change, x1_plain).ok());
    Bytes y2 = testing::SealRaw(plan, plan.devices[0], 2, HashOf(x1),
                                testing::NextChange(restored, forker, "f", 20));
    Bytes y3 = testing::SealRaw(plan, plan.devices[0], 3, HashOf(y2),
                                testing::NextChange(restored, forker, "h", 30));
    // a builds on branch x, b on x1 only; both also write independently.
    for (const Bytes& e : {x1, x2}) REQUIRE(a->Receive(e).status.ok());
    Bytes a1 = SetKey(*a, "a", int64_t{1});
    REQUIRE(b->Receive(x1).status.ok());
    Bytes b1 = SetKey(*b, "b", int64_t{1});
    Bytes b2 = SetKey(*b, "b", int64_t{2});
    all = {x1, x2, x3, y2, y3, a1, b1, b2};
  }
};

TEST_CASE("RandomDeliveryOfAForkedHistoryConverges") {
  testing::RequireSodium();
  ForkHistory h;
  for (uint32_t seed = 1; seed <= kForkSeeds; ++seed) {
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    std::vector<std::unique_ptr<TestReplica>> rs;
    for (size_t i = 3; i < 6; ++i) rs.push_back(h.plan.MakeReplica(i));
    for (auto& r : rs) {
      std::vector<Bytes> order = h.all;
      for (size_t i = 0; i < h.all.size(); ++i) {
        if (rng() % 3 == 0) order.push_back(h.all[i]);
      }
      std::shuffle(order.begin(), order.end(), rng);
      for (const Bytes& e : order) {
        ReceiveResult res = r->Receive(e);
        INFO(DispositionName(res.disposition) << " " << res.status.ToString());
        CHECK_FALSE(res.status.IsPeerViolation());
      }
    }
    for (auto& from : rs) {
      for (auto& to : rs) {
        if (from != to) (void)testing::SyncOnce(*from, *to);
      }
    }
    for (auto& r : rs) {
      CHECK(r->log().ForkPoint(h.forker) == 2u);
      CHECK(Dump(r->doc()) == Dump(rs[0]->doc()));
      CHECK(r->Heads() == rs[0]->Heads());
    }
    // x1 stands, both seq-2 branches are frozen; a1 (built on x2) waits.
    CHECK(Dump(rs[0]->doc()) == "{b=[i:2,];f=[i:1,];}");
    CHECK(rs[0]->doc().StatusOf({h.plan.devices[1].public_key(), 1}) ==
          crdt::ChangeStatus::kPending);
  }
}

}  // namespace
}  // namespace mutual::sync
