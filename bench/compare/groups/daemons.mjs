// Metric groups "wire.*" and "daemons.*": two real mutuald processes on
// loopback, Sam's dialing Alex's through a byte-counting relay
// (bench/compare/daemon_compare.cpp daemons). At most 3 runs: a run makes
// 1,000 edits for the latency and 10,000 for the catch-up (its p50/p99 are
// over the 1,000 edits of that run; the table shows the median run). Latency ratio: mutual ÷
// bound (bound = seal + durable commit + loopback send + verify + decrypt
// + durable commit in one process, same run).
import { join } from "node:path";
import { metric, runs } from "./single.mjs";

export const RUNS = 3;

export async function collect(ctx) {
  const cmd = join(ctx.build, "bench", "daemon_compare");
  const r = await runs(ctx, "mutual daemons", cmd, ["daemons", "1000", "10000"],
    Math.min(ctx.runs, RUNS), 240);
  const m = (x) => metric(r.results, x);
  const metrics = [
    m({ name: "wire.edit_bytes", unit: "bytes", field: "edit_bytes", target: "≤ 200 B",
      check: (x) => ({ met: x <= 200 }) }),
    m({ name: "wire.reconnect_bytes", unit: "bytes", field: "reconnect_bytes", target: "≤ 1 KB",
      check: (x) => ({ met: x <= 1024 }) }),
    m({ name: "daemons.edit_visible_p50_ms", unit: "ms", field: "edit_visible_p50_ms", bounded: true,
      target: "≤ 2× bound (ratio mutual ÷ bound)",
      check: (x, b) => ({ met: x <= 2 * b, note: `${(x / b).toFixed(1)}×` }) }),
    m({ name: "daemons.edit_visible_p99_ms", unit: "ms", field: "edit_visible_p99_ms",
      target: "none set (reported)" }),
    m({ name: "daemons.catchup_10k_ms", unit: "ms", field: "catchup_ms", target: "none set (reported)" }),
    m({ name: "daemons.catchup_10k_bytes", unit: "bytes", field: "catchup_bytes",
      target: "none set (reported)" }),
  ];
  return { metrics, failures: r.failures };
}
