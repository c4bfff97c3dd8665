// Clocks and output shared by the system benchmarks (crypto_compare,
// daemon_compare): wall and process CPU time, and the one JSON line a run
// prints for scripts/bench (bench/compare/groups/).
//
// Thread-safety: free functions; no shared state.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace mutual::bench {

using Values = std::vector<std::pair<std::string, double>>;

// Milliseconds of the steady clock (for differences only).
double NowMs();
// CPU time of this process, all threads, in ms.
double ProcessCpuMs();
// Prints {"system":"mutual","workload":W,<values>} on one line of stdout.
void PrintValues(const std::string& workload, const Values& values);

}  // namespace mutual::bench
