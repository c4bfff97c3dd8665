// Randomized convergence: 3-5 documents make random map, register, text,
// list and domain edits and exchange changes in shuffled, duplicated,
// partial deliveries; after full delivery every replica has the same state
// and the same verdicts.
#include <random>

#include <catch2/catch.hpp>

#include "libsync/crdt/document.h"
#include "tests/crdt/doc_test_util.h"

namespace mutual::crdt {
namespace {

using testutil::Actor;
using testutil::Committed;
using testutil::Dump;
using testutil::MustApply;

// Invalid: a set of root key "veto" while root "frozen" is true at the
// change's deps. Domain op kind 1 {actor, seq} voids that actor after seq.
class FuzzPolicy : public Policy {
 public:
  Verdict Judge(const Document& at, const Change& c) const override {
    bool frozen = false;
    for (const auto& v : at.Get(kRootObject, "frozen")) frozen |= v.value == Value(true);
    for (const Op& op : c.ops) {
      const auto* set = std::get_if<MapSet>(&op);
      if (frozen && set && set->obj.counter == 0 && set->key == "veto") return {false, "frozen", {}};
    }
    return {};
  }
  std::map<ActorId, uint64_t> VoidAfter(const Document& doc) const override {
    std::map<ActorId, uint64_t> out;
    for (const DomainRecord& r : doc.DomainOps()) {
      if (r.kind == 1 && r.payload.size() == 2) out[Actor(r.payload[0])] = r.payload[1];
    }
    return out;
  }
};

struct Sim {
  std::mt19937 rng;
  std::vector<Document> docs;
  std::vector<ActorId> actors;
  std::vector<Committed> log;
  OpId text{}, list{};

  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }

  void RandomEdit(size_t who) {
    Document& d = docs[who];
    auto t = d.Begin(actors[who], 0);
    static const char* kKeys[] = {"a", "b", "frozen", "veto"};
    int n = 1 + static_cast<int>(Pick(3));
    for (int i = 0; i < n; ++i) {
      switch (Pick(7)) {
        case 0:
          t.Set(kRootObject, kKeys[Pick(4)], Pick(2) ? Value(true) : Value(int64_t(Pick(100))));
          break;
        case 1: t.Delete(kRootObject, kKeys[Pick(4)]); break;
        case 2:
        case 3: {
          size_t len = d.Seq(text).size();
          std::string s(1 + Pick(3), static_cast<char>('a' + Pick(26)));
          if (Pick(5) == 0) s = "é";
          t.InsertText(text, Pick(len + 1), s);
          break;
        }
        case 4: {
          size_t len = d.Seq(text).size();
          if (len == 0) break;
          size_t pos = Pick(len);
          t.DeleteText(text, pos, 1 + Pick(std::min<size_t>(3, len - pos)));
          break;
        }
        case 5: {
          size_t len = d.Seq(list).size();
          if (len > 0 && Pick(2)) {
            t.DeleteValues(list, Pick(len), 1);
          } else {
            t.InsertValue(list, Pick(len + 1), int64_t(Pick(10)));
          }
          break;
        }
        default:
          // Rarely, remove a random actor after its current seq.
          if (Pick(8) == 0) {
            size_t victim = Pick(actors.size());
            uint64_t seq = d.version().Get(actors[victim]);
            t.Domain(1, Bytes{actors[victim][0], static_cast<uint8_t>(seq + 1 + Pick(3))});
          } else {
            t.Domain(2, Bytes{static_cast<uint8_t>(who)});
          }
      }
    }
    auto r = t.Commit();
    if (r.ok()) log.push_back(std::move(r).value());
  }

  void Deliver(size_t to, size_t count) {
    for (size_t i = 0; i < count && !log.empty(); ++i) MustApply(docs[to], log[Pick(log.size())]);
  }
};

void RunSeed(uint32_t seed, const Policy* policy) {
  Sim sim{std::mt19937(seed), {}, {}, {}, {}, {}};
  size_t n = 3 + sim.Pick(3);
  // Everyone starts from a shared setup change made by replica 0.
  for (size_t i = 0; i < n; ++i) {
    sim.docs.emplace_back(policy);
    sim.actors.push_back(Actor(static_cast<uint8_t>(10 + i)));
  }
  auto t = sim.docs[0].Begin(sim.actors[0], 0);
  sim.text = t.Set(kRootObject, "text", MakeObject{ObjType::kText});
  sim.list = t.Set(kRootObject, "list", MakeObject{ObjType::kList});
  sim.log.push_back(testutil::MustCommit(t));
  for (size_t i = 1; i < n; ++i) MustApply(sim.docs[i], sim.log[0]);

  int rounds = 10 + static_cast<int>(sim.Pick(20));
  for (int r = 0; r < rounds; ++r) {
    sim.RandomEdit(sim.Pick(n));
    sim.Deliver(sim.Pick(n), sim.Pick(4));
  }
  // Full delivery: everything, shuffled, some twice.
  for (size_t i = 0; i < n; ++i) {
    std::vector<size_t> order(sim.log.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::shuffle(order.begin(), order.end(), sim.rng);
    for (size_t k : order) {
      MustApply(sim.docs[i], sim.log[k]);
      if (sim.Pick(4) == 0) MustApply(sim.docs[i], sim.log[sim.Pick(sim.log.size())]);
    }
    REQUIRE(sim.docs[i].PendingCount() == 0);
  }
  std::string expected = Dump(sim.docs[0]);
  for (size_t i = 1; i < n; ++i) {
    INFO("seed " << seed << " replica " << i);
    REQUIRE(Dump(sim.docs[i]) == expected);
  }
  // A snapshot of any replica loads to the same state.
  auto loaded = Document::Load(sim.docs[n - 1].Save(), policy);
  REQUIRE(loaded.ok());
  REQUIRE(Dump(*loaded) == expected);
}

TEST_CASE("RandomEditsConvergeWithoutPolicy") {
  for (uint32_t seed = 1; seed <= 300; ++seed) RunSeed(seed, nullptr);
}

TEST_CASE("RandomEditsConvergeWithVerdictsAndVoiding") {
  FuzzPolicy p;
  for (uint32_t seed = 1; seed <= 300; ++seed) RunSeed(seed, &p);
}

}  // namespace
}  // namespace mutual::crdt
