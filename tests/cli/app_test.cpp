#include "cli/app.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/temp_dir.h"

namespace mutual::cli {
namespace {

using wire::Command;
using wire::ControlRequest;
using wire::ControlResponse;

ControlResponse Done(const std::string& id = "") {
  ControlResponse r;
  r.kind = wire::ResultKind::kDone;
  r.created_id = id;
  return r;
}

ControlResponse Rendered(const std::string& body, const std::string& type) {
  ControlResponse r;
  r.kind = wire::ResultKind::kRendered;
  r.content_type = type;
  r.body = ToBytes(body);
  return r;
}

std::string PlanJson() {
  nlohmann::json field = {{"path", "text"}, {"type", "text"}, {"text", "old words"}};
  nlohmann::json plan = {
      {"format", "mutual-plan"},
      {"version", 1},
      {"id", "p1"},
      {"title", "Us"},
      {"members", {{{"id", "rae"}, {"name", "Rae"}, {"former", false}}}},
      {"sections",
       {{{"id", "helps"},
         {"title", "What helps"},
         {"default_kind", "helps"},
         {"items", {{{"id", "r77"}, {"kind", "helps"}, {"fields", {field}}}}}}}}};
  return plan.dump();
}

// A fake daemon, editor and passphrase source that record what they got.
struct Harness {
  std::ostringstream out, err;
  std::vector<ControlRequest> sent;
  std::vector<std::optional<std::string>> homes;
  std::function<Result<ControlResponse>(const ControlRequest&)> daemon =
      [](const ControlRequest&) -> Result<ControlResponse> { return Done(); };
  std::function<std::string(const std::string&)> editor = [](const std::string& t) {
    return t;
  };
  std::vector<std::string> forms;
  std::vector<std::pair<std::optional<int>, bool>> passphrase_asks;
  // What a `watch` stream delivers, and how it ends.
  std::vector<ControlResponse> streamed;
  size_t stream_delivered = 0;
  Status stream_end;

  int Run(std::vector<std::string> args) {
    AppDeps deps;
    deps.out = &out;
    deps.err = &err;
    deps.call = [this](const std::optional<std::string>& home, ControlRequest r) {
      homes.push_back(home);
      sent.push_back(r);
      return daemon(r);
    };
    deps.edit = [this](const std::string& text) -> Result<std::string> {
      forms.push_back(text);
      return editor(text);
    };
    deps.stream = [this](const std::optional<std::string>& home, ControlRequest r,
                         const AppDeps::OnResponse& on_response) -> Status {
      homes.push_back(home);
      sent.push_back(r);
      for (const ControlResponse& resp : streamed) {
        ++stream_delivered;
        if (!on_response(resp)) break;
      }
      return stream_end;
    };
    deps.passphrase = [this](std::optional<int> fd, bool confirm) -> Result<std::string> {
      passphrase_asks.emplace_back(fd, confirm);
      return std::string("s3cret");
    };
    return RunCli(args, deps);
  }
};

TEST_CASE("RunCli prints plans as JSON under --json", "[app]") {
  Harness h;
  h.daemon = [](const ControlRequest&) -> Result<ControlResponse> {
    ControlResponse r;
    r.kind = wire::ResultKind::kPlans;
    r.plans = {{"p1", "Us", 2}};
    return r;
  };
  CHECK(h.Run({"plans", "--json"}) == 0);
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0].command == Command::kPlans);
  const auto j = nlohmann::json::parse(h.out.str());
  CHECK(j["plans"][0]["members"] == 2);
  CHECK(h.err.str().empty());
}

TEST_CASE("RunCli passes --home to the daemon connection", "[app]") {
  Harness h;
  CHECK(h.Run({"agree", "r1", "--home", "/tmp/h1"}) == 0);
  REQUIRE(h.homes.size() == 1);
  CHECK(h.homes[0] == std::optional<std::string>("/tmp/h1"));
  CHECK(h.out.str() == "agreed to item r1\n");
}

TEST_CASE("RunCli exits 2 on a usage error without calling the daemon", "[app]") {
  Harness h;
  CHECK(h.Run({"agree"}) == 2);
  CHECK(h.sent.empty());
  CHECK_THAT(h.err.str(), Catch::StartsWith("mutual: missing argument ITEM"));
  Harness j;
  CHECK(j.Run({"--json", "frob"}) == 2);
  CHECK(nlohmann::json::parse(j.err.str())["code"] == "invalid-argument");
}

TEST_CASE("RunCli exits 2 when a value breaks a wire limit", "[app]") {
  Harness h;
  CHECK(h.Run({"new", std::string(300, 't')}) == 2);
  CHECK(h.sent.empty());
}

