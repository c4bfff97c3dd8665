// Metric group "footprint.*" and "cli.show_ms": VmRSS of an idle mutuald
// with one plan and with 1,000, and `mutual show` wall time on a 200-item
// plan (median of 20 CLI processes per run; bench/cli_show_bench.sh's
// plan), from bench/compare/daemon_compare.cpp footprint. At most 3 runs.
import { join } from "node:path";
import { metric, runs } from "./single.mjs";

export const RUNS = 3;

export async function collect(ctx) {
  const cmd = join(ctx.build, "bench", "daemon_compare");
  const r = await runs(ctx, "mutual footprint", cmd, ["footprint"], Math.min(ctx.runs, RUNS), 120);
  const m = (x) => metric(r.results, x);
  const metrics = [
    m({ name: "footprint.idle_rss_mb", unit: "MB", field: "idle_rss_mb", target: "≤ 10 MB",
      check: (x) => ({ met: x <= 10 }) }),
    m({ name: "footprint.rss_1000_plans_mb", unit: "MB", field: "rss_1000_plans_mb",
      target: "none set (reported)" }),
    m({ name: "cli.show_ms", unit: "ms", field: "show_ms", target: "≤ 20 ms",
      check: (x) => ({ met: x <= 20 }) }),
  ];
  return { metrics, failures: r.failures };
}
