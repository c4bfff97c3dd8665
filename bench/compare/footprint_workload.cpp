#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <vector>

#include "bench/compare/daemon_proc.h"
#include "bench/compare/daemon_workloads.h"

namespace mutual::bench {

namespace {

void Sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Median wall time of `runs` runs of `argv`, in ms; -1 when one failed.
double MedianRunMs(const std::vector<std::string>& argv, int runs) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const double t0 = NowMs();
    if (RunQuiet(argv) != 0) return -1;
    ms.push_back(NowMs() - t0);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// cli.show_ms: bench/cli_show_bench.sh's plan (200 items over six sections,
// every second one agreed), made through the control API.
Status ShowTimes(const std::string& home, Values& v) {
  MUTUAL_ASSIGN_OR_RETURN(Daemon d, Daemon::Start(home));
  MUTUAL_RETURN_IF_ERROR(Init(home, "Alex"));
  wire::ControlRequest plan;
  plan.command = wire::Command::kNew;
  plan.title = "Bench plan";
  plan.template_name = "relational";
  MUTUAL_RETURN_IF_ERROR(Control(home, plan).status());
  static const char* kSections[] = {"safety-meaning", "patterns",    "bottom-lines",
                                    "helps",          "at-the-edge", "power"};
  for (int i = 1; i <= 200; ++i) {
    MUTUAL_ASSIGN_OR_RETURN(
        std::string id,
        AddItem(home, "", kSections[i % 6],
                "Item " + std::to_string(i) +
                    ": a sentence or two of the kind people write in a plan, long enough "
                    "to wrap once on a terminal."));
    if (i % 2 == 0) {
      wire::ControlRequest agree;
      agree.command = wire::Command::kAgree;
      agree.item = id;
      MUTUAL_RETURN_IF_ERROR(Control(home, agree).status());
    }
  }
  const std::string cli = BinDir() + "/mutual";
  v.push_back({"show_ms", MedianRunMs({cli, "--home", home, "show"}, 20)});
  v.push_back({"show_json_ms", MedianRunMs({cli, "--home", home, "show", "--json"}, 20)});
  if (v.back().second < 0 || v[v.size() - 2].second < 0) {
    return Status::Unavailable("mutual show failed");
  }
  return Status::Ok();
}

}  // namespace

Result<Values> FootprintWorkload() {
  MUTUAL_ASSIGN_OR_RETURN(std::string dir, MakeTempDir("footprint"));
  const std::string home = dir + "/plans", show = dir + "/show";
  ::mkdir(home.c_str(), 0700);
  ::mkdir(show.c_str(), 0700);
  Values v;
  {
    MUTUAL_ASSIGN_OR_RETURN(Daemon d, Daemon::Start(home));
    MUTUAL_RETURN_IF_ERROR(Init(home, "Alex"));
    MUTUAL_RETURN_IF_ERROR(NewPlan(home, "Plan 1").status());
    Sleep(1000);
    v.push_back({"idle_rss_mb", d.RssMb()});
    v.push_back({"idle_pss_mb", d.PssMb()});
    v.push_back({"idle_anonymous_mb", d.AnonymousMb()});
    const double t0 = NowMs();
    for (int i = 2; i <= 1000; ++i) {
      MUTUAL_RETURN_IF_ERROR(NewPlan(home, "Plan " + std::to_string(i)).status());
    }
    v.push_back({"new_999_plans_ms", NowMs() - t0});
    Sleep(1000);
    v.push_back({"rss_1000_plans_mb", d.RssMb()});
  }
  {
    // The same home after a restart: what a daemon loading 1,000 plans holds.
    MUTUAL_ASSIGN_OR_RETURN(Daemon d, Daemon::Start(home));
    wire::ControlRequest plans;
    plans.command = wire::Command::kPlans;
    MUTUAL_RETURN_IF_ERROR(Control(home, plans).status());
    Sleep(1000);
    v.push_back({"rss_1000_plans_restarted_mb", d.RssMb()});
  }
  MUTUAL_RETURN_IF_ERROR(ShowTimes(show, v));
  std::filesystem::remove_all(dir);
  return v;
}

}  // namespace mutual::bench
