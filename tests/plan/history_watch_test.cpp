// What `mutual watch` renders (history.h HistoryEntryOf, render_history.h
// RenderHistoryLine / RenderWatch*Json) is exactly what `mutual log` says;
// and forks as the plan views show them (view.h ForkView, DescribeFork).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libsync/plan/history.h"
#include "libsync/plan/render_history.h"
#include "libsync/plan/render_json.h"
#include "libsync/plan/render_text.h"
#include "tests/plan/plan_harness.h"

namespace mutual::plan {
namespace {

using json = nlohmann::json;
using testing::Deliver;
using testing::Item;
using testing::MakePair;
using testing::Must;
using testing::Replica;

// A few changes by both members, all applied on b.
void Sample(Replica& a, Replica& b) {
  MakePair(a, b);
  auto item = Must(a.plan.AddItem(Item("patterns", {{"text", "We rush."}}), 3000));
  Must(a.plan.Agree(item.id, 3100));
  Deliver(a, b);
  Must(b.plan.Withdraw(item.id, "not yet,\nlater", 3200));
}

TEST_CASE("TheEntryOfOneChangeIsTheOneHistoryLists") {
  Replica a, b;
  Sample(a, b);
  const Membership members = b.plan.members();
  const std::vector<HistoryEntry> all = History(b.plan);
  const auto ids = b.plan.document().Missing(crdt::VersionVector{});
  REQUIRE(ids.size() == all.size());
  for (const crdt::ChangeId& id : ids) {
    const HistoryEntry one = HistoryEntryOf(b.plan, members, id);
    const HistoryEntry* listed = nullptr;
    for (const HistoryEntry& e : all) {
      if (e.change_id == one.change_id) listed = &e;
    }
    REQUIRE(listed != nullptr);
    CHECK(one.member == listed->member);
    CHECK(one.seq == listed->seq);
    CHECK(one.time_ms == listed->time_ms);
    CHECK(one.status == listed->status);
    CHECK(one.what == listed->what);
    CHECK(one.item == listed->item);
  }
}

TEST_CASE("AWatchLineIsTheLogLineEvenWithOnlyTheMembersView") {
  Replica a, b;
  Sample(a, b);
  const std::vector<HistoryEntry> all = History(b.plan);
  std::string lines;
  for (const HistoryEntry& e : all) lines += RenderHistoryLine(e, b.plan.MembersView());
  CHECK(lines == RenderHistoryText(all, b.plan.View(0)));
  const PlanView names = b.plan.MembersView();
  CHECK(names.title == "Rae & Jun");
  CHECK(names.members.size() == 2);
  CHECK(names.sections.empty());
}

TEST_CASE("AWatchJsonChangeIsOneCompactLineWithTheLogKeys") {
  Replica a, b;
  Sample(a, b);
  const std::vector<HistoryEntry> all = History(b.plan);
  const json log = json::parse(RenderHistoryJson(all));
  const std::string line = RenderWatchChangeJson("p1", all.back());
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);  // the newline in the reason is escaped
  const json change = json::parse(line);
  CHECK(change["format"] == "mutual-watch");
  CHECK(change["version"] == 1);
  CHECK(change["event"] == "change");
  CHECK(change["plan"] == "p1");
  for (const auto& [key, value] : log["changes"].back().items()) {
    INFO(key);
    CHECK(change[key] == value);
  }
  const json start = json::parse(RenderWatchStartJson("p1", "Rae & Jun"));
  CHECK(start["event"] == "watching");
  CHECK(start["title"] == "Rae & Jun");
}

TEST_CASE("AForkIsNamedInShowAndInWatchLines") {
  Replica a, b;
  Sample(a, b);
  PlanView view = b.plan.View(0);
  view.forks = {{"a1b2c3d4", "rae", 5}};
  const std::string said = DescribeFork(view.forks[0], view);
  CHECK(said ==
        "Rae's device a1b2c3d4 wrote two different changes numbered 5 (it was restored "
        "from a backup, or misbehaves): none of its changes from 5 on apply");
  CHECK_THAT(RenderText(view), Catch::Contains("Forked: " + said + "\n"));
  const json plan = json::parse(RenderJson(view));
  CHECK(plan["forks"] ==
        json::parse(R"([{"device":"a1b2c3d4","member":"rae","seq":5}])"));
  CHECK(json::parse(RenderJson(b.plan.View(0)))["forks"].empty());
  CHECK(RenderForkLine(view.forks[0], view, 1000) ==
        "1970-01-01 00:00 UTC  " + said + "\n");
  const json fork = json::parse(RenderWatchForkJson("p1", view.forks[0], 1000));
  CHECK(fork["event"] == "fork");
  CHECK(fork["device"] == "a1b2c3d4");
  CHECK(fork["seq"] == 5);
  // A device of no member is named by its fingerprint alone.
  CHECK(DescribeFork({"a1b2c3d4", "", 2}, view).starts_with("device a1b2c3d4 wrote"));
}

}  // namespace
}  // namespace mutual::plan
