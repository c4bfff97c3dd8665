// Property test of the whole pure stack (plan rules + CRDT + sealed
// envelopes + receive pipeline): for many random seeds, 3–5 member devices
// make random concurrent edits *and* consent and membership ops — including
// changes the rules reject (a device endorsing for another member) and a
// member leaving while others write — and exchange sealed envelopes in
// shuffled, duplicated, partially dropped and partitioned order. After a
// final full exchange every current member's device must hold the identical
// plan and have reached the identical verdict on every change. Devices run
// key upkeep (sync/plan_keys.h) as the daemon does, so every leave and
// removal rotates the plan key: at the end all current devices write with
// the same epoch, and no departed device holds it.
//
// Seeds: MUTUAL_PROPERTY_SEEDS (default 1000; scripts/test lowers it under
// the sanitizers).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "libsync/crypto/device.h"
#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/sodium.h"
#include "libsync/plan/ops.h"
#include "libsync/plan/plan.h"
#include "libsync/plan/render_json.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/plan_keys.h"
#include "libsync/sync/replica.h"

namespace mutual::sync {
namespace {

using Device = Replica<plan::Plan>;

int SeedCount() {
  const char* env = std::getenv("MUTUAL_PROPERTY_SEEDS");
  return env ? std::max(1, std::atoi(env)) : 1000;
}

// What the test observed across all seeds, so it can check that the
// interesting cases really happened (a property test that never produced a
// rejected change would prove nothing about identical rejections).
struct Tally {
  size_t changes = 0;
  size_t invalid = 0;
  size_t void_changes = 0;
  size_t conflicted_items = 0;
  size_t conflicts_seen = 0;  // conflicted items seen along the way
  size_t agreed_items = 0;
  size_t refused_actions = 0;
  size_t rotations = 0;      // key epochs at the end, summed over seeds
  size_t held_for_key = 0;   // envelopes a departed device could not open
};

class World {
 public:
  World(uint32_t seed, Tally& tally) : rng_(seed), tally_(tally) {
    const size_t n = 3 + rng_() % 3;
    doc_id_ = crypto::NewDocId();
    for (size_t i = 0; i < n; ++i) {
      keys_.push_back(crypto::DeviceSecrets::Generate());
      PipelineConfig config;
      config.doc_id = doc_id_;
      const crdt::ActorId me = keys_.back().identity.public_key();
      devices_.push_back(std::make_unique<Device>(keys_.back().identity, config,
                                                  plan::Plan(me),
                                                  [me] { return plan::Plan(me); }));
      (void)devices_.back()->AddKey(InitialEpochId(doc_id_), key_);
      active_.push_back(true);
    }
  }

  // Device 0 creates the plan and brings every other device's person in,
  // with every current member's approval.
  void Setup() {
    Must(0, Dev(0).Create("plan", "relational", "P0", Record(0), Tick()));
    Must(0, Dev(0).AddMember("P1", Record(1), Tick()));
    for (size_t i = 2; i < devices_.size(); ++i) {
      FullExchange();
      std::string id;
      Must(0, Dev(0).Invite("P" + std::to_string(i), Tick(), &id));
      FullExchange();
      for (size_t j = 1; j < i; ++j) Must(j, Dev(j).Approve(id, Tick()));
      FullExchange();
      Must(0, Dev(0).AddMember(id, Record(i), Tick()));
    }
    FullExchange();
  }

  void RandomSteps(int steps) {
    for (int s = 0; s < steps; ++s) {
      const uint32_t roll = rng_() % 100;
      if (roll < 45) {
        RandomAction(rng_() % devices_.size());
      } else if (roll < 48) {
        Rogue(rng_() % devices_.size());
      } else if (roll < 49) {
        MaybeLeave(rng_() % devices_.size());
      } else if (roll < 50) {
        MaybeEject(rng_() % devices_.size());
      } else if (roll < 54) {
        Consensus();
      } else if (roll < 55) {
        ConcurrentTimes(rng_() % devices_.size(), rng_() % devices_.size());
      } else if (roll < 57) {
        Repartition();
      } else {
        size_t a = rng_() % devices_.size(), b = rng_() % devices_.size();
        if (a != b && Connected(a, b)) Deliver(a, b, /*drop=*/true);
      }
    }
  }

