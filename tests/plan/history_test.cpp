// History (history.h) and its renderers (render_history.h): plans built
// through the Plan API, and one forged change as a misbehaving device would
// send it.
#include "libsync/plan/history.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "libsync/plan/render_history.h"
#include "tests/plan/plan_harness.h"

namespace mutual::plan {
namespace {

using testing::ApplyForged;
using testing::Deliver;
using testing::ForgeDomainChange;
using testing::Item;
using testing::ItemOf;
using testing::MakePair;
using testing::Must;
using testing::Replica;
using testing::Sync;
using Strings = std::vector<std::string>;

HistoryEntry Last(const std::vector<HistoryEntry>& h) {
  REQUIRE(!h.empty());
  return h.back();
}

Strings ChangeIds(const std::vector<HistoryEntry>& h) {
  Strings out;
  for (const HistoryEntry& e : h) out.push_back(e.change_id);
  return out;
}

TEST_CASE("HistoryBeginsWithThePlansCreation") {
  Replica a, b;
  MakePair(a, b);
  auto h = History(a.plan);
  REQUIRE(h.size() == 2);
  CHECK(h[0].what == Strings{"created the plan \"Rae & Jun\""});
  CHECK(h[0].member == "rae");
  CHECK(h[0].seq == 1);
  CHECK(h[0].time_ms == 1000);
  CHECK(h[0].status == "applied");
  CHECK(h[0].reason.empty());
  CHECK(h[0].item.empty());
  const crdt::ActorId& key = a.plan.device();
  CHECK(h[0].device == ToHex(ByteView(key.data(), 4)));
  CHECK(h[0].change_id == h[0].device + ":1");
  CHECK(h[1].what == Strings{"added Jun as a member"});
  CHECK(h[1].seq == 2);
}

TEST_CASE("AddedItemNamesItsKindAndSection") {
  Replica a, b;
  MakePair(a, b);
  auto item =
      Must(b.plan.AddItem(Item("hot-buttons", {{"sets_it_off", "Rushing."}}), 3000));
  const HistoryEntry e = Last(History(b.plan));
  CHECK(e.member == "jun");
  CHECK(e.item == item.id);
  CHECK(e.what == Strings{"added item " + item.id + " (hot-button) to hot-buttons"});
}

TEST_CASE("EditNamesTheItemAndEachFieldOnce") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("at-the-edge", {{"we_will", "Pause."}}), 3000));
  Must(a.plan.Edit(item.id, {{"we_will", "Pause and breathe."}, {"from_time", "21:00"}},
                   3100));
  const HistoryEntry e = Last(History(a.plan));
  CHECK(e.item == item.id);
  // One summary for the item; the edited/edited_by bookkeeping is not named.
  CHECK(e.what == Strings{"edited item " + item.id + " (from_time, we_will)"});
}

TEST_CASE("AgreementIsListedAsAgreeing") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "We rush."}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  Must(b.plan.Agree(item.id, 3200));
  const HistoryEntry e = Last(History(b.plan));
  CHECK(e.member == "jun");
  CHECK(e.item == item.id);
  CHECK(e.what == Strings{"agreed to item " + item.id});
}

TEST_CASE("ForgedEndorsementIsListedAsInvalidWithItsReason") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "We rush."}}), 3000));
  Deliver(a, b);
  // Rae's device claims Jun's endorsement.
  ContentHash hash{};
  auto hex = FromHex(ItemOf(b, item.id).content_hash_hex);
  REQUIRE(hex.ok());
  std::copy(hex->begin(), hex->end(), hash.begin());
  PlanOp op = PlanOp::Of(OpKind::kEndorse, "jun").Item(item.id).Hash(hash);
  REQUIRE(ApplyForged(b, ForgeDomainChange(a, op)) == crdt::ChangeStatus::kInvalid);
  const HistoryEntry e = Last(History(b.plan));
  CHECK(e.status == "invalid");
  CHECK(!e.reason.empty());
  CHECK(e.member == "rae");  // the signer, not the member it claimed
  CHECK(e.what == Strings{"agreed to item " + item.id});
}

