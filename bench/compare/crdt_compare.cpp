// mutual's side of scripts/bench: runs one workload of the side-by-side
// CRDT comparison and prints one JSON line, the same shape bench/peers/run.mjs
// prints for Yjs, Automerge and Loro. Asserts nothing; exits 1 when a final
// text differs from the trace's endContent (after printing the line).
//
// Usage: crdt_compare trace [--saved FILE] | load --saved FILE | concurrent
#include <cstdio>
#include <cstring>
#include <string>

#include "bench/compare/mutual_workloads.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: crdt_compare trace [--saved FILE] | load --saved FILE | concurrent\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string workload = argv[1];
  std::string saved;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--saved") == 0 && i + 1 < argc) {
      saved = argv[++i];
    } else {
      return Usage();
    }
  }
  if (workload != "trace" && workload != "concurrent" && (workload != "load" || saved.empty())) {
    return Usage();
  }
  auto m = workload == "trace"  ? mutual::bench::TraceWorkload(saved)
           : workload == "load" ? mutual::bench::LoadWorkload(saved)
                                : mutual::bench::ConcurrentWorkload();
  if (!m.ok()) {
    std::fprintf(stderr, "crdt_compare %s: %s\n", workload.c_str(),
                 m.status().ToString().c_str());
    return 1;
  }
  std::printf(R"({"system":"mutual","workload":"%s")", workload.c_str());
  for (const auto& [name, value] : m->values) std::printf(R"(,"%s":%.3f)", name.c_str(), value);
  std::printf(R"(,"text_ok":%s})" "\n", m->text_ok ? "true" : "false");
  return m->text_ok ? 0 : 1;
}
