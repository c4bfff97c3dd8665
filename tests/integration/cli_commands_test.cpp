// Every command through the real `mutual` and `mutuald` on one device: the
// CLI starts the daemon, each command goes over the control socket, and
// what people and scripts read (text and --json) is checked.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/cli_harness.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;

// A home with this device set up as Alex and one relational plan.
struct OnePlan {
  Home home;
  std::string plan;
  OnePlan() {
    home.MustMutual({"init", "--name", "Alex"});
    plan = LastWord(home.MustMutual({"new", "Alex & Sam"}));
  }
  json Show() { return json::parse(home.MustMutual({"show", "--json"})); }
  std::string Add(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"add"};
    all.insert(all.end(), args.begin(), args.end());
    return LastWord(home.MustMutual(all));
  }
};

TEST_CASE("InitStartsTheDaemonAndStatusReportsTheDevice") {
  Home home;
  json before = json::parse(home.MustMutual({"status", "--json"}));
  CHECK(before["initialized"] == false);
  REQUIRE(home.DaemonPid().has_value());  // started on demand
  home.MustMutual({"init", "--name", "Alex"});
  json after = json::parse(home.MustMutual({"status", "--json"}));
  CHECK(after["format"] == "mutual-status");
  CHECK(after["initialized"] == true);
  CHECK(after["locked"] == false);
  CHECK(after["device_name"] == "Alex");
  CHECK(after["home"] == home.path());
  CHECK(after["plan_count"] == 0);
  CHECK(home.MustMutual({"status"}).find("Alex") != std::string::npos);
}

TEST_CASE("HomeFilesAndControlSocketArePrivate") {
  OnePlan p;
  for (const char* name : {"control.sock", "mutual.db", "storage.key"}) {
    struct stat st {};
    REQUIRE(::stat(p.home.File(name).c_str(), &st) == 0);
    INFO(name);
    CHECK((st.st_mode & 0077) == 0);
  }
}

TEST_CASE("NewAndPlansListThePlan") {
  OnePlan p;
  CHECK(p.plan.size() == 32);
  json plans = json::parse(p.home.MustMutual({"plans", "--json"}));
  CHECK(plans["format"] == "mutual-plans");
  REQUIRE(plans["plans"].size() == 1);
  CHECK(plans["plans"][0]["id"] == p.plan);
  CHECK(plans["plans"][0]["title"] == "Alex & Sam");
  CHECK(p.home.MustMutual({"plans"}).find("Alex & Sam") != std::string::npos);
}

TEST_CASE("AddToSeveralSectionsAgreeAndShow") {
  OnePlan p;
  std::string line = p.Add(
      {"bottom-lines", "--field", "text=No name-calling.", "--field", "why=It sticks."});
  std::string edge = p.Add({"at-the-edge", "--field", "when=We both feel flooded",
                            "--field", "from_time=21:00", "--field", "we_will=Pause."});
  std::string hot = p.Add({"hot-buttons", "--field", "sets_it_off=Being interrupted"});
  p.home.MustMutual({"agree", line.substr(0, 5)});
  json view = p.Show();
  CHECK(view["format"] == "mutual-plan");
  CHECK(view["id"] == p.plan);
  json l = ItemById(view, line);
  CHECK(l["kind"] == "bottom-line");
  CHECK(l["section"] == "bottom-lines");
  CHECK(l["about"] == "us");
  CHECK(l["state"] == "agreed");
  CHECK(l["last_agreed"].is_object());
  json e = ItemById(view, edge);
  CHECK(e["state"] == "draft");
  bool saw_time = false;
  for (const json& f : e["fields"]) {
    if (f["path"] == "from_time") {
      saw_time = true;
      CHECK(f["type"] == "scalar");
      CHECK(f["value"] == "21:00");
      CHECK(f["values"][0]["set_by"] == view["members"][0]["id"]);
    }
  }
  CHECK(saw_time);
  json h = ItemById(view, hot);
  CHECK(h["kind"] == "hot-button");
  CHECK(h["about"].is_array());  // own-mode kinds default to "me"
  std::string text = p.home.MustMutual({"show"});
  CHECK(text.find("No name-calling.") != std::string::npos);
  CHECK(text.find("Bottom lines") != std::string::npos);
  CHECK(text.find("[agreed]") != std::string::npos);
}