  // Heals every partition and exchanges until nobody lacks anything.
  void Converge() {
    partition_.clear();
    for (int round = 0; round < 8; ++round) FullExchange();
  }

  void CheckIdentical() {
    const int64_t now = now_;
    std::vector<size_t> current;
    for (size_t i = 0; i < devices_.size(); ++i) {
      if (active_[i]) current.push_back(i);
    }
    REQUIRE(current.size() >= 2);
    const size_t first = current[0];
    const std::string reference = plan::RenderJson(Dev(first).View(now));
    for (size_t i : current) {
      INFO("device " << i);
      CHECK(plan::RenderJson(Dev(i).View(now)) == reference);
    }
    // Identical verdicts: every current device knows every change and
    // judged it the same way.
    std::set<crdt::ChangeId> all;
    for (size_t i : current) {
      const auto& doc = Dev(i).document();
      for (const auto& [author, seq] : doc.version().entries()) {
        for (uint64_t q = 1; q <= seq; ++q) all.insert({author, q});
      }
    }
    CheckKeys(current);
    for (const crdt::ChangeId& id : all) {
      const crdt::ChangeStatus status = Dev(first).document().StatusOf(id);
      for (size_t i : current) {
        CHECK(Dev(i).document().StatusOf(id) == status);
      }
      tally_.changes++;
      if (status == crdt::ChangeStatus::kInvalid) tally_.invalid++;
      if (status == crdt::ChangeStatus::kVoid) tally_.void_changes++;
    }
    for (const auto& section : Dev(first).View(now).sections) {
      for (const auto& item : section.items) {
        if (item.state == plan::ItemState::kConflicted) tally_.conflicted_items++;
        if (item.state == plan::ItemState::kAgreed) tally_.agreed_items++;
      }
    }
  }

 private:
  // Every current device writes with the plan's writing epoch; no departed
  // device holds it, and none of the current devices still needs upkeep.
  void CheckKeys(const std::vector<size_t>& current) {
    const crypto::Hash32 writing = WritingEpoch(Dev(current[0]), doc_id_);
    for (size_t i : current) {
      INFO("device " << i);
      REQUIRE(devices_[i]->keyring().Current() != nullptr);
      CHECK(devices_[i]->keyring().Current()->id == writing);
      const plan::KeyNeeds needs = plan::KeyNeedsOf(Dev(i).document(), Dev(i).members(),
                                                    Dev(i).Keys());
      CHECK(!needs.rotate);
      CHECK(needs.shares.empty());
    }
    for (size_t i = 0; i < devices_.size(); ++i) {
      if (active_[i]) continue;
      INFO("departed device " << i);
      CHECK(devices_[i]->keyring().Find(writing) == nullptr);
      tally_.held_for_key += devices_[i]->pipeline().held_count();
    }
    tally_.rotations += Dev(current[0]).Keys().rotations().size();
  }

  // Key upkeep, as the daemon runs it after storing a membership change.
  void Upkeep(size_t i) {
    UpkeepHooks hooks{
        [](const crypto::Hash32&, const crypto::DocKey&) { return Status::Ok(); },
        [this, i](const plan::Committed& c) {
          return devices_[i]->SealCommitted(c.change, c.encoded).status();
        }};
    REQUIRE(UpkeepKeys(*devices_[i], doc_id_, keys_[i].delivery, Tick(), hooks).ok());
  }

  plan::Plan& Dev(size_t i) { return devices_[i]->doc(); }
  int64_t Tick() { return now_ += 1000; }
  Bytes Record(size_t i) {
    return crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(keys_[i]));
  }

  // Seals a change the plan committed. Setup actions must succeed.
  void Must(size_t i, const Result<plan::Committed>& r) {
    REQUIRE(r.ok());
    REQUIRE(devices_[i]->SealCommitted(r->change, r->encoded).ok());
  }
  // Random actions may be refused by the rules; a refusal changes nothing.
  void Try(size_t i, const Result<plan::Committed>& r) {
    if (!r.ok()) {
      tally_.refused_actions++;
      return;
    }
    REQUIRE(devices_[i]->SealCommitted(r->change, r->encoded).ok());
  }

