#include "cli/args.h"

#include <catch2/catch.hpp>

namespace mutual::cli {
namespace {

Invocation Parse(std::vector<std::string> args) {
  auto r = ParseArgs(args);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string ErrorOf(std::vector<std::string> args) {
  auto r = ParseArgs(args);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalidArgument());
  return r.status().message();
}

TEST_CASE("ParseArgs finds the command and its positional arguments", "[args]") {
  auto inv = Parse({"new", "Rae & Jun"});
  REQUIRE(inv.spec != nullptr);
  CHECK(inv.spec->command == wire::Command::kNew);
  CHECK(inv.positionals == std::vector<std::string>{"Rae & Jun"});
}

TEST_CASE("ParseArgs reads section add as one two-word command", "[args]") {
  auto inv = Parse({"section", "add", "care", "How we care"});
  REQUIRE(inv.spec != nullptr);
  CHECK(inv.spec->command == wire::Command::kSectionAdd);
  CHECK(inv.positionals == std::vector<std::string>{"care", "How we care"});
}

TEST_CASE("ParseArgs accepts global options before and after the command", "[args]") {
  auto before = Parse({"--home", "/h", "--json", "show"});
  auto after = Parse({"show", "--json", "--home=/h"});
  for (const auto& inv : {before, after}) {
    CHECK(inv.json);
    REQUIRE(inv.home.has_value());
    CHECK(*inv.home == "/h");
    CHECK(inv.spec->command == wire::Command::kShow);
  }
}

TEST_CASE("ParseArgs keeps repeatable options in order", "[args]") {
  auto inv = Parse({"add", "hot-buttons", "--field", "a=1", "--about", "me",
                    "--field=b=2", "--about", "sam"});
  CHECK(inv.GetAll("field") == std::vector<std::string>{"a=1", "b=2"});
  CHECK(inv.GetAll("about") == std::vector<std::string>{"me", "sam"});
}

TEST_CASE("ParseArgs takes the next token as an option's value", "[args]") {
  auto inv = Parse({"withdraw", "r5", "--reason", "--json"});
  REQUIRE(inv.Get("reason") != nullptr);
  CHECK(*inv.Get("reason") == "--json");
  CHECK_FALSE(inv.json);
}

TEST_CASE("ParseArgs reads the short -o of export", "[args]") {
  auto inv = Parse({"export", "--format", "md", "-o", "plan.md"});
  REQUIRE(inv.Get("output") != nullptr);
  CHECK(*inv.Get("output") == "plan.md");
}

TEST_CASE("ParseArgs treats everything after -- as positional", "[args]") {
  auto inv = Parse({"new", "--", "--not-an-option"});
  CHECK(inv.positionals == std::vector<std::string>{"--not-an-option"});
}

TEST_CASE("ParseArgs recognises help and version forms", "[args]") {
  CHECK(Parse({"--help"}).help);
  CHECK(Parse({"--help"}).spec == nullptr);
  CHECK(Parse({"--version"}).version);
  auto cmd_help = Parse({"agree", "-h"});
  CHECK(cmd_help.help);
  CHECK(cmd_help.spec->command == wire::Command::kAgree);
  auto help_cmd = Parse({"help", "section", "add"});
  CHECK(help_cmd.help);
  CHECK(help_cmd.spec->command == wire::Command::kSectionAdd);
  CHECK(Parse({"help", "section"}).spec->command == wire::Command::kSectionAdd);
  CHECK(Parse({"help"}).spec == nullptr);
}

TEST_CASE("ParseArgs skips the argument count check under --help", "[args]") {
  auto inv = Parse({"resolve", "--help"});
  CHECK(inv.help);
  CHECK(inv.positionals.empty());
}

TEST_CASE("ParseArgs gives a bare mutual no command", "[args]") {
  auto inv = Parse({});
  CHECK(inv.spec == nullptr);
  CHECK_FALSE(inv.help);
}

TEST_CASE("ParseArgs rejects an unknown command", "[args]") {
  CHECK_THAT(ErrorOf({"frobnicate"}), Catch::Contains("unknown command 'frobnicate'"));
  CHECK_THAT(ErrorOf({"section", "drop", "x"}), Catch::Contains("section add"));
  CHECK_THAT(ErrorOf({"section"}), Catch::Contains("section add"));
  CHECK_THAT(ErrorOf({"help", "nope"}), Catch::Contains("nope"));
}

TEST_CASE("ParseArgs rejects an option the command does not take", "[args]") {
  CHECK_THAT(ErrorOf({"plans", "--plan", "x"}),
             Catch::Contains("unknown option '--plan'"));
  CHECK_THAT(ErrorOf({"agree", "r1", "--field", "a=b"}),
             Catch::Contains("'mutual agree --help'"));
  CHECK_THAT(ErrorOf({"--plan", "x", "show"}), Catch::Contains("unknown option"));
  CHECK_THAT(ErrorOf({"show", "-x"}), Catch::Contains("'-x'"));
}

TEST_CASE("ParseArgs rejects a missing option value", "[args]") {
  CHECK_THAT(ErrorOf({"show", "--plan"}), Catch::Contains("--plan needs a value PLAN"));
  CHECK_THAT(ErrorOf({"show", "--home"}), Catch::Contains("--home needs a value"));
}

TEST_CASE("ParseArgs rejects an empty --home", "[args]") {
  CHECK_THAT(ErrorOf({"status", "--home="}), Catch::Contains("--home needs a directory"));
}

TEST_CASE("ParseArgs rejects a value given to a flag", "[args]") {
  CHECK_THAT(ErrorOf({"show", "--json=yes"}), Catch::Contains("--json takes no value"));
}

TEST_CASE("ParseArgs rejects a single-value option given twice", "[args]") {
  CHECK_THAT(ErrorOf({"withdraw", "r1", "--reason", "a", "--reason", "b"}),
             Catch::Contains("--reason given twice"));
  CHECK_THAT(ErrorOf({"--home", "/a", "status", "--home", "/b"}),
             Catch::Contains("--home given twice"));
}

TEST_CASE("ParseArgs rejects missing and extra positional arguments", "[args]") {
  CHECK_THAT(ErrorOf({"section", "add", "care"}),
             Catch::Contains("missing argument TITLE"));
  CHECK_THAT(ErrorOf({"agree"}), Catch::Contains("missing argument ITEM"));
  CHECK_THAT(ErrorOf({"agree", "r1", "r2"}), Catch::Contains("unexpected argument 'r2'"));
  CHECK_THAT(ErrorOf({"status", "now"}), Catch::Contains("unexpected argument 'now'"));
}

TEST_CASE("Every command in the table parses with its positionals", "[args]") {
  for (const auto& spec : AllCommands()) {
    std::vector<std::string> args;
    std::string name(spec.name);
    if (name == "section add") {
      args = {"section", "add"};
    } else {
      args = {name};
    }
    for (size_t i = 0; i < spec.positionals.size(); ++i)
      args.push_back("p" + std::to_string(i));
    auto inv = Parse(args);
    CHECK(inv.spec == &spec);
    CHECK(inv.positionals.size() == spec.positionals.size());
  }
}

TEST_CASE("WantsJson sees --json only before --", "[args]") {
  CHECK(WantsJson({"bogus", "--json"}));
  CHECK_FALSE(WantsJson({"new", "--", "--json"}));
  CHECK_FALSE(WantsJson({"status"}));
}

}  // namespace
}  // namespace mutual::cli
