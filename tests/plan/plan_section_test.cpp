// Plan::AddSection with a default item kind (`section add --kind`): the kind
// is checked against the catalog, stored with the section, used by AddItem
// when the new item names no kind, and shown in the view and the JSON.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libsync/plan/plan.h"
#include "libsync/plan/render_json.h"
#include "tests/plan/plan_harness.h"

namespace mutual::plan {
namespace {

using testing::Deliver;
using testing::Item;
using testing::ItemOf;
using testing::MakePair;
using testing::Must;
using testing::Replica;

const SectionView* FindSection(const PlanView& v, std::string_view id) {
  for (const SectionView& s : v.sections) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

TEST_CASE("SectionDefaultKindIsUsedWhenAnItemNamesNoKind") {
  Replica a, b;
  MakePair(a, b);
  Must(a.plan.AddSection("our-rules", "Our rules", "agreement", 3000));
  auto item =
      Must(a.plan.AddItem(Item("our-rules", {{"we_will", "Take a break."}}), 3100));
  CHECK(ItemOf(a, item.id).kind == "agreement");
  Deliver(a, b);
  // The kind is stored with the section, so the other member's replica
  // uses it too.
  auto other =
      Must(b.plan.AddItem(Item("our-rules", {{"when", "Late at night."}}), 3200));
  CHECK(ItemOf(b, other.id).kind == "agreement");
  const PlanView view1 = b.plan.View(0);
  const SectionView* s = FindSection(view1, "our-rules");
  REQUIRE(s != nullptr);
  CHECK(s->default_kind == "agreement");
  CHECK(s->title == "Our rules");
}

TEST_CASE("AnExplicitKindStillOverridesTheSectionDefault") {
  Replica a, b;
  MakePair(a, b);
  Must(a.plan.AddSection("our-rules", "Our rules", "agreement", 3000));
  auto item =
      Must(a.plan.AddItem(Item("our-rules", {{"text", "x"}}, "bottom-line"), 3100));
  CHECK(ItemOf(a, item.id).kind == "bottom-line");
}

TEST_CASE("SectionWithoutKindKeepsTodaysDefaults") {
  Replica a, b;
  MakePair(a, b, "blank");
  Must(a.plan.AddSection("misc", "Misc", 3000));         // custom: note
  Must(a.plan.AddSection("at-the-edge", "", "", 3100));  // standard: its catalog kind
  PlanView v = a.plan.View(0);
  REQUIRE(FindSection(v, "misc") != nullptr);
  CHECK(FindSection(v, "misc")->default_kind == "note");
  REQUIRE(FindSection(v, "at-the-edge") != nullptr);
  CHECK(FindSection(v, "at-the-edge")->default_kind == "agreement");
  auto item = Must(a.plan.AddItem(Item("misc", {{"text", "hello"}}), 3200));
  CHECK(ItemOf(a, item.id).kind == "note");
}

TEST_CASE("UnknownDefaultKindIsRejectedWithTheKindList") {
  Replica a, b;
  MakePair(a, b);
  auto r = a.plan.AddSection("our-rules", "Our rules", "chore", 3000);
  REQUIRE(!r.ok());
  CHECK(r.status().IsInvalidArgument());
  CHECK_THAT(r.status().message(), Catch::Contains("unknown kind chore"));
  CHECK_THAT(r.status().message(), Catch::Contains("(kinds: note, pattern,"));
  CHECK(FindSection(a.plan.View(0), "our-rules") == nullptr);
}

TEST_CASE("StandardSectionRefusesADefaultKindItDoesNotTake") {
  Replica a, b;
  MakePair(a, b, "blank");
  auto r = a.plan.AddSection("contacts", "", "hot-button", 3000);
  REQUIRE(!r.ok());
  CHECK(r.status().IsInvalidArgument());
  CHECK(FindSection(a.plan.View(0), "contacts") == nullptr);
}

TEST_CASE("JsonSectionCarriesDefaultKindAfterTitle") {
  Replica a, b;
  MakePair(a, b);
  Must(a.plan.AddSection("our-rules", "Our rules", "helps", 3000));
  const std::string text = RenderJson(a.plan.View(0));
  auto doc = nlohmann::json::parse(text);
  bool found = false;
  for (const auto& s : doc.at("sections")) {
    CHECK(s.at("default_kind").is_string());
    if (s.at("id") == "our-rules") {
      found = true;
      CHECK(s.at("default_kind") == "helps");
    }
  }
  CHECK(found);
  CHECK(text.find("\"title\": \"Our rules\",\n      \"default_kind\": \"helps\"") !=
        std::string::npos);
}

}  // namespace
}  // namespace mutual::plan