  std::vector<std::string> ItemIds(size_t i) {
    std::vector<std::string> ids;
    for (const auto& section : Dev(i).View(now_).sections) {
      for (const auto& item : section.items) ids.push_back(item.id);
    }
    return ids;
  }

  std::string Words() {
    static const char* kWords[] = {"we", "talk", "walk", "call", "wait", "rest",
                                   "tea", "later", "now", "gently", "both", "ask"};
    std::string s;
    for (int w = 1 + rng_() % 4; w > 0; --w) {
      if (!s.empty()) s += ' ';
      s += kWords[rng_() % std::size(kWords)];
    }
    return s;
  }

  void RandomAction(size_t i) {
    const bool ejected = std::find(ejected_.begin(), ejected_.end(), i) != ejected_.end();
    if (!active_[i] && !ejected) return;
    plan::Plan& p = Dev(i);
    const auto ids = ItemIds(i);
    const uint32_t what = rng_() % 12;
    if (ids.empty() || what < 2) {
      static const char* kSections[] = {"bottom-lines", "at-the-edge", "hot-buttons",
                                        "patterns", "early-signs"};
      const std::string section = kSections[rng_() % std::size(kSections)];
      std::map<std::string, std::string> fields;
      if (section == "at-the-edge") {
        fields = {{"when", Words()}, {"from_time", std::to_string(18 + rng_() % 5) + ":00"}};
      } else if (section == "hot-buttons") {
        fields = {{"sets_it_off", Words()}};
      } else if (section == "early-signs") {
        fields = {{"sign", Words()}};
      } else {
        fields = {{"text", Words()}};
      }
      auto r = p.AddItem({.section = section, .fields = fields}, Tick());
      if (r.ok()) {
        REQUIRE(devices_[i]->SealCommitted(r->committed.change, r->committed.encoded).ok());
      } else {
        tally_.refused_actions++;
      }
      return;
    }
    const std::string id = ids[rng_() % ids.size()];
    switch (what) {
      case 2:
      case 3: {
        // Edits the first text field of whatever kind the item is.
        static const char* kTextFields[] = {"text", "when", "sets_it_off", "sign"};
        Try(i, p.Edit(id, {{kTextFields[rng_() % 4], Words()}}, Tick()));
        break;
      }
      case 4:
        Try(i, p.Edit(id, {{"from_time", std::to_string(18 + rng_() % 5) + ":30"}}, Tick()));
        break;
      case 5:
      case 6:
        Try(i, p.Agree(id, Tick()));
        break;
      case 7:
        Try(i, p.Withdraw(id, Words(), Tick()));
        break;
      case 8:
        Try(i, p.Revisit(id, Words(), Tick()));
        break;
      case 9:
        Try(i, p.Ack(id, Tick()));
        break;
      case 10:
        Try(i, p.Remove(id, Words(), Tick()));
        break;
      default:
        Try(i, p.Resolve(id, "from_time", "20:00", Tick()));
        break;
    }
  }

