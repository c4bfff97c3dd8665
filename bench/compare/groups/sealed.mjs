// Metric group "sealed.*": envelopes verified, decrypted and applied per
// second on one core (bench/compare/crypto_compare.cpp sealed) against a
// raw libsodium verify + decrypt loop over the same envelopes in the same
// run. Ratio: mutual ÷ bound (the fraction of the bound reached).
import { boundedRateGroup } from "./single.mjs";

export const collect = boundedRateGroup({
  workload: "sealed", count: 20000, name: "sealed.ingest_per_s", unit: "envelopes/s",
  field: "ingest_per_s", fraction: 0.8,
  target: "≥ 80% of the raw verify+decrypt loop (ratio mutual ÷ bound)",
});
