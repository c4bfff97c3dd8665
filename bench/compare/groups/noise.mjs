// Metric group "noise.*": full Noise XX handshakes per second on one core
// (bench/compare/crypto_compare.cpp noise) against the X25519 operations
// one handshake needs (2 base-point + 6 variable-base scalar
// multiplications) as a raw loop in the same run. Ratio: mutual ÷ bound.
import { join } from "node:path";
import { metric, runs } from "./single.mjs";

export async function collect(ctx) {
  const cmd = join(ctx.build, "bench", "crypto_compare");
  const r = await runs(ctx, "mutual noise", cmd, ["noise", "2000"], ctx.runs, 60);
  const metrics = [
    metric(r.results, {
      name: "noise.handshakes_per_s", unit: "handshakes/s", field: "handshakes_per_s", bounded: true,
      target: "≥ 50% of the raw X25519 loop (ratio mutual ÷ bound)",
      check: (x, b) => ({ met: x >= 0.5 * b, note: `${((100 * x) / b).toFixed(0)}%` }),
    }),
  ];
  return { metrics, failures: r.failures };
}
