// The two sample plans of data/fixtures/, built through the Plan API
// (tests/plan/fixture_builder.h): every item's expected state and
// last_agreed on every replica.
#include <catch2/catch.hpp>

#include "tests/plan/fixture_builder.h"

namespace mutual::plan {
namespace {

using testing::FixtureBuilder;
using testing::LoadFixture;
using json = nlohmann::json;

TEST_CASE("PartnersFixtureBuiltThroughTheApiEndsInTheExpectedStates") {
  json fixture = LoadFixture("partners");
  FixtureBuilder b(fixture["plan"]);
  b.Build();
  b.CheckEveryItem();
}

TEST_CASE("PeerPairFixtureBuiltThroughTheApiEndsInTheExpectedStates") {
  json fixture = LoadFixture("peer-pair");
  FixtureBuilder b(fixture["plan"]);
  b.Build();
  b.CheckEveryItem();
}

}  // namespace
}  // namespace mutual::plan
