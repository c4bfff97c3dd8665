// ResolveDiscovery: flags, MUTUAL_DISCOVERY and what the home remembers.
// Nothing here opens a socket.
#include "daemon/discovery_config.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace mutual::daemon {
namespace {

using testing::TempDir;

DiscoveryFlags Flags(std::optional<std::string> port, std::optional<std::string> to) {
  DiscoveryFlags f;
  f.port = std::move(port);
  f.to = std::move(to);
  return f;
}

std::string Endpoint(const net::UdpEndpoint& e) {
  return net::EndpointString(e.address(), e.port());
}

TEST_CASE("DefaultsBroadcastOnTheDiscoveryPort") {
  TempDir home;
  for (const char* env : {static_cast<const char*>(nullptr), "", "on"}) {
    auto plan = ResolveDiscovery(home.path(), {}, env);
    REQUIRE(plan.ok());
    REQUIRE(plan->options);
    CHECK_FALSE(plan->explicit_config);
    CHECK(Endpoint(plan->options->bind) == "0.0.0.0:47471");
    CHECK(plan->options->targets.empty());  // Discovery sends to 255.255.255.255
  }
}

TEST_CASE("OffInTheEnvironmentWinsOverEveryFlag") {
  TempDir home;
  auto plan =
      ResolveDiscovery(home.path(), Flags("127.0.0.1:5000", "127.0.0.1:5001"), "off");
  REQUIRE(plan.ok());
  CHECK_FALSE(plan->options);
}

TEST_CASE("NoDiscoveryIsRememberedUntilOtherFlagsReplaceIt") {
  TempDir home;
  DiscoveryFlags off;
  off.off = true;
  auto first = ResolveDiscovery(home.path(), off, nullptr);
  REQUIRE(first.ok());
  CHECK_FALSE(first->options);
  auto later = ResolveDiscovery(home.path(), {}, nullptr);
  REQUIRE(later.ok());
  CHECK_FALSE(later->options);
  auto again = ResolveDiscovery(home.path(), Flags("5000", std::nullopt), nullptr);
  REQUIRE(again.ok());
  REQUIRE(again->options);
  CHECK(Endpoint(again->options->bind) == "0.0.0.0:5000");
}

TEST_CASE("PortAndTargetsAreRememberedForLaterStarts") {
  TempDir home;
  auto first = ResolveDiscovery(
      home.path(), Flags("127.0.0.1:5000", "127.0.0.1:5001,127.0.0.2:5002"), "loopback");
  REQUIRE(first.ok());
  auto later = ResolveDiscovery(home.path(), {}, "loopback");
  REQUIRE(later.ok());
  REQUIRE(later->options);
  CHECK(later->explicit_config);
  CHECK(Endpoint(later->options->bind) == "127.0.0.1:5000");
  REQUIRE(later->options->targets.size() == 2);
  CHECK(Endpoint(later->options->targets[1]) == "127.0.0.2:5002");
}

TEST_CASE("LoopbackModeRefusesAnythingOffLoopback") {
  TempDir home;
  // The default: 0.0.0.0 and the LAN broadcast.
  CHECK(ResolveDiscovery(home.path(), {}, "loopback").status().IsFailedPrecondition());
  CHECK(ResolveDiscovery(home.path(), Flags("127.0.0.1:5000", std::nullopt), "loopback")
            .status()
            .IsFailedPrecondition());
  CHECK(ResolveDiscovery(home.path(), Flags("127.0.0.1:5000", "127.0.0.1:1,10.0.0.255:1"),
                         "loopback")
            .status()
            .IsFailedPrecondition());
  CHECK(ResolveDiscovery(home.path(), Flags("5000", "127.0.0.1:5001"), "loopback")
            .status()
            .IsFailedPrecondition());
  CHECK(ResolveDiscovery(home.path(), Flags("127.0.0.1:0", "127.0.0.1:5001"), "loopback")
            .ok());
}

TEST_CASE("MalformedDiscoverySettingsAreRefused") {
  TempDir home;
  CHECK(ResolveDiscovery(home.path(), {}, "yes").status().IsInvalidArgument());
  CHECK(ResolveDiscovery(home.path(), Flags("localhost:5000", std::nullopt), nullptr)
            .status()
            .IsInvalidArgument());
  CHECK(ResolveDiscovery(home.path(), Flags("70000", std::nullopt), nullptr)
            .status()
            .IsInvalidArgument());
  CHECK(ResolveDiscovery(home.path(), Flags(std::nullopt, "127.0.0.1:0"), nullptr)
            .status()
            .IsInvalidArgument());
  CHECK(ResolveDiscovery(home.path(), Flags(std::nullopt, ""), nullptr)
            .status()
            .IsInvalidArgument());
  CHECK(ResolveDiscovery(home.path(), Flags("127.0.0.1:5000", "[::1]:5001"), nullptr)
            .status()
            .IsInvalidArgument());  // an IPv4 socket cannot send to IPv6
  CHECK(ResolveDiscovery(home.path(), Flags("0", std::nullopt), nullptr)
            .status()
            .IsInvalidArgument());  // a broadcast needs a port
  std::ofstream(home.File("discovery")) << "bogus\n";
  CHECK(ResolveDiscovery(home.path(), {}, nullptr).status().IsInvalidArgument());
}

}  // namespace
}  // namespace mutual::daemon
