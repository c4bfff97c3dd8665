// Runs every metric group, prints one Markdown table and, with --json FILE,
// writes {"metrics": [...]} (report.mjs). scripts/bench builds first and
// then runs this.
//
// Usage: node bench/compare/bench.mjs --build DIR [--runs N] [--json FILE]
//                                     [--budget SECONDS] [--only GROUP[,GROUP]]
// --runs: runs per system and workload (median; min–max shown), default 5.
// --budget: time one (system, workload) may spend before it stops taking
//   more runs (default 60); the table marks cells with fewer runs.
// --only: run only these groups (names as in GROUPS: crdt, sealed, noise,
//   daemons, footprint).
// Exits 1 when a final text differed or a program failed (after printing).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as crdt from "./groups/crdt.mjs";
import * as daemons from "./groups/daemons.mjs";
import * as footprint from "./groups/footprint.mjs";
import * as noise from "./groups/noise.mjs";
import * as sealed from "./groups/sealed.mjs";
import { jsonReport, markdownTable } from "./report.mjs";

// Metric groups in table order. Each exports collect(ctx) ->
// {metrics, failures, versions?} (see groups/crdt.mjs). daemons gives the
// wire.* and daemons.* metrics, footprint the footprint.* and cli.show_ms.
const GROUPS = { crdt, sealed, noise, daemons, footprint };
const COLUMNS = ["mutual", "yjs", "automerge", "loro"];

function parseArgs(argv) {
  const opts = { runs: 5, json: null, build: null, budgetS: 60, only: Object.keys(GROUPS) };
  for (let i = 0; i < argv.length; ++i) {
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    if (argv[i] === "--runs") opts.runs = Number(next());
    else if (argv[i] === "--json") opts.json = resolve(next());
    else if (argv[i] === "--build") opts.build = resolve(next());
    else if (argv[i] === "--budget") opts.budgetS = Number(next());
    else if (argv[i] === "--only") opts.only = next().split(",");
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const unknown = opts.only.filter((g) => !(g in GROUPS));
  if (unknown.length) throw new Error(`unknown group ${unknown.join(",")} (${Object.keys(GROUPS).join(", ")})`);
  if (!opts.build || !(opts.runs >= 1) || !(opts.budgetS > 0)) {
    throw new Error("usage: bench.mjs --build DIR [--runs N] [--json FILE] [--budget SECONDS] [--only GROUP[,GROUP]]");
  }
  return opts;
}

// Runs one program to completion (or until `limitS`), returning the last
// line of its output parsed as JSON.
function runProcess(label, cmd, args, limitS) {
  return new Promise((done) => {
    const start = performance.now();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "", timedOut = false;
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, limitS * 1000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - start;
      const line = out.trim().split("\n").pop();
      let json = null, error = null;
      try {
        json = timedOut ? null : JSON.parse(line);
      } catch {
        error = `exit ${code}: ${err.trim().split("\n").slice(-3).join(" / ") || "no output"}`;
      }
      process.stderr.write(`  ${label}: ${timedOut ? `stopped after ${limitS} s` : `${(wallMs / 1000).toFixed(1)} s`}\n`);
      done({ json, error, timedOut, wallMs });
    });
  });
}

function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo);
  return {
    nproc: availableParallelism(),
    cpu: model ? model[1].trim() : "unknown",
    node: process.version,
    loadavg_start: loadavg().map((x) => Number(x.toFixed(2))),
  };
}

const opts = parseArgs(process.argv.slice(2));
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "mutual-bench-"));
const ctx = { root, build: opts.build, runs: opts.runs, budgetS: opts.budgetS, tmp, runProcess };
const info = machine();
const started = performance.now();
const metrics = [], failures = [], versions = {};
try {
  for (const name of Object.keys(GROUPS).filter((g) => opts.only.includes(g))) {
    process.stderr.write(`== group ${name} ==\n`);
    const r = await GROUPS[name].collect(ctx);
    metrics.push(...r.metrics);
    failures.push(...r.failures);
    Object.assign(versions, r.versions ?? {});
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
info.loadavg_end = loadavg().map((x) => Number(x.toFixed(2)));
info.seconds = Math.round((performance.now() - started) / 1000);

const labels = { mutual: "mutual" };
for (const [s, v] of Object.entries(versions)) if (v) labels[s] = `${s} ${v}`;
console.log(`\n${info.nproc} CPUs (${info.cpu}), node ${info.node}, load average ` +
  `${info.loadavg_start[0]} at start and ${info.loadavg_end[0]} at end, ${info.seconds} s; ` +
  `median of ${opts.runs} runs (min–max; daemons and footprint: at most ` +
  `${daemons.RUNS}), each in a fresh process\n`);
console.log(markdownTable(metrics, COLUMNS, opts.runs, labels));
if (metrics.some((m) => m.cpuSamples)) {
  console.log("\nProcess CPU time of the same runs (ms; all threads, so V8's GC helpers count):\n");
  console.log(markdownTable(metrics, COLUMNS, opts.runs, labels, true));
}
for (const f of failures) console.log(`\nFAILED: ${f}`);
if (opts.json) {
  writeFileSync(opts.json, JSON.stringify(jsonReport(metrics, { machine: info, runs: opts.runs, versions }), null, 2) + "\n");
}
process.exitCode = failures.length ? 1 : 0;