TEST_CASE("ChangesAfterTheMemberLeftAreListedAsVoid") {
  Replica a, b, b2;  // b and b2: Jun's two devices
  MakePair(a, b);
  Must(b.plan.AddDevice(b2.record, 2500));
  Deliver(b, a);
  Deliver(b, b2);
  Must(b.plan.Leave(3100));
  Must(b2.plan.SetTitle("late", 3200));
  Deliver(b, a);
  Deliver(b2, a);
  auto h = History(a.plan);
  auto is = [&](const std::string& what) {
    return std::find_if(h.begin(), h.end(), [&](const HistoryEntry& e) {
      return !e.what.empty() && e.what[0] == what;
    });
  };
  auto left = is("left the plan");
  REQUIRE(left != h.end());
  CHECK(left->status == "applied");
  auto late = is("renamed the plan to \"late\"");
  REQUIRE(late != h.end());
  CHECK(late->status == "void");
  CHECK(!late->reason.empty());
  CHECK(late->member == "jun");  // former members still resolve
  CHECK(is("added device " + ToHex(ByteView(b2.plan.device().data(), 4))) != h.end());
}

TEST_CASE("PendingChangesAreNotListed") {
  Replica a, b;
  MakePair(a, b);
  Must(b.plan.SetTitle("one", 3000));
  Must(b.plan.SetTitle("two", 3100));
  const size_t before = History(a.plan).size();
  auto missing = b.plan.document().Missing(a.plan.document().version());
  REQUIRE(missing.size() == 2);
  const crdt::Document& d = b.plan.document();
  auto r =
      a.plan.ApplyRemote(d.GetChange(missing[1]), ToBytes(d.EncodedChange(missing[1])));
  REQUIRE(r.ok());
  REQUIRE(r->status == crdt::ChangeStatus::kPending);
  CHECK(History(a.plan).size() == before);
  Deliver(b, a);
  CHECK(History(a.plan).size() == before + 2);
}

TEST_CASE("EveryReplicaListsTheSameOrder") {
  Replica a, b;
  MakePair(a, b);
  // Concurrent work, received in opposite orders by the two replicas.
  Must(a.plan.AddItem(Item("patterns", {{"text", "A"}}), 5000));
  Must(b.plan.AddItem(Item("patterns", {{"text", "B"}}), 4000));
  Must(a.plan.SetTitle("Ours", 6000));
  Sync(a, b);
  auto ha = History(a.plan);
  CHECK(ChangeIds(ha) == ChangeIds(History(b.plan)));
  REQUIRE(ha.size() == 5);
  // Concurrent changes go by time: Jun's earlier item comes first.
  CHECK(ha[2].member == "jun");
  CHECK(ha[3].member == "rae");
}

TEST_CASE("AChangeFollowsItsDepsEvenWithAnEarlierClock") {
  Replica a, b;
  MakePair(a, b);
  Must(a.plan.SetTitle("Skewed", 500));  // the clock went backwards
  auto h = History(a.plan);
  REQUIRE(h.size() == 3);
  CHECK(h[2].what == Strings{"renamed the plan to \"Skewed\""});
  CHECK(h[2].time_ms == 500);
}

TEST_CASE("SectionAddIsSummarisedOnce") {
  Replica a, b;
  MakePair(a, b);
  Must(a.plan.AddSection("our-rules", "Our rules", "agreement", 3000));
  CHECK(Last(History(a.plan)).what == Strings{"added section our-rules"});
}

TEST_CASE("TakenSuggestionNamesTheSuggestionAndTheEdit") {
  Replica a, b;
  MakePair(a, b);
  auto item =
      Must(a.plan.AddItem(Item("hot-buttons", {{"sets_it_off", "Rushing."}}), 3000));
  Deliver(a, b);
  Must(b.plan.Suggest(item.id, "looks_like", "Going quiet.", 3100));
  Deliver(b, a);
  REQUIRE(ItemOf(a, item.id).suggestions.size() == 1);
  const std::string sid = ItemOf(a, item.id).suggestions[0].id;
  auto suggested = Last(History(a.plan));
  CHECK(suggested.what ==
        Strings{"suggested a change to item " + item.id + " (looks_like, suggestion " +
                sid + "): \"Going quiet.\""});
  Must(a.plan.Dismiss(item.id, sid, /*take=*/true, 3200));
  CHECK(Last(History(a.plan)).what ==
        Strings{"took suggestion " + sid + " on item " + item.id,
                "edited item " + item.id + " (looks_like)"});
}

