// Bad input of every kind through the real CLI: a clear message on stderr,
// the documented exit code (1: the command failed, 2: usage), and nothing
// changed. And --help on every command.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/integration/cli_harness.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;

const std::vector<std::vector<std::string>> kEveryCommand = {
    {"init"},        {"new"},     {"plans"},   {"section", "add"},
    {"show"},        {"add"},     {"edit"},    {"agree"},
    {"ack"},         {"suggest"}, {"dismiss"}, {"withdraw"},
    {"revisit"},     {"remove"},  {"resolve"}, {"log"},
    {"export"},      {"leave"},   {"unlock"},  {"status"},
    {"invite"},      {"join"},    {"verify"},  {"peers"},
    {"peers", "add"}, {"watch"},  {"approve"}};

struct Ready {
  Home home;
  std::string item;
  Ready() {
    home.MustMutual({"init", "--name", "Alex"});
    home.MustMutual({"new", "ours"});
    item = LastWord(home.MustMutual({"add", "helps", "--field", "text=A walk."}));
  }
  // Runs `args`, expects `code` and a message containing `needle`, and
  // checks the plan did not change.
  void Refused(const std::vector<std::string>& args, int code,
               const std::string& needle) {
    std::string before = home.MustMutual({"show", "--json"});
    RunResult r = home.Mutual(args);
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    INFO("mutual " << cmd << "\nstderr: " << r.err);
    CHECK(r.exit_code == code);
    CHECK(r.err.find(needle) != std::string::npos);
    CHECK(r.out.empty());
    CHECK(home.MustMutual({"show", "--json"}) == before);
  }
};

TEST_CASE("HelpOnEveryCommand") {
  Home home;
  for (const auto& cmd : kEveryCommand) {
    std::vector<std::string> args = cmd;
    args.push_back("--help");
    RunResult r = home.Mutual(args);
    INFO(args[0]);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("usage: mutual") != std::string::npos);
  }
  RunResult overview = home.Mutual({"--help"});
  CHECK(overview.exit_code == 0);
  for (const auto& cmd : kEveryCommand)
    CHECK(overview.out.find(cmd[0]) != std::string::npos);
  // Help needs no daemon.
  CHECK_FALSE(home.DaemonPid().has_value());
}

TEST_CASE("UsageErrorsExitWithTwo") {
  Ready r;
  r.Refused({"frobnicate"}, 2, "frobnicate");
  r.Refused({"agree"}, 2, "ITEM");
  r.Refused({"agree", r.item, "--colour", "blue"}, 2, "--colour");
  r.Refused({"edit", r.item, "--field", "no-equals-sign"}, 2, "=");
  r.Refused({"export", "--format", "pdf"}, 2, "pdf");
  r.Refused({"new"}, 2, "TITLE");
  r.Refused({"show", "--plan"}, 2, "--plan");
}

TEST_CASE("UnknownAndAmbiguousIdsExitWithOne") {
  Ready r;
  r.Refused({"agree", "zzzzzz"}, 1, "zzzzzz");
  r.Refused({"dismiss", "zzzz"}, 1, "zzzz");
  r.Refused({"show", "--plan", "nonesuch"}, 1, "nonesuch");
  // Item ids are base32: among 33 items two must share a first letter.
  std::map<char, int> first_letters = {{r.item[0], 1}};
  std::string shared;
  for (int i = 0; i < 33 && shared.empty(); ++i) {
    std::string id = LastWord(r.home.MustMutual({"add", "helps", "--field", "text=x"}));
    if (++first_letters[id[0]] == 2) shared = id.substr(0, 1);
  }
  REQUIRE_FALSE(shared.empty());
  r.Refused({"agree", shared}, 1, "ambiguous");
}

TEST_CASE("WrongFieldsForAKindExitWithOne") {
  Ready r;
  r.Refused({"edit", r.item, "--field", "colour=blue"}, 1, "colour");
  r.Refused({"add", "helps", "--kind", "hot-button", "--field", "sets_it_off=x"}, 1,
            "hot-button");
  r.Refused({"add", "nowhere", "--field", "text=x"}, 1, "nowhere");
  r.Refused({"resolve", r.item, "--field", "text=x"}, 1, "use edit");
}

TEST_CASE("ErrorsAsJsonWhenAsked") {
  Ready r;
  RunResult res = r.home.Mutual({"show", "--json", "--plan", "nonesuch"});
  CHECK(res.exit_code == 1);
  json err = json::parse(res.err);
  CHECK(err["format"] == "mutual-error");
  CHECK(err["code"] == "not-found");
  CHECK(err["message"].get<std::string>().find("nonesuch") != std::string::npos);
}

TEST_CASE("CommandsBeforeInitSayToRunInit") {
  Home home;
  RunResult r = home.Mutual({"new", "ours"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("mutual init") != std::string::npos);
}

TEST_CASE("OversizedFieldIsRefusedBeforeItReachesThePlan") {
  Ready r;
  r.Refused({"edit", r.item, "--field", "text=" + std::string(70 * 1024, 'x')}, 2, "");
}

}  // namespace
}  // namespace mutual::integration