  // Device i signs an endorsement *for another member* — a change the rules
  // make invalid — and sends it like any other. It is built by hand because
  // the plan API refuses to make it.
  void Rogue(size_t i) {
    if (!active_[i] || devices_[i]->writer_state() != WriterState::kActive) return;
    const auto ids = ItemIds(i);
    const auto members = Dev(i).members().CurrentIds();
    const std::string me = Dev(i).member();
    std::string victim;
    for (const auto& m : members) {
      if (m != me) victim = m;
    }
    if (ids.empty() || victim.empty() || me.empty()) return;
    const crdt::Document& doc = Dev(i).document();
    const crdt::ActorId author = devices_[i]->device();
    crdt::Change change;
    change.actors = {author};
    change.seq = doc.version().Get(author) + 1;
    change.time_ms = Tick();
    uint64_t max_counter = 0;
    const std::vector<crdt::ChangeId> heads = doc.Heads();
    std::set<crdt::ChangeId> deps(heads.begin(), heads.end());
    if (change.seq > 1) deps.insert({author, change.seq - 1});
    std::map<crdt::ActorId, uint64_t> by_author;
    for (const auto& d : deps) {
      max_counter = std::max(max_counter, doc.GetChange(d).last_counter());
      by_author[d.author] = std::max(by_author[d.author], d.seq);
    }
    for (const auto& [a, seq] : by_author) {
      uint32_t index = 0;
      auto it = std::find(change.actors.begin(), change.actors.end(), a);
      if (it == change.actors.end()) {
        index = static_cast<uint32_t>(change.actors.size());
        change.actors.push_back(a);
      } else {
        index = static_cast<uint32_t>(it - change.actors.begin());
      }
      change.deps.push_back({index, seq});
    }
    change.start_counter = max_counter + 1;
    const std::string item = ids[rng_() % ids.size()];
    plan::PlanOp op = plan::PlanOp::Of(plan::OpKind::kEndorse, victim).Item(item);
    change.ops.push_back(
        crdt::DomainOp{static_cast<uint32_t>(op.kind), plan::EncodePlanOp(op)});
    Bytes encoded = crdt::EncodeChange(change);
    auto decoded = crdt::DecodeChange(encoded, author, change.seq);
    REQUIRE(decoded.ok());  // the hand-built change is well-formed...
    auto applied = Dev(i).ApplyRemote(*decoded, encoded);
    REQUIRE(applied.ok());
    CHECK(applied->status == crdt::ChangeStatus::kInvalid);  // ...but not allowed
    REQUIRE(devices_[i]->SealCommitted(change, encoded).ok());
  }

  void MaybeLeave(size_t i) {
    size_t members = std::count(active_.begin(), active_.end(), true);
    if (!active_[i] || members <= 2) return;
    auto r = Dev(i).Leave(Tick());
    if (!r.ok()) return;
    REQUIRE(devices_[i]->SealCommitted(r->change, r->encoded).ok());
    active_[i] = false;
    Upkeep(i);  // a former member's device writes nothing
  }

  // Every other member approves removing `victim`, and one of them removes
  // it — all without the victim hearing of it, so whatever the victim
  // writes meanwhile is concurrent with its removal and becomes void.
  void MaybeEject(size_t victim) {
    std::vector<size_t> others;
    for (size_t i = 0; i < devices_.size(); ++i) {
      if (i != victim && active_[i]) others.push_back(i);
    }
    if (!active_[victim] || others.size() < 2) return;
    const std::string id = Dev(victim).member();
    ExchangeAmong(others);
    for (size_t i : others) Try(i, Dev(i).ApproveRemoval(id, Tick()));
    ExchangeAmong(others);
    auto r = Dev(others[0]).RemoveMember(id, Tick());
    if (!r.ok()) {
      tally_.refused_actions++;
      return;
    }
    REQUIRE(devices_[others[0]]->SealCommitted(r->change, r->encoded).ok());
    active_[victim] = false;
    ejected_.push_back(victim);
    Upkeep(others[0]);
  }

  // A moment of agreement: the members who can reach each other sync, all
  // endorse one item, and sync again.
  void Consensus() {
    const auto ids = ItemIds(0);
    if (ids.empty()) return;
    for (const auto& section : Dev(0).View(now_).sections) {
      for (const auto& item : section.items) {
        if (item.state == plan::ItemState::kConflicted) tally_.conflicts_seen++;
      }
    }
    const std::string item = ids[rng_() % ids.size()];
    std::vector<size_t> reachable;
    for (size_t i = 0; i < devices_.size(); ++i) {
      if (active_[i] && Connected(0, i)) reachable.push_back(i);
    }
    ExchangeAmong(reachable);
    for (size_t i : reachable) Try(i, Dev(i).Agree(item, Tick()));
    ExchangeAmong(reachable);
  }

  // Two members set one item's start time to different values without
  // syncing in between: a scalar conflict, which must be shown everywhere.
  void ConcurrentTimes(size_t a, size_t b) {
    if (a == b || !active_[a] || !active_[b]) return;
    const auto ids = ItemIds(a);
    if (ids.empty()) return;
    const std::string item = ids[rng_() % ids.size()];
    Try(a, Dev(a).Edit(item, {{"from_time", "19:15"}}, Tick()));
    Try(b, Dev(b).Edit(item, {{"from_time", "23:45"}}, Tick()));
    Deliver(a, b, /*drop=*/false);
    Deliver(b, a, /*drop=*/false);
    for (const auto& section : Dev(a).View(now_).sections) {
      for (const auto& view : section.items) {
        if (view.id == item && view.state == plan::ItemState::kConflicted) {
          tally_.conflicts_seen++;
        }
      }
    }
  }