TEST_CASE("RunCli exits 3 when no daemon is reachable", "[app]") {
  Harness h;
  h.daemon = [](const ControlRequest&) -> Result<ControlResponse> {
    return Status::Unavailable("no daemon for this home");
  };
  CHECK(h.Run({"status"}) == 3);
  CHECK(h.err.str() == "mutual: no daemon for this home\n");
}

TEST_CASE("RunCli exits 1 with the daemon's error message", "[app]") {
  Harness h;
  h.daemon = [](const ControlRequest& r) -> Result<ControlResponse> {
    return ControlResponse::FromStatus(r.id, Status::NotFound("no item 'zz'"));
  };
  CHECK(h.Run({"agree", "zz", "--json"}) == 1);
  const auto j = nlohmann::json::parse(h.err.str());
  CHECK(j["code"] == "not-found");
  CHECK(j["message"] == "no item 'zz'");
}

TEST_CASE("RunCli prints a rendered body as it is", "[app]") {
  Harness h;
  h.daemon = [](const ControlRequest&) -> Result<ControlResponse> {
    return Rendered("{\"format\":\"mutual-plan\"}", "application/json");
  };
  CHECK(h.Run({"show", "--json", "--plan", "Us"}) == 0);
  CHECK(h.out.str() == "{\"format\":\"mutual-plan\"}");
  CHECK(h.sent.at(0).format == "json");
  CHECK(h.sent.at(0).plan == "Us");
}

TEST_CASE("RunCli writes export -o to the file, not stdout", "[app]") {
  TempDirectory dir;
  Harness h;
  h.daemon = [](const ControlRequest&) -> Result<ControlResponse> {
    return Rendered("# Us\n", "text/markdown");
  };
  const std::string file = dir.path() + "/us.md";
  CHECK(h.Run({"export", "--format", "md", "-o", file}) == 0);
  CHECK(h.out.str().empty());
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  CHECK(line == "# Us");
}

TEST_CASE("RunCli sends the passphrase of init and asks twice", "[app]") {
  Harness h;
  CHECK(h.Run({"init", "--name", "rae-phone", "--passphrase-fd", "5"}) == 0);
  REQUIRE(h.passphrase_asks.size() == 1);
  CHECK(h.passphrase_asks[0] == std::make_pair(std::optional<int>(5), true));
  CHECK(h.sent.at(0).passphrase == ToBytes("s3cret"));
  CHECK(h.out.str().find("s3cret") == std::string::npos);
}

TEST_CASE("RunCli asks for the unlock passphrase once, and none for plain init",
          "[app]") {
  Harness h;
  CHECK(h.Run({"unlock"}) == 0);
  REQUIRE(h.passphrase_asks.size() == 1);
  CHECK(h.passphrase_asks[0] == std::make_pair(std::optional<int>(), false));
  Harness plain;
  CHECK(plain.Run({"init", "--name", "d"}) == 0);
  CHECK(plain.passphrase_asks.empty());
  CHECK(plain.sent.at(0).passphrase.empty());
}

// The fake daemon answers show with the plan and anything else with Done.
void ServePlan(Harness& h) {
  h.daemon = [](const ControlRequest& r) -> Result<ControlResponse> {
    if (r.command == Command::kShow) return Rendered(PlanJson(), "application/json");
    return Done("r90");
  };
}

TEST_CASE("RunCli add without --field fills the fields from the editor form", "[app]") {
  Harness h;
  ServePlan(h);
  h.editor = [](const std::string& form) {
    std::string t = form;
    t.insert(t.find('\n', t.find("[text]")) + 1, "a walk outside\n");
    return t;
  };
  CHECK(h.Run({"add", "helps", "--plan", "Us"}) == 0);
  REQUIRE(h.sent.size() == 2);
  CHECK(h.sent[0].command == Command::kShow);
  CHECK(h.sent[0].plan == "Us");
  CHECK(h.sent[1].command == Command::kAdd);
  CHECK(h.sent[1].kind == "helps");
  CHECK(h.sent[1].fields ==
        std::map<std::string, std::string>{{"text", "a walk outside"}});
  CHECK(h.out.str() == "added item r90\n");
}

TEST_CASE("RunCli add aborts when the form comes back empty", "[app]") {
  Harness h;
  ServePlan(h);
  CHECK(h.Run({"add", "helps"}) == 1);
  CHECK(h.sent.size() == 1);
  CHECK_THAT(h.err.str(), Catch::Contains("nothing to add"));
}

