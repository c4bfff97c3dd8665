// Metric group "sealed.*": envelopes verified, decrypted and applied per
// second on one core (bench/compare/crypto_compare.cpp sealed) against a
// raw libsodium verify + decrypt loop over the same envelopes in the same
// run. Ratio: mutual ÷ bound (the fraction of the bound reached).
import { join } from "node:path";
import { metric, runs } from "./single.mjs";

export async function collect(ctx) {
  const cmd = join(ctx.build, "bench", "crypto_compare");
  const r = await runs(ctx, "mutual sealed", cmd, ["sealed", "20000"], ctx.runs, 60);
  const metrics = [
    metric(r.results, {
      name: "sealed.ingest_per_s", unit: "envelopes/s", field: "ingest_per_s", bounded: true,
      target: "≥ 80% of the raw verify+decrypt loop (ratio mutual ÷ bound)",
      check: (x, b) => ({ met: x >= 0.8 * b, note: `${((100 * x) / b).toFixed(0)}%` }),
    }),
  ];
  return { metrics, failures: r.failures };
}
