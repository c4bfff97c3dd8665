#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "bench/compare/daemon_proc.h"
#include "bench/compare/daemon_workloads.h"
#include "bench/compare/latency_bound.h"
#include "bench/compare/relay.h"

namespace mutual::bench {

namespace {

// Waits until the relay passed nothing on for `quiet_ms` (at most 30 s).
void WaitQuiet(const Relay& relay, double quiet_ms) {
  const double deadline = NowMs() + 30000;
  while (NowMs() < deadline && NowMs() - relay.last_byte_ms() < quiet_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

double Percentile(std::vector<double> xs, double p) {
  std::sort(xs.begin(), xs.end());
  const size_t i = std::min(xs.size() - 1, static_cast<size_t>(p * static_cast<double>(xs.size())));
  return xs[i];
}

}  // namespace

Result<Values> DaemonsWorkload(int edits, int offline) {
  MUTUAL_ASSIGN_OR_RETURN(std::string dir, MakeTempDir("daemons"));
  const std::string alex = dir + "/alex", sam = dir + "/sam";
  ::mkdir(alex.c_str(), 0700);
  ::mkdir(sam.c_str(), 0700);
  Values v;
  MUTUAL_ASSIGN_OR_RETURN(Daemon da, Daemon::Start(alex));
  std::optional<Daemon> ds;
  {
    MUTUAL_ASSIGN_OR_RETURN(Daemon d, Daemon::Start(sam));
    ds.emplace(std::move(d));
  }
  MUTUAL_RETURN_IF_ERROR(Init(alex, "Alex"));
  MUTUAL_RETURN_IF_ERROR(Init(sam, "Sam"));
  MUTUAL_RETURN_IF_ERROR(NewPlan(alex, "Bench").status());
  wire::ControlRequest status;
  status.command = wire::Command::kStatus;
  MUTUAL_ASSIGN_OR_RETURN(wire::ControlResponse st, Control(alex, status));
  MUTUAL_ASSIGN_OR_RETURN(auto relay, Relay::Start(static_cast<uint16_t>(st.status.tcp_port)));

  // Pairing through the relay: Sam's daemon then dials Alex's through it.
  wire::ControlRequest invite;
  invite.command = wire::Command::kInvite;
  MUTUAL_ASSIGN_OR_RETURN(wire::ControlResponse code, Control(alex, invite));
  wire::ControlRequest join;
  join.command = wire::Command::kJoin;
  join.code = code.created_id;
  join.address = "127.0.0.1:" + std::to_string(relay->port());
  MUTUAL_RETURN_IF_ERROR(Control(sam, join).status());
  std::string text = "base";
  MUTUAL_ASSIGN_OR_RETURN(std::string item, AddItem(alex, "", "helps", text));
  MUTUAL_RETURN_IF_ERROR(WaitVisible(sam, Quoted(text), 60000));

  // One single-character edit (the item's text gains a letter), 5 times.
  std::vector<double> edit_bytes, reply_bytes;
  for (int i = 0; i < 5; ++i) {
    WaitQuiet(*relay, 500);
    relay->ResetCounters();
    text += "x";
    MUTUAL_RETURN_IF_ERROR(EditItem(alex, item, text));
    MUTUAL_RETURN_IF_ERROR(WaitVisible(sam, Quoted(text), 30000));
    WaitQuiet(*relay, 300);
    edit_bytes.push_back(static_cast<double>(relay->from_target()));
    reply_bytes.push_back(static_cast<double>(relay->to_target()));
  }
  v.push_back({"edit_bytes", Percentile(edit_bytes, 0.5)});
  v.push_back({"edit_reply_bytes", Percentile(reply_bytes, 0.5)});

  // Reconnect: the relay drops the connection, Sam's daemon dials again.
  WaitQuiet(*relay, 500);
  relay->ResetCounters();
  const uint64_t accepted = relay->accepted();
  relay->DropConnections();
  const double deadline = NowMs() + 30000;
  while (relay->accepted() == accepted && NowMs() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (relay->accepted() == accepted) return Status::Unavailable("no reconnection in 30 s");
  WaitQuiet(*relay, 1000);
  v.push_back({"reconnect_bytes", static_cast<double>(relay->total())});

  // Each edit is followed by one edit of the bound (latency_bound.h).
  MUTUAL_ASSIGN_OR_RETURN(auto bound, EditBound::Open(dir, 160));
  std::vector<double> lat, bound_ms;
  for (int i = 0; i < edits; ++i) {
    const std::string t = "lat-" + std::to_string(i);
    const double t0 = NowMs();
    MUTUAL_RETURN_IF_ERROR(EditItem(alex, item, t));
    MUTUAL_RETURN_IF_ERROR(WaitVisible(sam, Quoted(t), 30000));
    lat.push_back(NowMs() - t0);
    MUTUAL_ASSIGN_OR_RETURN(double b, bound->OnceMs());
    bound_ms.push_back(b);
  }
  bound.reset();
  v.push_back({"edit_visible_p50_ms", Percentile(lat, 0.5)});
  v.push_back({"edit_visible_p99_ms", Percentile(lat, 0.99)});
  v.push_back({"bound", Percentile(bound_ms, 0.5)});
  v.push_back({"bound_p99", Percentile(bound_ms, 0.99)});

  // Catch-up: Sam's daemon is stopped while Alex makes `offline` edits.
  ds.reset();
  const double m0 = NowMs();
  std::string last;
  for (int i = 0; i < offline; ++i) {
    last = "off-" + std::to_string(i);
    MUTUAL_RETURN_IF_ERROR(EditItem(alex, item, last));
  }
  v.push_back({"offline_edits_ms", NowMs() - m0});
  WaitQuiet(*relay, 300);
  relay->ResetCounters();
  const double c0 = NowMs();
  {
    MUTUAL_ASSIGN_OR_RETURN(Daemon d, Daemon::Start(sam));
    ds.emplace(std::move(d));
  }
  MUTUAL_RETURN_IF_ERROR(WaitVisible(sam, Quoted(last), 300000));
  v.push_back({"catchup_ms", NowMs() - c0});
  WaitQuiet(*relay, 500);
  v.push_back({"catchup_bytes", static_cast<double>(relay->total())});
  v.push_back({"catchup_to_joiner_bytes", static_cast<double>(relay->from_target())});
  ds.reset();
  da.Stop();
  relay.reset();
  std::filesystem::remove_all(dir);
  return v;
}

}  // namespace mutual::bench
