#include "cli/output.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace mutual::cli {
namespace {

using nlohmann::json;

TEST_CASE("FormatErrorJson gives the mutual-error document", "[output]") {
  const json j = json::parse(FormatErrorJson(Status::NotFound("no item \"r9\"")));
  CHECK(j["format"] == "mutual-error");
  CHECK(j["version"] == 1);
  CHECK(j["code"] == "not-found");
  CHECK(j["message"] == "no item \"r9\"");
}

TEST_CASE("ErrorCodeName spells every error code as documented", "[output]") {
  using C = Status::Code;
  CHECK(ErrorCodeName(C::kInvalidArgument) == "invalid-argument");
  CHECK(ErrorCodeName(C::kPermissionDenied) == "permission-denied");
  CHECK(ErrorCodeName(C::kFailedPrecondition) == "failed-precondition");
  CHECK(ErrorCodeName(C::kAlreadyExists) == "already-exists");
  CHECK(ErrorCodeName(C::kUnavailable) == "unavailable");
  CHECK(ErrorCodeName(C::kIOError) == "io-error");
  CHECK(ErrorCodeName(C::kCorruption) == "corruption");
  CHECK(ErrorCodeName(C::kPeerViolation) == "peer-violation");
}

TEST_CASE("FormatErrorText prefixes the message with mutual:", "[output]") {
  CHECK(FormatErrorText(Status::IOError("disk full")) == "mutual: disk full\n");
}

TEST_CASE("FormatPlansJson lists id, title and member count", "[output]") {
  const json j =
      json::parse(FormatPlansJson({{"p1", "Rae & Jun", 2}, {"p2", "Solo", 1}}));
  CHECK(j["format"] == "mutual-plans");
  CHECK(j["version"] == 1);
  REQUIRE(j["plans"].size() == 2);
  CHECK(j["plans"][0] == json{{"id", "p1"}, {"title", "Rae & Jun"}, {"members", 2}});
  CHECK(j["plans"][1]["title"] == "Solo");
  CHECK(json::parse(FormatPlansJson({}))["plans"].empty());
}

TEST_CASE("FormatPlansText shows one line per plan and a hint when empty", "[output]") {
  const std::string text = FormatPlansText({{"plan-abc", "Rae & Jun", 2}});
  CHECK_THAT(text, Catch::Contains("plan-abc"));
  CHECK_THAT(text, Catch::Contains("Rae & Jun"));
  CHECK_THAT(text, Catch::Contains("2"));
  CHECK_THAT(FormatPlansText({}), Catch::Contains("mutual new"));
}

wire::DaemonStatus SampleStatus() {
  wire::DaemonStatus s;
  s.initialized = true;
  s.locked = false;
  s.device_name = "rae-phone";
  s.device_id = "ab12";
  s.home = "/home/rae/.local/share/mutual";
  s.version = "0.1.0";
  s.plan_count = 3;
  s.tcp_port = 47123;
  return s;
}

TEST_CASE("FormatStatusJson carries every status field", "[output]") {
  const json j = json::parse(FormatStatusJson(SampleStatus()));
  CHECK(j["format"] == "mutual-status");
  CHECK(j["initialized"] == true);
  CHECK(j["locked"] == false);
  CHECK(j["device_name"] == "rae-phone");
  CHECK(j["device_id"] == "ab12");
  CHECK(j["home"] == "/home/rae/.local/share/mutual");
  CHECK(j["version"] == 1);
  CHECK(j["daemon_version"] == "0.1.0");
  CHECK(j["plan_count"] == 3);
  CHECK(j["tcp_port"] == 47123);
}

TEST_CASE("FormatStatusText names the device and the port", "[output]") {
  const std::string text = FormatStatusText(SampleStatus());
  CHECK_THAT(text, Catch::Contains("rae-phone"));
  CHECK_THAT(text, Catch::Contains("47123"));
  auto idle = SampleStatus();
  idle.tcp_port = 0;
  CHECK_THAT(FormatStatusText(idle), Catch::Contains("listening:    no"));
}

TEST_CASE("FormatStatus names forks and a stopped writer", "[output]") {
  wire::DaemonStatus s = SampleStatus();
  CHECK(json::parse(FormatStatusJson(s))["forks"].empty());
  s.forks = {{"p1p1p1p1p1", std::string(64, 'c'), "Jun", 5, false}};
  s.stopped = {{"p1p1p1p1p1", "this device's own log forked"}};
  const json j = json::parse(FormatStatusJson(s));
  REQUIRE(j["forks"].size() == 1);
  CHECK(j["forks"][0]["device_id"] == std::string(64, 'c'));
  CHECK(j["forks"][0]["member"] == "Jun");
  CHECK(j["forks"][0]["seq"] == 5);
  CHECK(j["forks"][0]["this_device"] == false);
  CHECK(j["stopped"][0]["reason"] == "this device's own log forked");
  const std::string text = FormatStatusText(s);
  CHECK_THAT(text, Catch::Contains("fork:         plan p1p1p1p1: Jun's device cccccccc "
                                   "wrote two different changes numbered 5"));
  CHECK_THAT(text, Catch::Contains("stopped:      plan p1p1p1p1: this device's own log"));
}

TEST_CASE("Confirmation names what was created or changed", "[output]") {
  wire::ControlRequest r;
  wire::ControlResponse done;
  r.command = wire::Command::kAdd;
  done.created_id = "r5";
  CHECK(Confirmation(r, done) == "added item r5\n");
  r.command = wire::Command::kNew;
  done.created_id = "plan-7";
  CHECK(Confirmation(r, done) == "created plan plan-7\n");
  r.command = wire::Command::kAgree;
  r.item = "r";
  done.created_id.clear();
  CHECK(Confirmation(r, done) == "agreed to item r\n");
}

}  // namespace
}  // namespace mutual::cli
