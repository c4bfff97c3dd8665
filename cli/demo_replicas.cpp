// The in-memory demo (scripts/demo): two members' devices co-write a plan.
//
// Each device is a sync::Replica<plan::Plan>: its own plan replica, envelope
// log, keyring and receive pipeline. Every action is one signed change,
// sealed into an envelope; the devices exchange only sealed envelopes (what
// each lacks, shuffled), as they will over the network. No network or disk
// is used: the device and peer-to-peer issues add those.
//
// The story: Rae creates a plan and adds Jun; both write at the same time
// (a bottom line, a hot button, a shared agreement whose start time they set
// differently); both agree on the bottom line; Jun acknowledges Rae's hot
// button; Jun withdraws from the agreement with a reason. Each side then
// prints the plan as it sees it, and the program checks that the two views
// are identical.
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

#include "libsync/crypto/device.h"
#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/sodium.h"
#include "libsync/plan/plan.h"
#include "libsync/plan/render_json.h"
#include "libsync/plan/render_text.h"
#include "libsync/plan/view.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/replica.h"

namespace mutual {
namespace {

using Device = sync::Replica<plan::Plan>;

struct Traffic {
  size_t envelopes = 0;
  size_t bytes = 0;
};

std::unique_ptr<Device> MakeDevice(const crypto::DeviceSecrets& secrets,
                                   const crypto::DocId& doc_id,
                                   const crypto::DocKey& doc_key) {
  sync::PipelineConfig config;
  config.doc_id = doc_id;
  const crdt::ActorId me = secrets.identity.public_key();
  auto device = std::make_unique<Device>(secrets.identity, config, plan::Plan(me),
                                         [me] { return plan::Plan(me); });
  (void)device->AddKey(sync::InitialEpochId(doc_id), doc_key);
  return device;
}

// Seals a change the plan committed; exits on failure (a demo bug).
template <typename R>
void Seal(Device& device, const R& result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "demo: %s failed: %s\n", what, result.status().ToString().c_str());
    std::exit(1);
  }
  const plan::Committed* committed;
  if constexpr (std::is_same_v<std::decay_t<decltype(*result)>, plan::ItemCreated>) {
    committed = &result->committed;
  } else {
    committed = &*result;
  }
  auto sealed = device.SealCommitted(committed->change, committed->encoded);
  if (!sealed.ok()) {
    std::fprintf(stderr, "demo: sealing %s failed: %s\n", what,
                 sealed.status().ToString().c_str());
    std::exit(1);
  }
}

// Sends `to` every envelope it lacks from `from`, in a shuffled order (the
// pipeline holds what arrives early), each once or twice.
void Deliver(Device& from, Device& to, std::mt19937& rng, Traffic& traffic) {
  auto lack = from.LackOf(to.Heads());
  std::vector<Bytes> batch;
  for (auto& e : lack.send) {
    batch.push_back(e.bytes);
    if (rng() % 3 == 0) batch.push_back(e.bytes);  // a duplicate is harmless
  }
  std::shuffle(batch.begin(), batch.end(), rng);
  for (const Bytes& envelope : batch) {
    traffic.envelopes++;
    traffic.bytes += envelope.size();
    auto result = to.Receive(envelope);
    if (!result.status.ok()) {
      std::fprintf(stderr, "demo: envelope refused: %s\n", result.status.ToString().c_str());
      std::exit(1);
    }
  }
}

void Exchange(Device& a, Device& b, std::mt19937& rng, Traffic& traffic) {
  Deliver(a, b, rng, traffic);
  Deliver(b, a, rng, traffic);
}

// One line per item, as each device sees it after an exchange.
void Narrate(const char* step, const Device& rae, const Device& jun, int64_t now) {
  std::printf("\n-- %s\n", step);
  for (const auto& [who, device] : {std::pair{"Rae", &rae}, std::pair{"Jun", &jun}}) {
    const plan::PlanView view = device->doc().View(now);
    for (const auto& section : view.sections) {
      for (const auto& item : section.items) {
        std::printf("   %s's device: %-12s %-13s %s\n", who, item.kind.c_str(),
                    std::string(plan::StateName(item.state)).c_str(),
                    plan::DescribeState(item, view).c_str());
      }
    }
  }
}

void Print(const char* who, const Device& device, int64_t now) {
  std::printf("\n================ the plan as %s's device sees it ================\n\n",
              who);
  std::printf("%s", plan::RenderText(device.doc().View(now)).c_str());
}