TEST_CASE("RunCli edit sends only the fields that changed", "[app]") {
  Harness h;
  ServePlan(h);
  h.editor = [](const std::string& form) {
    std::string t = form;
    t.replace(t.find("old words"), 9, "new words");
    return t;
  };
  CHECK(h.Run({"edit", "r7"}) == 0);
  REQUIRE(h.forms.size() == 1);
  CHECK_THAT(h.forms[0], Catch::Contains("[text]  # What helps\nold words\n"));
  REQUIRE(h.sent.size() == 2);
  CHECK(h.sent[1].item == "r7");
  CHECK(h.sent[1].fields == std::map<std::string, std::string>{{"text", "new words"}});
}

TEST_CASE("RunCli edit reports a form it cannot read", "[app]") {
  Harness h;
  ServePlan(h);
  h.editor = [](const std::string& form) { return "junk\n" + form; };
  CHECK(h.Run({"edit", "r77"}) == 1);
  CHECK(h.sent.size() == 1);
  CHECK_THAT(h.err.str(), Catch::Contains("line 1"));
}

TEST_CASE("RunCli prints help and version without calling the daemon", "[app]") {
  Harness h;
  CHECK(h.Run({"help", "export"}) == 0);
  CHECK_THAT(h.out.str(), Catch::StartsWith("usage: mutual export"));
  Harness v;
  CHECK(v.Run({"--version"}) == 0);
  CHECK_THAT(v.out.str(), Catch::StartsWith("mutual "));
  Harness bare;
  CHECK(bare.Run({}) == 2);
  CHECK_THAT(bare.err.str(), Catch::Contains("commands:"));
  CHECK(h.sent.empty());
  CHECK(v.sent.empty());
  CHECK(bare.sent.empty());
}

TEST_CASE("RunCli reports a missing command as JSON under --json", "[app]") {
  Harness h;
  CHECK(h.Run({"--json"}) == 2);
  CHECK(nlohmann::json::parse(h.err.str())["code"] == "invalid-argument");
  CHECK(h.out.str().empty());
}

TEST_CASE("WatchPrintsEachLineOfTheStreamAsItComes") {
  Harness h;
  h.streamed = {Rendered("watching \"Us\" (p1)\n", "text/plain"),
                Rendered("2025-02-18 21:30 UTC  Rae  added item r77\n", "text/plain")};
  CHECK(h.Run({"watch", "--plan", "Us"}) == 0);
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0].command == Command::kWatch);
  CHECK(h.sent[0].plan == "Us");
  CHECK(h.sent[0].format.empty());
  CHECK(h.out.str() ==
        "watching \"Us\" (p1)\n2025-02-18 21:30 UTC  Rae  added item r77\n");
}

TEST_CASE("WatchJsonAsksForJsonLines") {
  Harness h;
  CHECK(h.Run({"watch", "--json"}) == 0);
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0].format == "json");
}

TEST_CASE("AWatchTheDaemonDropsFailsWithItsMessage") {
  Harness h;
  h.streamed = {
      Rendered("watching\n", "text/plain"),
      ControlResponse::FromStatus(1, Status::Unavailable("this watch fell behind"))};
  CHECK(h.Run({"watch"}) == 1);
  CHECK(h.out.str() == "watching\n");
  CHECK(h.err.str() == "mutual: this watch fell behind\n");
}

TEST_CASE("AWatchWhoseOutputIsClosedEndsQuietly") {
  Harness h;
  h.streamed = {Rendered("a\n", "text/plain"), Rendered("b\n", "text/plain")};
  h.out.setstate(std::ios::badbit);  // as a write to a closed pipe leaves it
  CHECK(h.Run({"watch"}) == 0);
  CHECK(h.stream_delivered == 1);
  CHECK(h.err.str().empty());
}

TEST_CASE("AWatchThatCannotReachTheDaemonExitsUnavailable") {
  Harness h;
  h.stream_end = Status::Unavailable("no daemon");
  CHECK(h.Run({"watch", "--json"}) == 3);
  CHECK(nlohmann::json::parse(h.err.str())["code"] == "unavailable");
}

TEST_CASE("VerifyConfirmSendsTheMemberAndSaysWhatWasRecorded") {
  Harness h;
  h.daemon = [](const ControlRequest&) -> Result<ControlResponse> { return Done("Jun"); };
  CHECK(h.Run({"verify", "--confirm", "Jun"}) == 0);
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent[0].command == Command::kVerify);
  CHECK(h.sent[0].confirm);
  CHECK(h.sent[0].name == "Jun");
  CHECK(h.out.str().find("compared Jun's safety numbers in person") != std::string::npos);
}

TEST_CASE("VerifyTakesEitherMemberOrConfirm") {
  Harness h;
  CHECK(h.Run({"verify", "--confirm", "Jun", "--member", "Jun"}) == 2);
  CHECK(h.sent.empty());
}

}  // namespace
}  // namespace mutual::cli
