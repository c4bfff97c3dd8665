#include "cli/request.h"

#include <catch2/catch.hpp>

namespace mutual::cli {
namespace {

using wire::Command;

wire::ControlRequest Build(std::vector<std::string> args) {
  auto inv = ParseArgs(args);
  REQUIRE(inv.ok());
  auto r = BuildRequest(*inv);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string BuildError(std::vector<std::string> args) {
  auto inv = ParseArgs(args);
  REQUIRE(inv.ok());
  auto r = BuildRequest(*inv);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalidArgument());
  return r.status().message();
}

TEST_CASE("ParseFieldFlags splits at the first equals sign", "[request]") {
  auto f = ParseFieldFlags({"each_will.alex=call at 9", "when=a=b", "empty="});
  REQUIRE(f.ok());
  CHECK(f->at("each_will.alex") == "call at 9");
  CHECK(f->at("when") == "a=b");
  CHECK(f->at("empty").empty());
}

TEST_CASE("ParseFieldFlags rejects a field without equals, name or twice", "[request]") {
  CHECK_THAT(ParseFieldFlags({"text"}).status().message(), Catch::Contains("NAME=TEXT"));
  CHECK_THAT(ParseFieldFlags({"=x"}).status().message(),
             Catch::Contains("no field name"));
  CHECK_THAT(ParseFieldFlags({"a=1", "a=2"}).status().message(),
             Catch::Contains("given twice"));
}

TEST_CASE("BuildRequest fills init and new", "[request]") {
  auto init = Build({"init", "--name", "rae-phone"});
  CHECK(init.command == Command::kInit);
  CHECK(init.name == "rae-phone");
  CHECK(init.passphrase.empty());
  auto created = Build({"new", "Us", "--template", "blank"});
  CHECK(created.title == "Us");
  CHECK(created.template_name == "blank");
  CHECK(Build({"new", "Us"}).template_name == "relational");
}

TEST_CASE("BuildRequest requires init --name and a known template", "[request]") {
  CHECK_THAT(BuildError({"init"}), Catch::Contains("--name"));
  CHECK_THAT(BuildError({"new", "x", "--template", "fancy"}),
             Catch::Contains("unknown template 'fancy'"));
}

TEST_CASE("BuildRequest names every missing required option", "[request]") {
  for (const auto& spec : AllCommands()) {
    for (const auto& o : spec.options) {
      if (!o.required) continue;
      std::vector<std::string> args;
      std::string name(spec.name);
      args.push_back(name == "section add" ? "section" : name);
      if (name == "section add") args.push_back("add");
      for (size_t i = 0; i < spec.positionals.size(); ++i) args.push_back("x");
      INFO(name);
      CHECK_THAT(BuildError(args),
                 Catch::Contains("missing option --" + std::string(o.name)));
    }
  }
}

TEST_CASE("BuildRequest fills section add and add", "[request]") {
  auto sec = Build({"section", "add", "care", "Care", "--plan", "p1", "--kind", "helps"});
  CHECK(sec.command == Command::kSectionAdd);
  CHECK(sec.section == "care");
  CHECK(sec.title == "Care");
  CHECK(sec.plan == "p1");
  CHECK(sec.kind == "helps");
  auto add = Build({"add", "at-the-edge", "--kind", "agreement", "--about", "us",
                    "--field", "we_will=talk", "--field", "each_will.rae=call"});
  CHECK(add.command == Command::kAdd);
  CHECK(add.section == "at-the-edge");
  CHECK(add.about == std::vector<std::string>{"us"});
  CHECK(add.fields == std::map<std::string, std::string>{{"we_will", "talk"},
                                                         {"each_will.rae", "call"}});
}

TEST_CASE("BuildRequest rejects an unknown kind", "[request]") {
  CHECK_THAT(BuildError({"add", "s", "--kind", "poem", "--field", "text=x"}),
             Catch::Contains("unknown kind 'poem'"));
}

TEST_CASE("BuildRequest puts the item of item commands in item", "[request]") {
  for (const char* cmd : {"agree", "ack", "remove", "withdraw", "revisit"}) {
    auto r = Build({cmd, "r5", "--plan", "ours"});
    CHECK(r.item == "r5");
    CHECK(r.plan == "ours");
  }
  CHECK(Build({"withdraw", "r5", "--reason", "not yet"}).reason == "not yet");
  CHECK(Build({"dismiss", "s9"}).suggestion == "s9");
  CHECK(Build({"edit", "r5", "--field", "text=new"}).fields.at("text") == "new");
}

TEST_CASE("BuildRequest requires a field for suggest and resolve", "[request]") {
  CHECK_THAT(BuildError({"suggest", "r5"}), Catch::Contains("--field"));
  CHECK_THAT(BuildError({"resolve", "r5"}), Catch::Contains("--field"));
  CHECK(Build({"resolve", "r5", "--field", "from_time=21:00"}).fields.size() == 1);
}

TEST_CASE("BuildRequest asks for JSON from show and log under --json", "[request]") {
  CHECK(Build({"show", "--json"}).format == "json");
  CHECK(Build({"show"}).format.empty());
  CHECK(Build({"--json", "log"}).format == "json");
}

TEST_CASE("BuildRequest checks the export format", "[request]") {
  CHECK(Build({"export", "--format", "html"}).format == "html");
  CHECK_THAT(BuildError({"export"}), Catch::Contains("--format"));
  CHECK_THAT(BuildError({"export", "--format", "pdf"}), Catch::Contains("'pdf'"));
}

TEST_CASE("BuildRequest checks --passphrase-fd is a number", "[request]") {
  CHECK_THAT(BuildError({"unlock", "--passphrase-fd", "x3"}), Catch::Contains("'x3'"));
  CHECK_THAT(BuildError({"unlock", "--passphrase-fd", "-1"}), Catch::Contains("'-1'"));
  auto inv = ParseArgs({"unlock", "--passphrase-fd", "7"});
  REQUIRE(inv.ok());
  auto fd = PassphraseFd(*inv);
  REQUIRE(fd.ok());
  CHECK(*fd == std::optional<int>(7));
}

TEST_CASE("Built requests of every command pass wire validation", "[request]") {
  const std::vector<std::vector<std::string>> lines = {
      {"init", "--name", "d"},
      {"new", "t"},
      {"plans"},
      {"section", "add", "s", "t"},
      {"show"},
      {"add", "s", "--field", "text=x"},
      {"edit", "i", "--field", "text=x"},
      {"agree", "i"},
      {"ack", "i"},
      {"suggest", "i", "--field", "text=x"},
      {"dismiss", "s"},
      {"withdraw", "i"},
      {"revisit", "i"},
      {"remove", "i"},
      {"resolve", "i", "--field", "text=x"},
      {"log"},
      {"export", "--format", "md"},
      {"leave"},
      {"unlock"},
      {"status"}};
  for (const auto& line : lines) {
    auto r = Build(line);
    r.passphrase = r.command == Command::kUnlock ? ToBytes("pw") : Bytes{};
    INFO(line[0]);
    CHECK(wire::ValidateRequest(r).ok());
  }
}

TEST_CASE("NeedsEditorForm and NeedsPassphrase follow the flags", "[request]") {
  auto inv = [](std::vector<std::string> a) { return std::move(ParseArgs(a)).value(); };
  CHECK(NeedsEditorForm(inv({"add", "s"})));
  CHECK_FALSE(NeedsEditorForm(inv({"add", "s", "--field", "text=x"})));
  CHECK(NeedsEditorForm(inv({"edit", "r1"})));
  CHECK_FALSE(NeedsEditorForm(inv({"agree", "r1"})));
  CHECK(NeedsPassphrase(inv({"unlock"})));
  CHECK(NeedsPassphrase(inv({"init", "--name", "n", "--passphrase"})));
  CHECK(NeedsPassphrase(inv({"init", "--name", "n", "--passphrase-fd", "3"})));
  CHECK_FALSE(NeedsPassphrase(inv({"init", "--name", "n"})));
}

}  // namespace
}  // namespace mutual::cli
