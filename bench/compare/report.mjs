// Summaries of the collected samples (median, min, max), the Markdown table
// scripts/bench prints and the JSON it writes with --json.
//
// A metric as the groups hand it over: {name, unit, systems, samples:
// {system: [numbers]}, stopped: {system: limit_ms}, target, check(medians)
// -> {met, note?} | null}. "mutual" is always a system; every other system
// is a peer. A group whose metric has a fixed bound instead of peers lists
// only "mutual" and gives `bound` (a number): the ratio is then against it.
// A time metric may also carry `cpuSamples` (process CPU time of the same
// runs), summarized in a second table and as cpu_values in the JSON.

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// Medians, ranges, ratio and verdict of one metric (of its CPU samples
// with `cpu`).
export function summarize(m, cpu = false) {
  const values = {}, min = {}, max = {}, runs = {};
  for (const s of m.systems) {
    const xs = (cpu ? m.cpuSamples : m.samples)[s] ?? [];
    runs[s] = xs.length;
    values[s] = xs.length ? median(xs) : null;
    min[s] = xs.length ? Math.min(...xs) : null;
    max[s] = xs.length ? Math.max(...xs) : null;
  }
  const peers = m.systems.filter((s) => s !== "mutual" && values[s] != null);
  let bestPeer = null;
  for (const p of peers) if (bestPeer == null || values[p] < values[bestPeer]) bestPeer = p;
  const against = m.bound ?? (bestPeer ? values[bestPeer] : null);
  const ratio = values.mutual != null && against ? values.mutual / against : null;
  const verdict = values.mutual == null ? null : m.check(values);
  return { values, min, max, runs, bestPeer, ratio, verdict };
}

function number(x, unit) {
  if (unit === "bytes") return Math.round(x).toLocaleString("en-US");
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cell(m, sum, s, requestedRuns) {
  if (sum.values[s] == null) {
    return m.stopped[s] ? `> ${number(m.stopped[s], m.unit)} (stopped)` : "—";
  }
  let out = number(sum.values[s], m.unit);
  if (sum.runs[s] > 1 && sum.min[s] !== sum.max[s]) {
    out += ` (${number(sum.min[s], m.unit)}–${number(sum.max[s], m.unit)})`;
  }
  if (sum.runs[s] < requestedRuns) out += ` [${sum.runs[s]} run${sum.runs[s] > 1 ? "s" : ""}]`;
  return out;
}

// One Markdown table over every metric; `columns` are the systems to show.
// With `cpu`: the metrics with CPU samples, their CPU times, no targets.
export function markdownTable(metrics, columns, requestedRuns, labels, cpu = false) {
  const head = ["metric", ...columns.map((c) => labels[c] ?? c), "ratio", ...(cpu ? [] : ["target"])];
  const rows = [head, head.map(() => "---")];
  for (const m of metrics) {
    if (cpu && !m.cpuSamples) continue;
    const sum = summarize(m, cpu);
    const ratio =
      sum.ratio == null ? "—" : `${sum.ratio.toFixed(3)} (vs ${m.bound != null ? "bound" : sum.bestPeer})`;
    let target = m.target;
    if (m.bound != null) target += ` (${number(m.bound, m.unit)})`;
    if (sum.verdict) target += `: **${sum.verdict.met ? "met" : "missed"}**${sum.verdict.note ? ` (${sum.verdict.note})` : ""}`;
    rows.push([
      `${m.name} (${m.unit})`,
      ...columns.map((c) => (m.systems.includes(c) ? cell(m, sum, c, requestedRuns) : "—")),
      ratio,
      ...(cpu ? [] : [target]),
    ]);
  }
  return rows.map((r) => `| ${r.join(" | ")} |`).join("\n");
}

// The --json document: {"metrics": [{name, unit, values, target, ...}]}.
export function jsonReport(metrics, extra) {
  return {
    ...extra,
    metrics: metrics.map((m) => {
      const sum = summarize(m);
      // A bound measured in the same run is one of the values (the issue's
      // schema: values.bound beside values.mutual).
      const values = m.bound != null ? { ...sum.values, bound: m.bound } : sum.values;
      const out = { name: m.name, unit: m.unit, values, target: m.target };
      out.min = sum.min;
      out.max = sum.max;
      out.runs = sum.runs;
      if (Object.keys(m.stopped).length) out.stopped_after_ms = m.stopped;
      out.ratio = sum.ratio;
      out.best_peer = sum.bestPeer;
      out.met = sum.verdict ? sum.verdict.met : null;
      if (m.cpuSamples) {
        const c = summarize(m, true);
        out.cpu_values = c.values;
        out.cpu_ratio = c.ratio;
      }
      return out;
    }),
  };
}
