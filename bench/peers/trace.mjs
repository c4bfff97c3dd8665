// Shared helpers of the peer runner: loading the editing traces of data/
// (gzip JSON, the same files the mutual benchmark reads), in-process clocks
// and resident memory.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "data");

// {startContent, endContent, numAgents, txns: [{patches, parents, agent}]}.
// Positions count code points; both traces are ASCII, so they are also the
// UTF-16 indexes the libraries take (checked here rather than assumed).
export function loadTrace(name) {
  const json = gunzipSync(readFileSync(join(DATA_DIR, `${name}.json.gz`))).toString("utf8");
  if (/[^\x00-\x7f]/.test(json)) throw new Error(`${name}: non-ASCII trace, positions would need converting`);
  const t = JSON.parse(json);
  return {
    startContent: t.startContent ?? "",
    endContent: t.endContent,
    numAgents: t.numAgents ?? 1,
    txns: t.txns.map((x) => ({ patches: x.patches, parents: x.parents ?? [], agent: x.agent ?? 0 })),
  };
}

// The same trace held compactly (typed arrays; transaction i has patches
// first[i] .. first[i + 1] - 1), so that the 259,778 parsed transactions do
// not sit in the JS heap beside the document whose memory is measured.
export function loadCompactTrace(name) {
  const t = loadTrace(name);
  const count = t.txns.reduce((n, x) => n + x.patches.length, 0);
  const c = {
    startContent: t.startContent,
    endContent: t.endContent,
    txnCount: t.txns.length,
    first: new Uint32Array(t.txns.length + 1),
    pos: new Uint32Array(count),
    del: new Uint32Array(count),
    ins: new Array(count),
  };
  let k = 0;
  t.txns.forEach((x, i) => {
    c.first[i] = k;
    for (const [pos, del, ins] of x.patches) {
      c.pos[k] = pos;
      c.del[k] = del;
      c.ins[k++] = ins;
    }
  });
  c.first[t.txns.length] = k;
  return c;
}

// Transaction i of a compact trace as [[pos, del, ins], ...].
export function patchesOf(c, i) {
  const out = [];
  for (let k = c.first[i]; k < c.first[i + 1]; ++k) out.push([c.pos[k], c.del[k], c.ins[k]]);
  return out;
}

// Wall-clock and process CPU time (every thread: V8's GC helpers count)
// since the stopwatch started, in ms. CPU time barely grows while other
// users of a shared machine hold the cores, wall time does.
export function stopwatch() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return {
    wallMs: () => performance.now() - wall,
    cpuMs: () => {
      const d = process.cpuUsage(cpu);
      return (d.user + d.system) / 1000;
    },
  };
}

// Resident set size in MB (10^6 bytes) after full garbage collections
// (node runs with --expose-gc) and a pause for V8 to hand freed pages back,
// so that collectable garbage is not counted as the document's.
export async function rssMb() {
  globalThis.gc();
  await sleep(100);
  globalThis.gc();
  return process.memoryUsage.rss() / 1e6;
}
