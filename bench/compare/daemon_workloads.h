// The daemon workloads of scripts/bench, each run in a fresh process by
// daemon_compare (bench/compare/groups/daemons.mjs, footprint.mjs).
//
// Thread-safety: free functions; each uses its own temporary homes.
#pragma once
#include "bench/compare/bench_clock.h"
#include "libsync/util/status.h"

namespace mutual::bench {

// Two paired daemons, the joiner dialing the other through a byte-counting
// Relay: wire.edit_bytes, wire.reconnect_bytes, `edits` edits' visibility
// latency (p50, p99) with its bound (latency_bound.h), and catch-up on
// `offline` edits made while the joiner's daemon was stopped.
Result<Values> DaemonsWorkload(int edits, int offline);

// Idle VmRSS of a daemon with one plan and with 1,000, and `mutual show`
// wall time (a CLI process per run) on a 200-item plan.
Result<Values> FootprintWorkload();

}  // namespace mutual::bench