int Run() {
  if (!crypto::InitSodium().ok()) return 1;
  std::mt19937 rng(2026);
  Traffic traffic;
  int64_t now = 1'763'800'000'000;  // a fixed, informational wall time
  auto tick = [&now] { return now += 60'000; };

  const auto rae_keys = crypto::DeviceSecrets::Generate();
  const auto jun_keys = crypto::DeviceSecrets::Generate();
  const crypto::DocId doc_id = crypto::NewDocId();
  const crypto::DocKey doc_key = crypto::DocKey::Generate();
  auto rae = MakeDevice(rae_keys, doc_id, doc_key);
  auto jun = MakeDevice(jun_keys, doc_id, doc_key);
  plan::Plan& rp = rae->doc();
  plan::Plan& jp = jun->doc();

  // Rae starts the plan; while it has one member, her adding Jun is the
  // approval. (Pairing by code and handing over the document key come
  // with the peer-to-peer issue; here both devices hold it already.)
  Seal(*rae, rp.Create("Rae & Jun", "relational", "Rae",
                       crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(rae_keys)), tick()),
       "create");
  Seal(*rae, rp.AddMember("Jun", crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(jun_keys)),
                          tick()),
       "add Jun");
  Exchange(*rae, *jun, rng, traffic);
  std::printf("Rae created the plan \"Rae & Jun\" and added Jun; each device holds its own "
              "replica and\nthey exchange only sealed, signed envelopes.\n");

  // Both write at the same time, without syncing in between.
  auto bottom = rp.AddItem({.section = "bottom-lines",
                            .fields = {{"text", "No driving after drinking, either of us."},
                                       {"why", "We both lost someone that way."}}},
                           tick());
  Seal(*rae, bottom, "add bottom line");
  auto hot = rp.AddItem({.section = "hot-buttons",
                         .fields = {{"sets_it_off", "Being told I'm overreacting."},
                                    {"looks_like", "I walk out and the doors get loud."},
                                    {"helps_in_moment", "Hearing 'I can see this matters.'"}}},
                        tick());
  Seal(*rae, hot, "add hot button");
  auto edge = jp.AddItem({.section = "at-the-edge",
                          .fields = {{"when", "Money comes up late in the evening."},
                                     {"from_time", "21:00"},
                                     {"we_will", "Write it on the fridge list; Saturday breakfast."}}},
                         tick());
  Seal(*jun, edge, "add agreement");
  Exchange(*rae, *jun, rng, traffic);
  Narrate("Both wrote at the same time (Rae: a bottom line and her hot button; Jun: an "
          "agreement), then synced:",
          *rae, *jun, now);

  // Concurrent edits: both change the agreement's start time (a scalar:
  // both values are kept, and the item is conflicted), while Rae also
  // extends the wording (text: merged character by character).
  Seal(*rae, rp.Edit(edge->id, {{"from_time", "20:30"}}, tick()), "Rae sets time");
  Seal(*jun, jp.Edit(edge->id, {{"from_time", "22:00"},
                                {"we_will", "Stop, write it on the fridge list; Saturday breakfast."}},
                     tick()),
       "Jun sets time");
  // Both agree to the bottom line; Jun acknowledges Rae's hot button.
  Seal(*rae, rp.Agree(bottom->id, tick()), "Rae agrees");
  Seal(*jun, jp.Agree(bottom->id, tick()), "Jun agrees");
  Seal(*jun, jp.Ack(hot->id, tick()), "Jun acknowledges");
  Exchange(*rae, *jun, rng, traffic);
  Narrate("Concurrently, Rae set the agreement's start to 20:30 and Jun to 22:00 (both "
          "values kept);\n   both agreed to the bottom line; Jun acknowledged Rae's hot "
          "button:",
          *rae, *jun, now);

  // Rae resolves the conflict by choosing a value (an edit), endorses the
  // result; Jun endorses, then withdraws with a reason — never blocked.
  Seal(*rae, rp.Resolve(edge->id, "from_time", "21:30", tick()), "Rae resolves");
  Seal(*rae, rp.Agree(edge->id, tick()), "Rae agrees to agreement");
  Exchange(*rae, *jun, rng, traffic);
  Narrate("Rae chose 21:30 (an edit that resolves the conflict) and agreed to it:", *rae,
          *jun, now);
  Seal(*jun, jp.Agree(edge->id, tick()), "Jun agrees to agreement");
  Seal(*jun, jp.Withdraw(edge->id, "Saturday is my long shift; can we find another day?",
                         tick()),
       "Jun withdraws");
  Exchange(*rae, *jun, rng, traffic);
  Narrate("Jun agreed, then withdrew with a reason (withdrawing is never blocked):", *rae,
          *jun, now);

  Print("Rae", *rae, now);
  Print("Jun", *jun, now);

  const bool same = plan::RenderJson(rp.View(now)) == plan::RenderJson(jp.View(now));
  std::printf("\n%zu sealed envelopes exchanged (%zu bytes, duplicates included); "
              "both devices %s.\n",
              traffic.envelopes, traffic.bytes,
              same ? "hold the identical plan" : "DISAGREE — this is a bug");
  return same ? 0 : 1;
}

}  // namespace
}  // namespace mutual

int main() { return mutual::Run(); }
