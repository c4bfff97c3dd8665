// `mutual watch` with real daemons: changes made by another CLI on the same
// device and changes made on another member's device, line by line, in the
// words of `mutual log`; --json lines; Ctrl-C and a closed pipe end it.
#include <signal.h>

#include "tests/integration/synced_homes.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;

TEST_CASE("WatchPrintsAnEditMadeOnTheOtherDeviceAsLogDoes") {
  SyncedHomes d;
  auto watch = d.rae.Spawn({"watch"});
  const std::string first = watch->ReadLine();
  INFO(first);
  REQUIRE(first.starts_with("watching \"Rae & Jun\""));
  const std::string item =
      LastWord(d.jun.MustMutual({"add", "helps", "--field", "text=Tea on the balcony."}));
  const std::string line = watch->ReadLine();
  INFO(line);
  CHECK(line.find("Jun  added item " + item.substr(0, 8) + " (helps) to helps") !=
        std::string::npos);
  // The very line `mutual log` prints for that change.
  CHECK(d.rae.MustMutual({"log"}).find(line + "\n") != std::string::npos);

  const std::string mine =
      LastWord(d.rae.MustMutual({"add", "helps", "--field", "text=A walk."}));
  CHECK(watch->ReadLine().find("Rae  added item " + mine.substr(0, 8)) !=
        std::string::npos);
  watch->Signal(SIGINT);
  RunResult r = watch->Wait();
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());  // nothing more was printed
}

TEST_CASE("WatchJsonPrintsOneObjectPerLine") {
  SyncedHomes d;
  auto watch = d.jun.Spawn({"watch", "--json"});
  const json start = json::parse(watch->ReadLine());
  CHECK(start["format"] == "mutual-watch");
  CHECK(start["version"] == 1);
  CHECK(start["event"] == "watching");
  const std::string item =
      LastWord(d.rae.MustMutual({"add", "bottom-lines", "--field", "text=No shouting."}));
  d.rae.MustMutual({"agree", item});
  const json added = json::parse(watch->ReadLine());
  const json agreed = json::parse(watch->ReadLine());
  CHECK(added["event"] == "change");
  CHECK(added["plan"] == start["plan"]);
  CHECK(added["item"] == item);
  CHECK(added["member"] == "rae");
  CHECK(added["status"] == "applied");
  CHECK(agreed["what"][0] == "agreed to item " + item.substr(0, 8));
  CHECK(agreed["seq"].get<int>() == added["seq"].get<int>() + 1);
  // The same keys as the change in `mutual log --json`.
  const json log = json::parse(d.jun.MustMutual({"log", "--json"}));
  json logged;
  for (const json& c : log["changes"]) {
    if (c["change"] == agreed["change"]) logged = c;
  }
  REQUIRE_FALSE(logged.is_null());
  for (const auto& [key, value] : logged.items()) CHECK(agreed[key] == value);
  watch->Signal(SIGTERM);
  CHECK(watch->Wait().exit_code == 0);
}

TEST_CASE("WatchEndsQuietlyWhenItsReaderGoesAway") {
  SyncedHomes d;
  auto watch = d.rae.Spawn({"watch"});
  REQUIRE(watch->ReadLine().starts_with("watching"));
  watch->CloseOutput();
  d.rae.MustMutual({"add", "helps", "--field", "text=Nobody reads this."});
  CHECK(watch->Wait(15000).exit_code == 0);
}

TEST_CASE("WatchOfAnUnknownPlanFailsAtOnce") {
  SyncedHomes d;
  RunResult r = d.rae.Mutual({"watch", "--plan", "no-such-plan", "--json"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(json::parse(r.err)["code"] == "not-found");
}

}  // namespace
}  // namespace mutual::integration
