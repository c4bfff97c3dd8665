#include "libsync/net/local_paths.h"

#include <catch2/catch.hpp>

namespace mutual::net {
namespace {

PathEnv Env() {
  PathEnv env;
  env.home = "/home/alex";
  env.uid = 1000;
  return env;
}

TEST_CASE("HomeFlagWinsOverEnvironment") {
  PathEnv env = Env();
  env.mutual_home = "/elsewhere";
  CHECK(*ResolveHome(std::string("/flag/home"), env, "/cwd") == "/flag/home");
}

TEST_CASE("HomeFallsBackFromMutualHomeToXdgToHome") {
  PathEnv env = Env();
  CHECK(*ResolveHome(std::nullopt, env, "/cwd") == "/home/alex/.local/share/mutual");
  env.xdg_data_home = "/xdg";
  CHECK(*ResolveHome(std::nullopt, env, "/cwd") == "/xdg/mutual");
  env.mutual_home = "/m";
  CHECK(*ResolveHome(std::nullopt, env, "/cwd") == "/m");
}

TEST_CASE("RelativeHomeIsMadeAbsoluteAndTrailingSlashesDropped") {
  CHECK(*ResolveHome(std::string("homes/a/"), Env(), "/work") == "/work/homes/a");
  CHECK(*ResolveHome(std::string("b"), Env(), "/work/") == "/work/b");
}

TEST_CASE("NoHomeAtAllIsAClearError") {
  PathEnv env;
  auto r = ResolveHome(std::nullopt, env, "/cwd");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("--home") != std::string::npos);
  CHECK(ResolveHome(std::string(""), Env(), "/cwd").status().IsInvalidArgument());
}

TEST_CASE("ShortHomeKeepsItsSocketInside") {
  CHECK(ControlSocketPath("/home/alex/.local/share/mutual", Env()) ==
        "/home/alex/.local/share/mutual/control.sock");
}

TEST_CASE("LongHomeGetsAShortDerivedSocketPath") {
  std::string home = "/" + std::string(120, 'h');
  PathEnv env = Env();
  std::string tmp = ControlSocketPath(home, env);
  CHECK(tmp.starts_with("/tmp/mutual-1000/mutual-"));
  CHECK(tmp.size() <= kMaxSocketPath);
  env.xdg_runtime_dir = "/run/user/1000/";
  std::string run = ControlSocketPath(home, env);
  CHECK(run.starts_with("/run/user/1000/mutual-"));
  CHECK(run.ends_with(".sock"));
  // Deterministic per home, different across homes.
  CHECK(ControlSocketPath(home, env) == run);
  CHECK(ControlSocketPath(home + "x", env) != run);
}

TEST_CASE("SocketPathAtTheLimitStillFitsInside") {
  std::string home =
      "/" + std::string(kMaxSocketPath - 1 - std::string("/control.sock").size(), 'a');
  CHECK(ControlSocketPath(home, Env()) == home + "/control.sock");
  CHECK(ControlSocketPath(home + "b", Env()).starts_with("/tmp/"));
}

}  // namespace
}  // namespace mutual::net
