// Renders the two sample plans of data/fixtures/ (converted straight into a
// PlanView, with each item in the state the fixture expects) and checks the
// plain-words states and renderings against what the fixtures say people
// should see. The plan core builds the same fixtures through its API in its
// own tests; this one pins the read side.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "libsync/plan/render_html.h"
#include "libsync/plan/render_json.h"
#include "libsync/plan/render_markdown.h"
#include "libsync/plan/render_text.h"
#include "tests/support/data_files.h"

namespace mutual::plan {
namespace {

using nlohmann::json;

json LoadFixture(const std::string& name) {
  Result<std::string> text =
      ::mutual::testing::ReadDataFile("fixtures/" + name + ".json");
  REQUIRE(text.ok());
  return json::parse(*text).at("plan");
}

std::vector<ScalarValue> ScalarValues(const json& v, const std::string& author,
                                      const PlanView& plan) {
  if (v.is_object() && v.contains("conflict")) {
    std::vector<ScalarValue> out;
    for (const auto& c : v.at("conflict")) {
      out.push_back({c.at("value").get<std::string>(), c.at("by").get<std::string>(),
                     c.at("device").get<std::string>()});
    }
    return out;
  }
  std::string device = plan.FindMember(author)->devices.at(0);
  if (v.is_boolean()) return {{v.get<bool>() ? "yes" : "no", author, device}};
  return {{v.get<std::string>(), author, device}};
}

// The fixture value at a dotted path ("each_will.rae", "per_member.mo.felt"),
// or null.
json ValueAt(const json& fields, const std::string& path) {
  const json* at = &fields;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (!at->is_object() || !at->contains(part)) return nullptr;
    at = &at->at(part);
    if (dot == std::string::npos) return *at;
    start = dot + 1;
  }
}

std::vector<FieldView> Fields(const json& fields, const std::string& kind,
                              const std::string& author, const PlanView& plan) {
  std::vector<FieldView> out;
  for (const FieldPath& fp : ExpandFields(*FindKind(kind), plan.CurrentMemberIds())) {
    FieldView f;
    f.path = fp.ToString();
    f.type = fp.spec.type;
    json v = ValueAt(fields, f.path);
    if (!v.is_null() && f.type == FieldType::kText) f.text = v.get<std::string>();
    if (!v.is_null() && f.type == FieldType::kScalar)
      f.values = ScalarValues(v, author, plan);
    out.push_back(std::move(f));
  }
  return out;
}

void AddStances(const json& it, ItemView& item, const PlanView& plan) {
  std::set<std::string> earlier;
  if (it.contains("versions")) {
    for (const auto& [hash, _] : it.at("versions").items()) earlier.insert(hash);
  }
  if (it.value("last_agreed", json()).is_object()) {
    earlier.insert(it.at("last_agreed").at("hash").get<std::string>());
  }
  for (const auto& id : plan.CurrentMemberIds()) {
    StanceView s;
    s.member = id;
    for (const auto& e : it.value("endorsements", json::array())) {
      if (e.at("member") != id) continue;
      s.kind = earlier.count(e.at("hash")) ? StanceView::kEndorsedEarlier
                                           : StanceView::kEndorsedCurrent;
    }
    for (const auto& f : it.value("flags", json::array())) {
      if (f.at("member") != id) continue;
      if (f.at("type") == "withdraw") {
        s.kind = StanceView::kWithdrawn;
        s.reason = f.value("reason", "");
      } else {
        s.revisit = true;
        s.revisit_reason = f.value("reason", "");
      }
    }
    item.stances.push_back(s);
  }
}

void AddExtras(const json& it, ItemView& item) {
  item.acks = it.value("acks", std::vector<std::string>{});
  int n = 0;
  for (const auto& s : it.value("suggestions", json::array())) {
    item.suggestions.push_back({"s" + std::to_string(++n), s.at("by"), s.at("field"),
                                s.at("text"), s.at("status")});
  }
  for (const auto& r : it.value("responses", json::array())) {
    item.responses.push_back({r.at("from"), r.at("text"), 0});
  }
  if (it.contains("removal")) {
    const json& r = it.at("removal");
    RemovalView removal{r.at("proposed_by"), r.at("reason"), {}};
    for (const auto& e : r.at("endorsements"))
      removal.endorsed_by.push_back(e.at("member"));
    item.removal = removal;
  }
  item.review_by = it.value("review_by", "");
}

ItemView ToItem(const json& it, const PlanView& plan) {
  ItemView item;
  item.id = it.at("id");
  item.kind = it.at("kind");
  item.section = it.at("section");
  item.about_us = it.at("about").is_string();
  if (!item.about_us) item.about = it.at("about").get<std::vector<std::string>>();
  const std::string mode = it.at("consent_mode");
  item.mode = mode == "own"     ? ConsentMode::kOwn
              : mode == "mixed" ? ConsentMode::kMixed
                                : ConsentMode::kAgree;
  item.author = it.at("author");
  item.state = ParseStateName(it.at("expect_state").get<std::string>()).value();
  item.fields = Fields(it.at("fields"), item.kind, item.author, plan);
  if (it.value("last_agreed", json()).is_object()) {
    const json& la = it.at("last_agreed");
    item.last_agreed = AgreedVersion{
        la.at("hash"), Fields(la.at("fields"), item.kind, item.author, plan)};
  }
  AddStances(it, item, plan);
  AddExtras(it, item);
  return item;
}

PlanView ToPlanView(const json& p) {
  PlanView plan;
  plan.id = p.at("id");
  plan.title = p.at("title");
  plan.template_id = p.at("template");
  for (const auto& m : p.at("members")) {
    plan.members.push_back({m.at("id"), m.at("name"), false, m.at("devices"), 0});
  }
  for (const auto& s : FindTemplate(plan.template_id)->sections) {
    SectionView section{s.id, s.title, {}};
    for (const auto& it : p.at("items")) {
      if (it.at("section") == s.id) section.items.push_back(ToItem(it, plan));
    }
    plan.sections.push_back(std::move(section));
  }
  return plan;
}

std::map<std::string, std::string> DescribeAll(const PlanView& plan) {
  std::map<std::string, std::string> out;
  for (const auto& s : plan.sections) {
    for (const auto& i : s.items) out[i.id] = DescribeState(i, plan);
  }
  return out;
}

TEST_CASE("PartnersFixtureStatesReadAsThePlanSays") {
  PlanView plan = ToPlanView(LoadFixture("partners"));
  std::map<std::string, std::string> d = DescribeAll(plan);
  REQUIRE(d.size() == 11);
  CHECK(d["r1"] == "agreed by both");
  CHECK(d["r2"] == "acknowledged by Jun");
  CHECK_THAT(d["r4"], Catch::StartsWith("Rae withdrew: I said yes to end the argument."));
  CHECK_THAT(d["r5"], Catch::StartsWith("Rae: 21:00 / Jun: 22:00"));
  CHECK_THAT(d["r5"],
             Catch::Contains("Rae agreed to an earlier wording, which does not count"));
  CHECK(d["r8"] ==
        "Jun proposed removing this (waiting for Rae to agree): We've lost touch; she "
        "moved "
        "away.");
  CHECK(d["r10"] == "draft — not yet endorsed by its author");
  CHECK(d["r11"] == "waiting for Rae to acknowledge");
}

TEST_CASE("PeerPairFixtureStatesReadAsThePlanSays") {
  PlanView plan = ToPlanView(LoadFixture("peer-pair"));
  std::map<std::string, std::string> d = DescribeAll(plan);
  REQUIRE(d.size() == 13);
  CHECK(d["p5"] ==
        "Dana asked to revisit this: I want to talk through what 'hurt' covers, "
        "including you.");
  CHECK(d["p6"] == "waiting for Dana to acknowledge");
  CHECK(d["p8"] ==
        "changed since agreed: Dana agreed to an earlier wording; Mo agreed to the "
        "current one");
  CHECK(d["p13"] == "agreed by both");
}

TEST_CASE("FixtureTextShowsConflictAndLastAgreedWording") {
  const std::string partners = RenderText(ToPlanView(LoadFixture("partners")));
  CHECK_THAT(partners,
             Catch::Contains("    From: Rae: 21:00 / Jun: 22:00   [conflict]\n"));
  CHECK_THAT(partners, Catch::Contains("Contact has agreed: yes"));
  const std::string peers = RenderText(ToPlanView(LoadFixture("peer-pair")));
  CHECK_THAT(peers, Catch::Contains(
                        "    We will: Talk by phone or in person within three hours, "
                        "and start by each saying what we are scared of.\n"
                        "      last agreed: Talk by phone or in person within two "
                        "hours, and start by each saying what we are scared of.\n"));
  CHECK_THAT(peers, Catch::Contains("How it felt (Mo): Glad she came"));
  CHECK_THAT(peers, Catch::Contains("Review by 2025-05-01"));
}

TEST_CASE("FixtureJsonCarriesEveryItemWithItsState") {
  for (const char* name : {"partners", "peer-pair"}) {
    INFO(name);
    json fixture = LoadFixture(name);
    json out = json::parse(RenderJson(ToPlanView(fixture)));
    std::map<std::string, std::string> states;
    for (const auto& s : out.at("sections")) {
      for (const auto& i : s.at("items")) states[i.at("id")] = i.at("state");
    }
    REQUIRE(states.size() == fixture.at("items").size());
    for (const auto& it : fixture.at("items"))
      CHECK(states[it.at("id")] == it.at("expect_state"));
  }
}

TEST_CASE("FixtureHtmlAndMarkdownHoldEveryItem") {
  for (const char* name : {"partners", "peer-pair"}) {
    INFO(name);
    json fixture = LoadFixture(name);
    PlanView plan = ToPlanView(fixture);
    const std::string html = RenderHtml(plan);
    const std::string md = RenderMarkdown(plan);
    for (const auto& it : fixture.at("items")) {
      const std::string id = it.at("id");
      CHECK_THAT(html, Catch::Contains("id=\"item-" + id + "\""));
      CHECK_THAT(md, Catch::Contains("· id " + id + "*"));
    }
  }
}

}  // namespace
}  // namespace mutual::plan
