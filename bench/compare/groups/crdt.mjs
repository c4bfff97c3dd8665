// Metric group "trace.*" and "concurrent.*": the CRDT core on the editing
// traces, mutual (build/.../bench/crdt_compare) against Yjs, Automerge and
// Loro (bench/peers/run.mjs), each run in a fresh process.
//
// Schedule: run-major (run 1 of every system and workload, then run 2, ...)
// so that load from other users of the machine spreads over all systems. A
// (system, workload) cell stops early once another run would take it past
// the time budget (so a slow peer gets fewer runs, which the table shows),
// and a process that passes its workload's time limit is stopped and shown
// as a lower bound.
import { join } from "node:path";

export const SYSTEMS = ["mutual", "yjs", "automerge", "loro"];
const PEERS = SYSTEMS.filter((s) => s !== "mutual");

// Per-process limits (seconds). Automerge needs minutes for the concurrent
// trace on a 2-core machine; it is stopped rather than waited for.
const LIMIT_S = { trace: 300, load: 60, concurrent: 120 };

const best = (v) => Math.min(...PEERS.map((p) => v[p] ?? Infinity));

const METRICS = [
  {
    name: "trace.apply_ms", unit: "ms", workload: "trace", field: "apply_ms", cpuField: "apply_cpu_ms",
    target: "≥ 15× faster than the fastest peer",
    check: (v) => ({ met: 15 * v.mutual <= best(v), note: `${(best(v) / v.mutual).toFixed(1)}×` }),
  },
  {
    name: "trace.save_bytes", unit: "bytes", workload: "trace", field: "save_bytes",
    target: "≤ Automerge's",
    check: (v) => (v.automerge == null ? null : { met: v.mutual <= v.automerge }),
  },
  {
    name: "trace.load_fresh_ms", unit: "ms", workload: "load", field: "load_fresh_ms", cpuField: "load_fresh_cpu_ms",
    target: "≤ the fastest peer",
    check: (v) => ({ met: v.mutual <= best(v) }),
  },
  {
    name: "trace.merge_empty_ms", unit: "ms", workload: "trace", field: "merge_empty_ms", cpuField: "merge_empty_cpu_ms",
    target: "≤ Yjs's",
    check: (v) => (v.yjs == null ? null : { met: v.mutual <= v.yjs }),
  },
  {
    name: "trace.rss_mb", unit: "MB", workload: "trace", field: "rss_mb",
    target: "≤ Loro's",
    check: (v) => (v.loro == null ? null : { met: v.mutual <= v.loro }),
  },
  {
    name: "concurrent.replay_ms", unit: "ms", workload: "concurrent", field: "replay_ms", cpuField: "replay_cpu_ms",
    target: "none set (reported)",
    check: () => null,
  },
];

function command(ctx, system, workload, saved) {
  const extra = workload === "concurrent" ? [] : ["--saved", saved];
  if (system === "mutual") {
    return [join(ctx.build, "bench", "crdt_compare"), [workload, ...extra]];
  }
  const runner = join(ctx.root, "bench", "peers", "run.mjs");
  return [process.execPath, ["--expose-gc", runner, system, workload, ...extra]];
}

export async function collect(ctx) {
  const workloads = ["trace", "load", "concurrent"];
  const cells = {};  // "system/workload" -> {results, spentMs, done, stoppedAfterS, version}
  for (const s of SYSTEMS) for (const w of workloads) cells[`${s}/${w}`] = { results: [], spentMs: 0, done: false };
  const failures = [];

  for (let run = 1; run <= ctx.runs; ++run) {
    for (const system of SYSTEMS) {
      const saved = join(ctx.tmp, `${system}.saved`);
      for (const workload of workloads) {
        const cell = cells[`${system}/${workload}`];
        if (cell.done) continue;
        if (workload === "load" && cells[`${system}/trace`].results.length === 0) {
          cell.done = true;  // nothing saved to load
          continue;
        }
        const [cmd, args] = command(ctx, system, workload, saved);
        const r = await ctx.runProcess(`${system} ${workload} (run ${run})`, cmd, args, LIMIT_S[workload]);
        cell.spentMs += r.wallMs;
        if (r.timedOut) {
          cell.stoppedAfterS = LIMIT_S[workload];
          cell.done = true;
          continue;
        }
        if (!r.json) {
          failures.push(`${system} ${workload}: ${r.error}`);
          cell.done = true;
          continue;
        }
        if (!r.json.text_ok) failures.push(`${system} ${workload} run ${run}: final text differs from endContent`);
        if (r.json.version) cell.version = r.json.version;
        cell.results.push(r.json);
        if (cell.spentMs + r.wallMs > ctx.budgetS * 1000) cell.done = true;
      }
    }
  }

  const metrics = METRICS.map((m) => {
    const pick = (field) => {
      const out = {};
      for (const s of SYSTEMS) {
        out[s] = cells[`${s}/${m.workload}`].results.map((j) => j[field]).filter((x) => typeof x === "number");
      }
      return out;
    };
    const samples = pick(m.field);
    const stopped = {};
    for (const s of SYSTEMS) {
      const cell = cells[`${s}/${m.workload}`];
      if (cell.stoppedAfterS && samples[s].length === 0) stopped[s] = cell.stoppedAfterS * 1000;
    }
    const metric = { name: m.name, unit: m.unit, systems: SYSTEMS, samples, stopped, target: m.target, check: m.check };
    if (m.cpuField) metric.cpuSamples = pick(m.cpuField);
    return metric;
  });
  const versions = {};
  for (const s of PEERS) versions[s] = cells[`${s}/trace`].version ?? cells[`${s}/concurrent`].version;
  return { metrics, failures, versions };
}
