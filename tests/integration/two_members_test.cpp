// Plans two members wrote, in a real home: the sample plans of
// data/fixtures/ are built through the Plan API by every device, sealed
// into envelope chains by their authors and stored in one device's home
// (what that device holds after syncing). Then the real CLI shows and acts
// on them: expected states, plain-word states, conflicts side by side,
// suggestions, acknowledgements, resolving, and acting for someone else.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/integration/cli_harness.h"
#include "tests/integration/home_seed.h"
#include "tests/plan/fixture_builder.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;
using plan::testing::FixtureBuilder;
using plan::testing::LoadFixture;

// A home seeded with fixture `name` as seen by device `device`.
class SeededHome {
 public:
  SeededHome(const std::string& name, const std::string& device)
      : fixture_(LoadFixture(name)), builder_(fixture_["plan"]) {
    const SealedPlan sealed = BuildAndSealFixture(builder_, device);
    const auto& me = *builder_.devices().at(device);
    plan_id_ = SeedHome(home_.path(), me.secrets,
                        me.plan.View(0).FindMember(me.plan.member())->name, sealed);
  }

  const Home& home() const { return home_; }
  const json& fixture() const { return fixture_; }
  const std::string& plan_id() const { return plan_id_; }
  std::string Id(const std::string& fixture_id) const {
    return builder_.ItemId(fixture_id);
  }
  json Show() const { return json::parse(home_.MustMutual({"show", "--json"})); }
  json Item(const std::string& fixture_id) const {
    return ItemById(Show(), Id(fixture_id));
  }

 private:
  Home home_;
  json fixture_;
  FixtureBuilder builder_;
  std::string plan_id_;
};

void CheckExpectedStates(const std::string& fixture, const std::string& device) {
  SeededHome h(fixture, device);
  json view = h.Show();
  CHECK(view["id"] == h.plan_id());
  std::map<std::string, std::string> state_of;
  for (const json& s : view["sections"]) {
    for (const json& item : s["items"]) state_of[item["id"]] = item["state"];
  }
  for (const json& item : h.fixture()["plan"]["items"]) {
    INFO(fixture << " item " << item["id"] << " on " << device);
    CHECK(state_of[h.Id(item["id"])] == item["expect_state"].get<std::string>());
  }
}

TEST_CASE("PartnersPlanShowsEveryExpectedStateOnEachDevice") {
  CheckExpectedStates("partners", "rae-phone");
  CheckExpectedStates("partners", "jun-tablet");
}

TEST_CASE("PeerPairPlanShowsEveryExpectedState") {
  CheckExpectedStates("peer-pair", "mo-phone");
}

TEST_CASE("ShowForPeopleUsesPlainWordsAndPutsConflictsSideBySide") {
  SeededHome h("partners", "rae-phone");
  std::string text = h.home().MustMutual({"show"});
  // r5's start time: Rae set 21:00, Jun 22:00, concurrently.
  size_t conflict = text.find("[conflict]");
  REQUIRE(conflict != std::string::npos);
  size_t line_start = text.rfind('\n', conflict) + 1;
  std::string line = text.substr(line_start, conflict - line_start);
  CHECK(line.find("21:00") != std::string::npos);
  CHECK(line.find("22:00") != std::string::npos);
  CHECK(text.find("agreed by") != std::string::npos);
  CHECK(text.find("Jun") != std::string::npos);
}

TEST_CASE("EditingSomeoneElsesOwnItemIsRefused") {
  SeededHome h("partners", "rae-phone");
  json before = h.Show();
  RunResult r = h.home().Mutual({"edit", h.Id("r3"), "--field", "looks_like=nothing"});
  CHECK(r.exit_code == 1);
  INFO(r.err);
  CHECK_FALSE(r.err.empty());
  CHECK(h.Show() == before);
}

TEST_CASE("SuggestOnAnotherMembersItemThenTheyDismissIt") {
  SeededHome h("partners", "rae-phone");
  // Jun's open suggestion on Rae's hot button (r2): Rae dismisses it.
  json r2 = h.Item("r2");
  REQUIRE(r2["suggestions"].size() == 1);
  std::string suggestion = r2["suggestions"][0]["id"];
  h.home().MustMutual({"dismiss", suggestion.substr(0, 4)});
  CHECK(h.Item("r2")["suggestions"][0]["status"] == "dismissed");
  // Rae suggests a wording on Jun's hot button (r3).
  h.home().MustMutual(
      {"suggest", h.Id("r3"), "--field", "looks_like=You go very quiet."});
  json r3 = h.Item("r3");
  REQUIRE(r3["suggestions"].size() == 1);
  CHECK(r3["suggestions"][0]["by"] == "rae");
  CHECK(r3["suggestions"][0]["status"] == "open");
}

TEST_CASE("AckAcknowledgesAnotherMembersFeedback") {
  SeededHome h("partners", "rae-phone");
  REQUIRE(h.Item("r11")["state"] == "proposed");
  h.home().MustMutual({"ack", h.Id("r11")});
  json r11 = h.Item("r11");
  CHECK(r11["state"] == "acknowledged");
  CHECK(r11["acks"] == json::array({"rae"}));
}

TEST_CASE("ResolvePicksOneValueOfAConflict") {
  SeededHome h("partners", "rae-phone");
  REQUIRE(h.Item("r5")["state"] == "conflicted");
  h.home().MustMutual({"resolve", h.Id("r5"), "--field", "from_time=22:00"});
  json r5 = h.Item("r5");
  CHECK(r5["state"] != "conflicted");
  for (const json& f : r5["fields"]) {
    if (f["path"] == "from_time") {
      CHECK(f["conflicted"] == false);
      CHECK(f["value"] == "22:00");
    }
  }
}

TEST_CASE("AgreeingToAProposedRemovalRemovesTheItem") {
  SeededHome h("partners", "rae-phone");
  REQUIRE(h.Item("r8")["state"] == "removal-proposed");
  h.home().MustMutual({"agree", h.Id("r8")});
  CHECK(h.Item("r8").is_null());
}

TEST_CASE("AboutAnotherMemberByNameOrId") {
  SeededHome h("partners", "rae-phone");
  std::string out = h.home().MustMutual(
      {"add", "patterns", "--about", "Jun", "--field", "text=Short answers when tired."});
  json item = ItemById(h.Show(), LastWord(out));
  REQUIRE_FALSE(item.is_null());
  CHECK(item["about"] == json::array({"jun"}));
  RunResult nobody =
      h.home().Mutual({"add", "patterns", "--about", "Kim", "--field", "text=x"});
  CHECK(nobody.exit_code == 1);
  CHECK(nobody.err.find("Kim") != std::string::npos);
}

TEST_CASE("WritingSomeoneElsesOwnItemForThemIsRefused") {
  SeededHome h("partners", "rae-phone");
  json before = h.Show();
  // An early sign is an own-mode kind: only Jun writes Jun's.
  RunResult r = h.home().Mutual(
      {"add", "early-signs", "--about", "jun", "--field", "sign=Short answers."});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("another") != std::string::npos);
  CHECK(h.Show() == before);
}

}  // namespace
}  // namespace mutual::integration