  void ExchangeAmong(const std::vector<size_t>& group) {
    for (size_t a : group) {
      for (size_t b : group) {
        if (a != b) Deliver(a, b, /*drop=*/false);
      }
    }
  }

  void Repartition() {
    partition_.clear();
    if (rng_() % 2 == 0) return;  // healed
    for (size_t i = 0; i < devices_.size(); ++i) partition_[i] = rng_() % 2;
  }
  bool Connected(size_t a, size_t b) const {
    if (partition_.empty()) return true;
    return partition_.at(a) == partition_.at(b);
  }

  // Sends b what it lacks of a: shuffled, some duplicated, some dropped
  // (when `drop`). Every envelope must be accepted or held; none rejected,
  // because every device here is honest at the envelope level.
  void Deliver(size_t a, size_t b, bool drop) {
    auto lack = devices_[a]->LackOf(devices_[b]->Heads());
    std::vector<Bytes> batch;
    for (auto& e : lack.send) {
      if (drop && rng_() % 5 == 0) continue;
      batch.push_back(e.bytes);
      if (rng_() % 4 == 0) batch.push_back(e.bytes);
    }
    std::shuffle(batch.begin(), batch.end(), rng_);
    bool affects_keys = false;
    for (const Bytes& envelope : batch) {
      auto result = devices_[b]->Receive(envelope);
      INFO(result.status.ToString());
      REQUIRE(result.status.ok());
      for (const crdt::ChangeId& id : result.applied) {
        affects_keys = affects_keys || plan::AffectsKeys(Dev(b).document().GetChange(id));
      }
    }
    // As the daemon does: only membership and key changes make upkeep due.
    if (affects_keys) Upkeep(b);
  }

  void FullExchange() {
    for (size_t a = 0; a < devices_.size(); ++a) {
      for (size_t b = 0; b < devices_.size(); ++b) {
        if (a != b) Deliver(a, b, /*drop=*/false);
      }
    }
  }

  std::mt19937 rng_;
  Tally& tally_;
  int64_t now_ = 1'700'000'000'000;
  crypto::DocId doc_id_{};
  crypto::DocKey key_ = crypto::DocKey::Generate();
  std::vector<crypto::DeviceSecrets> keys_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::vector<bool> active_;
  std::vector<size_t> ejected_;
  std::map<size_t, int> partition_;
};

TEST_CASE("RandomConcurrentPlansConvergeWithIdenticalVerdicts", "[sync][property]") {
  REQUIRE(crypto::InitSodium().ok());
  Tally tally;
  const int seeds = SeedCount();
  for (int seed = 1; seed <= seeds; ++seed) {
    INFO("seed " << seed);
    World world(static_cast<uint32_t>(seed), tally);
    world.Setup();
    world.RandomSteps(60);
    world.Converge();
    world.CheckIdentical();
  }
  // The property is only meaningful if the runs produced the cases it is
  // about: rejected changes, voided changes, conflicts, and agreements.
  CHECK(tally.invalid >= static_cast<size_t>(seeds) / 4);
  CHECK(tally.void_changes > 0);
  CHECK(tally.conflicts_seen + tally.conflicted_items > 0);
  CHECK(tally.agreed_items > 0);
  CHECK(tally.changes > static_cast<size_t>(seeds) * 10);
  CHECK(tally.rotations > 0);
  CHECK(tally.held_for_key > 0);  // departed devices were sent what they cannot read
  WARN("seeds " << seeds << ": " << tally.changes << " changes, " << tally.invalid
                << " invalid, " << tally.void_changes << " void, "
                << tally.conflicted_items << " conflicted (" << tally.conflicts_seen
                << " seen along the way) and " << tally.agreed_items
                << " agreed items at the end, " << tally.refused_actions
                << " actions refused locally, " << tally.rotations << " key rotations, "
                << tally.held_for_key << " envelopes departed devices could not open");
}

}  // namespace
}  // namespace mutual::sync
