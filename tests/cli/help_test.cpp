#include "cli/help.h"

#include <catch2/catch.hpp>

namespace mutual::cli {
namespace {

TEST_CASE("Synopsis lists positionals and marks required options", "[help]") {
  CHECK(Synopsis(*FindCommand("new")) == "mutual new TITLE [--template TEMPLATE]");
  CHECK_THAT(Synopsis(*FindCommand("export")), Catch::Contains(" --format md|html|json"));
  CHECK_THAT(Synopsis(*FindCommand("export")), Catch::Contains("[--output FILE]"));
  CHECK_THAT(Synopsis(*FindCommand("suggest")), Catch::Contains(" --field NAME=TEXT..."));
  CHECK_THAT(Synopsis(*FindCommand("add")), Catch::Contains("[--about me|us|MEMBER]..."));
}

TEST_CASE("CommandHelp has synopsis, description and every option", "[help]") {
  for (const auto& spec : AllCommands()) {
    const std::string help = CommandHelp(spec);
    INFO(spec.name);
    CHECK_THAT(help, Catch::StartsWith("usage: mutual " + std::string(spec.name)));
    for (const auto& part : SynopsisParts(spec)) CHECK_THAT(help, Catch::Contains(part));
    for (const auto& o : spec.options) {
      CHECK_THAT(help, Catch::Contains("--" + std::string(o.name)));
    }
    CHECK_THAT(help, Catch::Contains("--home DIR"));
    CHECK(help.size() > Synopsis(spec).size() + 60);
  }
}

TEST_CASE("CommandHelp wraps a long synopsis between its parts", "[help]") {
  const std::string help = CommandHelp(*FindCommand("add"));
  const std::string usage = help.substr(0, help.find("\n\n"));
  CHECK(usage.find('\n') != std::string::npos);
  size_t start = 0;
  while (start < usage.size()) {
    size_t end = usage.find('\n', start);
    if (end == std::string::npos) end = usage.size();
    CHECK(end - start <= 78);
    start = end + 1;
  }
  CHECK_THAT(usage, Catch::Contains("[--about me|us|MEMBER]..."));
  CHECK_THAT(usage, Catch::Contains("[--field NAME=TEXT]..."));
}

TEST_CASE("OverviewHelp lists every command", "[help]") {
  const std::string help = OverviewHelp();
  for (const auto& spec : AllCommands()) {
    CHECK_THAT(help, Catch::Contains("  " + std::string(spec.name) + " "));
  }
  CHECK_THAT(help, Catch::Contains("--version"));
}

TEST_CASE("VersionText names the program and version", "[help]") {
  CHECK(VersionText() == "mutual " + std::string(kCliVersion) + "\n");
}

}  // namespace
}  // namespace mutual::cli