TEST_CASE("EditWithdrawRevisitAndRemoveThroughTheCli") {
  OnePlan p;
  std::string item = p.Add({"helps", "--field", "text=A walk."});
  p.home.MustMutual({"agree", item});
  p.home.MustMutual({"edit", item, "--field", "text=A long walk."});
  json edited = ItemById(p.Show(), item);
  CHECK(edited["state"] == "changed");
  CHECK(edited["last_agreed"]["fields"][0]["text"] == "A walk.");
  p.home.MustMutual({"agree", item});
  p.home.MustMutual({"withdraw", item, "--reason", "need to think"});
  json withdrawn = ItemById(p.Show(), item);
  CHECK(withdrawn["state"] == "withdrawn");
  CHECK(withdrawn["stances"][0]["reason"] == "need to think");
  p.home.MustMutual({"revisit", item, "--reason", "let's talk"});
  CHECK(ItemById(p.Show(), item)["stances"][0]["revisit"] == true);
  std::string draft = p.Add({"helps", "--field", "text=Tea."});
  p.home.MustMutual({"remove", draft});
  CHECK(p.home.MustMutual({"show", "--json"}).find(draft) == std::string::npos);
}

// $EDITOR forms with a real editor process: sed fills in the form file.
TEST_CASE("AddAndEditThroughTheEditorForm") {
  OnePlan p;
  p.home.SetEnv("VISUAL", "");
  p.home.SetEnv("EDITOR", "sed -i -e '/^\\[text\\]/a A walk by the river.'");
  std::string item = p.Add({"helps"});
  json added = ItemById(p.Show(), item);
  REQUIRE_FALSE(added.is_null());
  CHECK(added["fields"][0]["text"] == "A walk by the river.");
  p.home.SetEnv("EDITOR", "sed -i -e 's/^A walk by the river[.]$/A long walk./'");
  p.home.MustMutual({"edit", item.substr(0, 5)});
  CHECK(ItemById(p.Show(), item)["fields"][0]["text"] == "A long walk.");
  // An editor that changes nothing: nothing is sent, and the CLI says so.
  p.home.SetEnv("EDITOR", "true");
  RunResult unchanged = p.home.Mutual({"edit", item});
  CHECK(unchanged.exit_code == 1);
  CHECK(unchanged.err.find("nothing") != std::string::npos);
}

TEST_CASE("SectionAddWithKindIsUsedByAdd") {
  OnePlan p;
  p.home.MustMutual({"section", "add", "rituals", "Our rituals", "--kind", "agreement"});
  std::string item = p.Add({"rituals", "--field", "we_will=Tea at nine."});
  json view = p.Show();
  CHECK(ItemById(view, item)["kind"] == "agreement");
  bool found = false;
  for (const json& s : view["sections"]) {
    if (s["id"] == "rituals") {
      found = true;
      CHECK(s["title"] == "Our rituals");
      CHECK(s["default_kind"] == "agreement");
    }
  }
  CHECK(found);
}

TEST_CASE("LogListsChangesInTextAndJson") {
  OnePlan p;
  std::string item = p.Add({"helps", "--field", "text=A walk."});
  p.home.MustMutual({"agree", item});
  json log = json::parse(p.home.MustMutual({"log", "--json"}));
  CHECK(log["format"] == "mutual-log");
  REQUIRE(log["changes"].size() == 3);
  CHECK(log["changes"][0]["status"] == "applied");
  CHECK(log["changes"][2]["item"] == item);
  CHECK(p.home.MustMutual({"log"}).find("Alex") != std::string::npos);
}

TEST_CASE("ExportWritesEachFormatToStdoutOrAPrivateFile") {
  OnePlan p;
  p.Add({"helps", "--field", "text=A walk & tea."});
  CHECK(p.home.MustMutual({"export", "--format", "md"}).find("A walk") !=
        std::string::npos);
  json exported = json::parse(p.home.MustMutual({"export", "--format", "json"}));
  CHECK(exported["title"] == "Alex & Sam");
  const std::string file = p.home.File("plan.html");
  p.home.MustMutual({"export", "--format", "html", "-o", file});
  std::ifstream in(file);
  std::stringstream html;
  html << in.rdbuf();
  CHECK(html.str().find("<html") != std::string::npos);
  CHECK(html.str().find("A walk &amp; tea.") != std::string::npos);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("LeaveEndsMembership") {
  OnePlan p;
  p.home.MustMutual({"leave"});
  json view = p.Show();
  CHECK(view["members"][0]["former"] == true);
  RunResult again = p.home.Mutual({"add", "helps", "--field", "text=x"});
  CHECK(again.exit_code == 1);
}

TEST_CASE("SeveralPlansAreChosenWithPlan") {
  OnePlan p;
  std::string second =
      LastWord(p.home.MustMutual({"new", "Work", "--template", "blank"}));
  RunResult ambiguous = p.home.Mutual({"show"});
  CHECK(ambiguous.exit_code == 1);
  CHECK(ambiguous.err.find("--plan") != std::string::npos);
  json by_title = json::parse(p.home.MustMutual({"show", "--json", "--plan", "Work"}));
  CHECK(by_title["id"] == second);
  json by_prefix =
      json::parse(p.home.MustMutual({"show", "--json", "--plan", p.plan.substr(0, 6)}));
  CHECK(by_prefix["title"] == "Alex & Sam");
}

}  // namespace
}  // namespace mutual::integration
