// The side-by-side CRDT workloads (bench/peers/README.md) run through
// libsync's public crdt API, one workload per call. scripts/bench runs each
// in a fresh process; crdt_compare.cpp prints the result as one JSON line.
//
// Thread-safety: free functions; no shared state.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "libsync/util/status.h"

namespace mutual::bench {

// Named measurements of one run, printed in this order, plus whether every
// final text equalled the trace's endContent.
struct Measured {
  std::vector<std::pair<std::string, double>> values;
  bool text_ok = false;
};

// automerge-paper: one local transaction per edit (apply_ms, rss_mb), the
// full-history Save() (save_bytes; written to `saved_path` when non-empty)
// and every change merged into an empty replica (merge_empty_ms).
Result<Measured> TraceWorkload(const std::string& saved_path);

// Loads the bytes TraceWorkload saved at `saved_path` and reads the text
// (load_fresh_ms).
Result<Measured> LoadWorkload(const std::string& saved_path);

// clownschool: one replica per agent, each transaction made on its agent's
// replica after receiving the changes of its parents' causal past
// (replay_ms).
Result<Measured> ConcurrentWorkload();

}  // namespace mutual::bench
