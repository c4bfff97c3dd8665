// Randomized convergence: three replicas (and a fourth device that ignores
// the test policy) make random map and text edits and
// exchange envelopes in shuffled, duplicated, partial (partitioned) and
// replayed order. Whatever the order, every replica must end with the same
// state, the same log and the same verdict on every change, and no honest
// envelope may ever be refused.
#include <algorithm>
#include <random>

#include "libsync/sync/replica.h"
#include "tests/sync/sync_test_helpers.h"

namespace mutual::sync {
namespace {

using testing::Doc;
using testing::Dump;
using testing::TestPlan;
using testing::TestReplica;

constexpr int kSeeds = 300;
constexpr int kSteps = 80;

// Text positions count Unicode code points.
size_t CodePoints(const std::string& utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

struct World {
  explicit World(uint32_t seed) : rng(seed), plan(4, &policy) {
    for (size_t i = 0; i < 3; ++i) replicas.push_back(plan.MakeReplica(i));
    // Device 3 ignores the lock rule (its document has no policy), so the
    // others must judge its "guarded" writes at their deps.
    auto rogue = std::make_unique<TestReplica>(plan.devices[3], plan.Config(), Doc(),
                                               [] { return Doc(); });
    rogue->AddKey(plan.epoch, plan.key);
    replicas.push_back(std::move(rogue));
  }

  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }

  // The text object replica `r` edits: the lowest-id "notes" value, created
  // here if there is none yet.
  void EditText(TestReplica& r) {
    std::vector<crdt::RegisterValue> notes = r.doc().Get(crdt::kRootObject, "notes");
    Result<Bytes> e = r.Edit(0, [&](Doc::Transaction& t) {
      if (notes.empty()) {
        crdt::OpId text =
            t.Set(crdt::kRootObject, "notes", crdt::MakeObject{crdt::ObjType::kText});
        t.InsertText(text, 0, "start");
        return;
      }
      crdt::OpId text = notes.front().id;
      size_t len = CodePoints(r.doc().Text(text));
      if (len > 0 && Pick(3) == 0) {
        size_t pos = Pick(len);
        t.DeleteText(text, pos, std::min<size_t>(1 + Pick(3), len - pos));
      } else {
        static const char* kWords[] = {"a", "bc", "déf", "ghij", " "};
        size_t pos = Pick(len + 1);  // sequenced: same run under any compiler
        t.InsertText(text, pos, kWords[Pick(5)]);
      }
    });
    Record(e);
  }

  void EditMap(TestReplica& r) {
    static const char* kKeys[] = {"x", "y", "z", "lock", "guarded"};
    std::string key =
        &r == replicas[3].get() && Pick(2) == 0 ? "guarded" : kKeys[Pick(5)];
    Result<Bytes> e = r.Edit(0, [&](Doc::Transaction& t) {
      if (key == "lock") {
        t.Set(crdt::kRootObject, key, Pick(2) == 0);
      } else if (Pick(6) == 0) {
        t.Delete(crdt::kRootObject, key);
      } else {
        t.Set(crdt::kRootObject, key, static_cast<int64_t>(Pick(100)));
      }
    });
    // The local policy check may refuse "guarded" (PermissionDenied), and a
    // delete of an unset key makes an empty change (FailedPrecondition).
    if (!e.ok()) {
      REQUIRE((e.status().IsPermissionDenied() || e.status().IsFailedPrecondition()));
      return;
    }
    Record(e);
  }

  void Record(const Result<Bytes>& e) {
    REQUIRE(e.ok());
    pool.push_back(*e);
  }

  void Deliver(TestReplica& to, const Bytes& e) {
    ReceiveResult r = to.Receive(e);
    INFO(DispositionName(r.disposition) << " " << r.status.ToString());
    REQUIRE(r.status.ok());
  }

  // Part of what `to` lacks of `from`, shuffled, some twice.
  void Exchange(TestReplica& from, TestReplica& to) {
    std::vector<OutgoingEnvelope> send = from.LackOf(to.Heads()).send;
    std::vector<Bytes> batch;
    for (const OutgoingEnvelope& e : send) {
      if (Pick(4) == 0) continue;  // lost to a partition
      batch.push_back(e.bytes);
      if (Pick(5) == 0) batch.push_back(e.bytes);
    }
    std::shuffle(batch.begin(), batch.end(), rng);
    for (const Bytes& e : batch) Deliver(to, e);
  }

  void Replay(TestReplica& to) {
    if (!pool.empty()) Deliver(to, pool[Pick(pool.size())]);
  }

  void Settle() {
    for (int round = 0; round < 3; ++round) {
      for (auto& from : replicas) {
        for (auto& to : replicas) {
          if (from == to) continue;
          for (const OutgoingEnvelope& e : from->LackOf(to->Heads()).send)
            Deliver(*to, e.bytes);
        }
      }
    }
  }

  testing::LockPolicy policy;
  std::mt19937 rng;
  TestPlan plan;
  std::vector<std::unique_ptr<TestReplica>> replicas;
  std::vector<Bytes> pool;  // every envelope ever made
};

// The three honest replicas agree on everything; the rogue (whose document
// judges nothing) agrees on the envelope log.
void CheckConverged(World& w) {
  const TestReplica& first = *w.replicas[0];
  CHECK(w.replicas[3]->Heads() == first.Heads());
  for (size_t i = 0; i < 3; ++i) {
    const auto& r = w.replicas[i];
    CHECK(Dump(r->doc()) == Dump(first.doc()));
    CHECK(r->Heads() == first.Heads());
    CHECK(r->pipeline().held_count() == 0);
    CHECK(r->doc().PendingCount() == 0);
    CHECK(r->log().forks().empty());
    for (const PublicKey& author : first.log().Authors()) {
      for (const LoggedEnvelope& e : first.log().Chain(author)) {
        crdt::ChangeId id{author, e.seq};
        CHECK(r->doc().StatusOf(id) == first.doc().StatusOf(id));
        CHECK(r->log().At(author, e.seq)->hash == e.hash);
      }
    }
  }
}

TEST_CASE("RandomExchangeOrdersConvergeToOneState") {
  testing::RequireSodium();
  size_t envelopes = 0;
  size_t invalid = 0;
  for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    World w(seed);
    for (int step = 0; step < kSteps; ++step) {
      TestReplica& r = *w.replicas[w.Pick(4)];
      switch (w.Pick(5)) {
        case 0:
          w.EditText(r);
          break;
        case 1:
          w.EditMap(r);
          break;
        case 2:
        case 3: {
          TestReplica& other = *w.replicas[w.Pick(4)];
          if (&other != &r) w.Exchange(r, other);
          break;
        }
        case 4:
          w.Replay(r);
          break;
      }
    }
    w.Settle();
    CheckConverged(w);
    envelopes += w.pool.size();
    for (const PublicKey& author : w.replicas[0]->log().Authors()) {
      for (const LoggedEnvelope& e : w.replicas[0]->log().Chain(author)) {
        if (w.replicas[0]->doc().StatusOf({author, e.seq}) ==
            crdt::ChangeStatus::kInvalid) {
          ++invalid;
        }
      }
    }
  }
  // The runs must have exercised both outcomes of the policy.
  CHECK(envelopes > 100u * kSeeds / 10);
  CHECK(invalid >= 10);
}

}  // namespace
}  // namespace mutual::sync