TEST_CASE("LongUserTextIsCutInSummaries") {
  Replica a, b;
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "x"}}), 3000));
  Must(a.plan.Withdraw(item.id, std::string(100, 'w'), 3100));
  const HistoryEntry e = Last(History(a.plan));
  REQUIRE(e.what.size() == 1);
  CHECK(e.what[0] ==
        "withdrew agreement to item " + item.id + ": \"" + std::string(60, 'w') + "…\"");
}

// A pair with an agreed item and one forged (invalid) endorsement.
std::vector<HistoryEntry> SampleHistory(Replica& a, Replica& b) {
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "We rush."}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  Must(b.plan.Withdraw(item.id, "not yet,\nlater", 3200));
  // Concurrent with the withdrawal and stamped earlier: listed before it.
  PlanOp forged = PlanOp::Of(OpKind::kEndorse, "jun").Item(item.id);
  REQUIRE(ApplyForged(b, ForgeDomainChange(a, forged)) == crdt::ChangeStatus::kInvalid);
  return History(b.plan);
}

TEST_CASE("JsonLogHasTheDocumentedKeys") {
  Replica a, b;
  auto h = SampleHistory(a, b);
  auto doc = nlohmann::json::parse(RenderHistoryJson(h));
  CHECK(doc.at("format") == "mutual-log");
  CHECK(doc.at("version") == 1);
  const auto& changes = doc.at("changes");
  REQUIRE(changes.size() == h.size());
  const std::set<std::string> keys = {"change", "member", "device", "seq",  "time_ms",
                                      "time",   "status", "reason", "item", "what"};
  for (size_t i = 0; i < h.size(); ++i) {
    std::set<std::string> got;
    for (const auto& [k, v] : changes[i].items()) got.insert(k);
    CHECK(got == keys);
    CHECK(changes[i].at("change") == h[i].change_id);
    CHECK(changes[i].at("member") == h[i].member);
    CHECK(changes[i].at("seq") == h[i].seq);
    CHECK(changes[i].at("time_ms") == h[i].time_ms);
    CHECK(changes[i].at("status") == h[i].status);
    CHECK(changes[i].at("what").get<Strings>() == h[i].what);
  }
  CHECK(changes[0].at("time") == "1970-01-01T00:00:01.000Z");
  size_t invalid = 0;
  for (const auto& c : changes) {
    if (c.at("status") != "invalid") continue;
    ++invalid;
    CHECK(!c.at("reason").get<std::string>().empty());
    CHECK(c.at("what")[0].get<std::string>().rfind("agreed to item ", 0) == 0);
  }
  CHECK(invalid == 1);
}

TEST_CASE("TextLogNamesMembersOneLinePerChange") {
  Replica a, b;
  auto h = SampleHistory(a, b);
  const std::string text = RenderHistoryText(h, b.plan.View(0));
  CHECK(std::count(text.begin(), text.end(), '\n') == static_cast<long>(h.size()));
  CHECK_THAT(text, Catch::StartsWith("1970-01-01 00:00 UTC  Rae  created the plan"));
  CHECK_THAT(text, Catch::Contains("UTC  Jun  withdrew agreement to item"));
  CHECK_THAT(text, Catch::Contains("\"not yet, later\""));
  CHECK_THAT(text, Catch::Contains("  [invalid: "));
}

TEST_CASE("TextLogNamesAnUnknownDeviceByFingerprint") {
  HistoryEntry e;
  e.device = "a1b2c3d4";
  e.time_ms = 1000;
  e.status = "applied";
  e.what = {"agreed to item abc"};
  PlanView plan;
  CHECK(RenderHistoryText({e}, plan) ==
        "1970-01-01 00:00 UTC  unknown device a1b2c3d4  agreed to item abc\n");
}

}  // namespace
}  // namespace mutual::plan
