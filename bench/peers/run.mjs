// One workload, one library, one run: prints one JSON line of measurements.
// scripts/bench starts a fresh process for every library, workload and run.
//
// Usage: node --expose-gc run.mjs LIBRARY WORKLOAD [--saved FILE]
//   LIBRARY   yjs | automerge | loro
//   WORKLOAD  trace       automerge-paper: apply, rss, save, merge into empty
//                         (--saved FILE: also write the saved bytes there)
//             load        load --saved FILE and read the text
//             concurrent  clownschool: one replica per agent, merging as the
//                         trace says
// Exits 1 (after printing) when a final text differs from endContent.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCompactTrace, loadTrace, patchesOf, rssMb, stopwatch } from "./trace.mjs";

const PACKAGES = { yjs: "yjs", automerge: "@automerge/automerge", loro: "loro-crdt" };

function parseArgs(argv) {
  const [library, workload, ...rest] = argv;
  if (!(library in PACKAGES) || !["trace", "load", "concurrent"].includes(workload)) {
    throw new Error("usage: run.mjs yjs|automerge|loro trace|load|concurrent [--saved FILE]");
  }
  const i = rest.indexOf("--saved");
  return { library, workload, saved: i >= 0 ? rest[i + 1] : null };
}

async function traceWorkload(lib, saved) {
  const trace = loadCompactTrace("automerge-paper");
  const rssBefore = await rssMb();
  const r = lib.create(0, false);
  if (trace.startContent !== "") lib.edit(r, [[0, 0, trace.startContent]]);
  const apply = stopwatch();
  for (let i = 0; i < trace.txnCount; ++i) lib.edit(r, patchesOf(trace, i));
  const applyMs = apply.wallMs();
  const applyCpuMs = apply.cpuMs();
  const rss = (await rssMb()) - rssBefore;
  const applied = lib.text(r) === trace.endContent;

  const bytes = lib.save(r);
  if (saved) writeFileSync(saved, bytes);

  const merge = stopwatch();
  const merged = lib.text(lib.mergeIntoEmpty(r));
  const mergeMs = merge.wallMs();
  return {
    apply_ms: applyMs,
    apply_cpu_ms: applyCpuMs,
    rss_mb: rss,
    save_bytes: bytes.length,
    merge_empty_ms: mergeMs,
    merge_empty_cpu_ms: merge.cpuMs(),
    text_ok: applied && merged === trace.endContent,
  };
}

function loadWorkload(lib, saved) {
  const trace = loadCompactTrace("automerge-paper");
  const bytes = new Uint8Array(readFileSync(saved));
  const load = stopwatch();
  const loaded = lib.text(lib.load(bytes));
  const loadMs = load.wallMs();
  const loadCpuMs = load.cpuMs();
  return { load_fresh_ms: loadMs, load_fresh_cpu_ms: loadCpuMs, text_ok: loaded === trace.endContent };
}

// Each agent edits its own replica. Before an agent's transaction, its
// replica receives, in one delivery, the per-transaction updates (in trace
// order, which is causal) of every transaction in the causal past of the
// transaction's parents that it does not hold yet; at the end every replica
// receives the rest, and all must read endContent.
function concurrentWorkload(lib) {
  const trace = loadTrace("clownschool");
  const n = trace.txns.length;
  const replay = stopwatch();
  const replicas = [];
  const has = [];
  for (let a = 0; a < trace.numAgents; ++a) {
    replicas.push(lib.create(a, true));
    has.push(new Uint8Array(n));
  }
  const updates = new Array(n);
  const catchUp = (a, roots) => {
    const missing = [];
    const stack = roots.filter((p) => !has[a][p]);
    while (stack.length > 0) {
      const j = stack.pop();
      if (has[a][j]) continue;
      has[a][j] = 1;
      missing.push(j);
      for (const p of trace.txns[j].parents) if (!has[a][p]) stack.push(p);
    }
    missing.sort((x, y) => x - y);
    if (missing.length > 0) lib.deliver(replicas[a], missing.map((j) => updates[j]));
  };
  trace.txns.forEach((txn, i) => {
    catchUp(txn.agent, txn.parents);
    updates[i] = lib.edit(replicas[txn.agent], txn.patches);
    has[txn.agent][i] = 1;
  });
  const all = [...Array(n).keys()];
  for (let a = 0; a < trace.numAgents; ++a) catchUp(a, all);
  const texts = replicas.map((r) => lib.text(r));
  const replayMs = replay.wallMs();
  return { replay_ms: replayMs, replay_cpu_ms: replay.cpuMs(), text_ok: texts.every((t) => t === trace.endContent) };
}

const args = parseArgs(process.argv.slice(2));
const lib = await import(`./libs/${args.library}.mjs`);
const here = dirname(fileURLToPath(import.meta.url));
const manifest = join(here, "node_modules", PACKAGES[args.library], "package.json");
const version = JSON.parse(readFileSync(manifest, "utf8")).version;
const result =
  args.workload === "trace"
    ? await traceWorkload(lib, args.saved)
    : args.workload === "load"
      ? loadWorkload(lib, args.saved)
      : concurrentWorkload(lib);
console.log(JSON.stringify({ system: args.library, version, workload: args.workload, ...result }));
process.exitCode = result.text_ok ? 0 : 1;
