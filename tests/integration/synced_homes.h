// Two real daemons on loopback that share the partners sample plan (sealed
// into both homes, as pairing and sync would leave them), for the tests of
// watch, peers and forks. Rae's device dials Jun's, whose port stays the
// same across restarts of Jun's daemon.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/integration/cli_harness.h"
#include "tests/integration/home_seed.h"
#include "tests/plan/fixture_builder.h"

namespace mutual::integration {

struct SyncedHomes {
  nlohmann::json fixture = plan::testing::LoadFixture("partners");
  plan::testing::FixtureBuilder builder{fixture["plan"]};
  Home rae, jun;
  int jun_port = 0;

  SyncedHomes() {
    const SealedPlan sealed = BuildAndSealFixture(builder);
    const auto& r = *builder.devices().at("rae-phone");
    const auto& j = *builder.devices().at("jun-phone");
    SeedHome(rae.path(), r.secrets, "Rae", sealed);
    SeedHome(jun.path(), j.secrets, "Jun", sealed);
    jun.StartDaemon({"--listen", "127.0.0.1:0"});
    jun_port = jun.PeerPort();
    StartJun();  // again, on that port for good: restarts keep it
    rae.StartDaemon({"--listen", "127.0.0.1:0"});
    rae.MustMutual({"peers", "add", "127.0.0.1:" + std::to_string(jun_port)});
  }
  void StartJun() {
    REQUIRE(jun.SignalDaemon(SIGTERM));
    jun.StartDaemon({"--listen", "127.0.0.1:" + std::to_string(jun_port)});
  }
};

// Polls `home`'s plan until `done(plan)` or 15 s.
inline void WaitForPlan(const Home& home,
                        const std::function<bool(const nlohmann::json&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done(ShowJson(home))) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("timed out waiting for the plan to change");
}

inline std::function<bool(const nlohmann::json&)> Holds(const std::string& item) {
  return [item](const nlohmann::json& plan) { return !ItemById(plan, item).is_null(); };
}

}  // namespace mutual::integration
