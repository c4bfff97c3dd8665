// Replays the automerge-paper editing trace (259,778 single-character
// edits) on a bare Sequence N times and prints median/min/max wall time and
// the final run count; then the same ops replayed as remote integrations on
// a second Sequence, and the snapshot (EncodeState) size and times.
// Prints; asserts nothing.
//
// Usage: sequence_trace_bench [N=5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "libsync/crdt/sequence.h"
#include "tests/support/data_files.h"

namespace {

using mutual::crdt::ActorTable;
using mutual::crdt::ObjType;
using mutual::crdt::OpId;
using mutual::crdt::Sequence;

struct Recorded {
  bool insert;
  mutual::crdt::InsertOrigins origins;
  std::string text;
  OpId first;
  std::vector<mutual::crdt::IdSpan> spans;
};

struct Stats {
  double median, min, max;
};

Stats Summarize(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return Stats{ms[ms.size() / 2], ms.front(), ms.back()};
}

// Process CPU time: unlike wall time it does not grow while the (shared,
// busy) machine runs something else.
double CpuMs() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                   start)
      .count();
}

uint64_t CodePoints(const std::string& s) {
  uint64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  auto trace = mutual::testing::LoadEditingTrace("automerge-paper");
  if (!trace.ok()) {
    std::fprintf(stderr, "loading trace: %s\n", trace.status().ToString().c_str());
    return 1;
  }
  ActorTable actors;
  mutual::crdt::ActorId key{};
  key.fill(1);
  const uint32_t me = actors.Intern(key);

  std::vector<double> ms, cpu_ms;
  size_t run_count = 0;
  bool matches = true;
  std::vector<Recorded> ops;
  for (int i = 0; i < runs; ++i) {
    const bool record = i == 0;
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuMs();
    Sequence s(ObjType::kText, &actors);
    uint64_t counter = 1;
    if (!trace->start_content.empty()) {
      s.LocalInsertText(0, trace->start_content, OpId{counter, me});
      counter += CodePoints(trace->start_content);
    }
    for (const auto& txn : trace->txns) {
      for (const auto& p : txn.patches) {
        if (p.del > 0) {
          auto spans = s.LocalDelete(p.pos, p.del);
          if (record) ops.push_back(Recorded{false, {}, {}, {}, std::move(spans)});
          ++counter;
        }
        if (!p.ins.empty()) {
          auto origins = s.LocalInsertText(p.pos, p.ins, OpId{counter, me});
          if (record)
            ops.push_back(Recorded{true, origins, p.ins, OpId{counter, me}, {}});
          counter += CodePoints(p.ins);
        }
      }
    }
    cpu_ms.push_back(CpuMs() - cpu_start);
    ms.push_back(Since(start));
    run_count = s.RunCount();
    matches = matches && s.Text() == trace->end_content;
  }
  Stats local = Summarize(ms);
  std::printf("automerge-paper on Sequence: %d runs of %zu txns\n", runs,
              trace->txns.size());
  std::printf(
      "  local edits:  median %.2f ms  min %.2f ms  max %.2f ms  (cpu median %.2f ms)\n",
      local.median, local.min, local.max, Summarize(cpu_ms).median);
  std::printf("  final runs %zu, text %s\n", run_count,
              matches ? "matches end content" : "DOES NOT MATCH");

  // The recorded ops as remote integrations (what a peer does).
  std::vector<double> remote_ms, remote_cpu_ms;
  bool remote_ok = true;
  std::optional<Sequence> last;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuMs();
    Sequence s(ObjType::kText, &actors);
    for (const Recorded& op : ops) {
      if (op.insert) {
        remote_ok =
            remote_ok &&
            s.IntegrateText(op.origins.left, op.origins.right, op.text, op.first).ok();
      } else {
        for (const auto& span : op.spans) s.Delete(span);
      }
    }
    remote_cpu_ms.push_back(CpuMs() - cpu_start);
    remote_ms.push_back(Since(start));
    remote_ok = remote_ok && s.Text() == trace->end_content;
    last = std::move(s);
  }
  Stats remote = Summarize(remote_ms);
  std::printf(
      "  remote integrate: median %.2f ms  min %.2f ms  max %.2f ms  (cpu median %.2f "
      "ms) %s\n",
      remote.median, remote.min, remote.max, Summarize(remote_cpu_ms).median,
      remote_ok ? "ok" : "FAILED");

  // Snapshot size and speed.
  const std::vector<uint32_t> to_slot = {0};
  const std::vector<mutual::crdt::ActorIndex> from_slot = {me};
  std::vector<double> enc_ms, dec_ms;
  size_t bytes = 0;
  bool dec_ok = true;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    mutual::ByteWriter w;
    last->EncodeState(w, to_slot);
    enc_ms.push_back(Since(start));
    bytes = w.size();
    start = std::chrono::steady_clock::now();
    mutual::ByteReader r(w.bytes());
    auto decoded = Sequence::DecodeState(ObjType::kText, r, from_slot, &actors);
    dec_ms.push_back(Since(start));
    dec_ok = dec_ok && decoded.ok() && decoded->Text() == trace->end_content;
  }
  std::printf(
      "  EncodeState: %zu bytes, median %.2f ms; DecodeState median %.2f ms (%s)\n",
      bytes, Summarize(enc_ms).median, Summarize(dec_ms).median,
      dec_ok ? "ok" : "FAILED");
  return 0;
}
