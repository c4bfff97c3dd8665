// Shared by the groups that measure mutual alone against a bound or a
// fixed target (sealed, noise, daemons, footprint): runs one program
// `runs` times, each in a fresh process, and turns fields of its JSON
// lines into report.mjs metrics.
//
// A bound measured in the same runs (the field "bound") is reported as the
// median of its samples; report.mjs's ratio is then mutual ÷ bound. For a
// rate (per second, higher is better) that is the fraction of the bound
// reached; for a time it is how many bounds mutual takes.
import { join } from "node:path";

import { median } from "../report.mjs";

// Runs `cmd args` `runs` times (stopping early once the group's budget is
// spent); returns {results, failures}.
export async function runs(ctx, label, cmd, args, count, limitS) {
  const results = [], failures = [];
  let spentMs = 0;
  for (let run = 1; run <= count; ++run) {
    const r = await ctx.runProcess(`${label} (run ${run})`, cmd, args, limitS);
    spentMs += r.wallMs;
    if (r.timedOut) {
      failures.push(`${label}: stopped after ${limitS} s`);
      break;
    }
    if (!r.json) {
      failures.push(`${label}: ${r.error}`);
      break;
    }
    results.push(r.json);
    if (spentMs + r.wallMs > ctx.budgetS * 1000) break;
  }
  return { results, failures };
}

// One metric of `results`: {name, unit, field, target, check(v, bound),
// bounded (use the results' "bound" field)}.
export function metric(results, m) {
  const samples = { mutual: results.map((j) => j[m.field]).filter((x) => typeof x === "number") };
  const out = { name: m.name, unit: m.unit, systems: ["mutual"], samples, stopped: {}, target: m.target };
  let bound;
  if (m.bounded) {
    const bs = results.map((j) => j.bound).filter((x) => typeof x === "number");
    if (bs.length) out.bound = bound = median(bs);
  }
  out.check = (v) => (m.check ? m.check(v.mutual, bound) : null);
  if (m.cpuField) out.cpuSamples = { mutual: results.map((j) => j[m.cpuField]) };
  return out;
}

// A group of one per-second rate measured against a bound in the same
// runs (sealed, noise): runs `crypto_compare WORKLOAD COUNT` and reports
// `field` as metric `name`, met when it reaches `fraction` of the bound.
export function boundedRateGroup({ workload, count, name, unit, field, fraction, target }) {
  return async function collect(ctx) {
    const cmd = join(ctx.build, "bench", "crypto_compare");
    const r = await runs(ctx, `mutual ${workload}`, cmd, [workload, String(count)], ctx.runs, 60);
    const metrics = [
      metric(r.results, {
        name, unit, field, bounded: true, target,
        check: (x, b) => ({ met: x >= fraction * b, note: `${((100 * x) / b).toFixed(0)}%` }),
      }),
    ];
    return { metrics, failures: r.failures };
  };
}
