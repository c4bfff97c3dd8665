// Replays the automerge-paper editing trace through Document transactions:
// one local transaction (Begin, DeleteText/InsertText, Commit) per patch,
// no policy, as the benchmarks issue measures it. Prints the median, min
// and max of 5 runs (wall time, and this thread's CPU time, which stays
// meaningful when other processes share the cores), the Save() size and the
// Load() time. Asserts nothing.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <vector>

#include "libsync/crdt/document.h"
#include "tests/support/data_files.h"

using mutual::crdt::Document;
using mutual::crdt::MakeObject;
using mutual::crdt::ObjType;
using mutual::crdt::OpId;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Run {
  double ms = 0;
  double cpu_ms = 0;
  Document doc;
  OpId text{};
};

Run Replay(const mutual::testing::EditingTrace& trace) {
  mutual::crdt::ActorId author{};
  author.fill(7);
  Run run;
  auto setup = run.doc.Begin(author, 0);
  run.text = setup.Set(mutual::crdt::kRootObject, "text", MakeObject{ObjType::kText});
  if (!setup.Commit().ok()) std::fprintf(stderr, "setup commit failed\n");
  size_t failures = 0;
  double cpu_start = ThreadCpuMs();
  auto start = Clock::now();
  for (const auto& txn : trace.txns) {
    for (const auto& p : txn.patches) {
      auto t = run.doc.Begin(author, 0);
      if (p.del > 0) t.DeleteText(run.text, p.pos, p.del);
      if (!p.ins.empty()) t.InsertText(run.text, p.pos, p.ins);
      failures += !t.Commit().ok();
    }
  }
  run.ms = Ms(Clock::now() - start);
  run.cpu_ms = ThreadCpuMs() - cpu_start;
  if (failures) std::fprintf(stderr, "%zu commits failed\n", failures);
  return run;
}

}  // namespace

int main() {
  auto trace = mutual::testing::LoadEditingTrace("automerge-paper");
  if (!trace.ok()) {
    std::fprintf(stderr, "cannot load trace: %s\n", trace.status().ToString().c_str());
    return 1;
  }
  size_t patches = 0;
  for (const auto& txn : trace->txns) patches += txn.patches.size();

  std::vector<double> times, cpu;
  Run last;
  for (int i = 0; i < 5; ++i) {
    last = Replay(*trace);
    times.push_back(last.ms);
    cpu.push_back(last.cpu_ms);
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu.begin(), cpu.end());
  bool text_ok = last.doc.Text(last.text) == trace->end_content;
  std::printf("document trace replay: %zu transactions, final text %s\n", patches,
              text_ok ? "matches" : "DIFFERS");
  std::printf("  wall: median %.1f ms, min %.1f ms, max %.1f ms (5 runs)\n", times[2],
              times[0], times[4]);
  std::printf("  cpu:  median %.1f ms, min %.1f ms, max %.1f ms\n", cpu[2], cpu[0], cpu[4]);

  auto t0 = Clock::now();
  mutual::Bytes saved = last.doc.Save();
  double save_ms = Ms(Clock::now() - t0);
  t0 = Clock::now();
  double cpu0 = ThreadCpuMs();
  auto loaded = Document::Load(saved, nullptr);
  double load_ms = Ms(Clock::now() - t0);
  double load_cpu = ThreadCpuMs() - cpu0;
  std::printf("  Save(): %zu bytes in %.1f ms; Load(): %.1f ms wall, %.1f ms cpu (%s)\n",
              saved.size(), save_ms, load_ms, load_cpu,
              loaded.ok() && loaded->Text(last.text) == trace->end_content ? "text matches"
                                                                          : "FAILED");
  return 0;
}
