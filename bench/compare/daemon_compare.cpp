// The daemon metric groups of scripts/bench: real mutuald processes in
// temporary homes, listening on 127.0.0.1 only, driven through the control
// API. One workload per process, one JSON line (bench_clock.h).
//
//   daemons [EDITS [OFFLINE]]  wire.* and daemons.* (daemon_workloads.h);
//                              defaults 1000 and 10000
//   footprint                  footprint.* and cli.show_ms
//
// Asserts nothing; exits 1 when a step failed (after saying which).
#include <signal.h>

#include <cstdio>
#include <string>

#include "bench/compare/daemon_workloads.h"

int main(int argc, char** argv) {
  using namespace mutual;
  const std::string mode = argc > 1 ? argv[1] : "";
  if ((mode != "daemons" && mode != "footprint") || argc > 4) {
    std::fprintf(stderr, "usage: daemon_compare daemons [EDITS [OFFLINE]] | footprint\n");
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  const int edits = argc > 2 ? std::stoi(argv[2]) : 1000;
  const int offline = argc > 3 ? std::stoi(argv[3]) : 10000;
  auto values = mode == "daemons" ? bench::DaemonsWorkload(edits, offline)
                                  : bench::FootprintWorkload();
  if (!values.ok()) {
    std::fprintf(stderr, "daemon_compare %s: %s\n", mode.c_str(),
                 values.status().ToString().c_str());
    return 1;
  }
  bench::PrintValues(mode, *values);
  return 0;
}
