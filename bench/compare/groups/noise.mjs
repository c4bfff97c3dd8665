// Metric group "noise.*": full Noise XX handshakes per second on one core
// (bench/compare/crypto_compare.cpp noise) against the X25519 operations
// one handshake needs (2 base-point + 6 variable-base scalar
// multiplications) as a raw loop in the same run. Ratio: mutual ÷ bound.
import { boundedRateGroup } from "./single.mjs";

export const collect = boundedRateGroup({
  workload: "noise", count: 2000, name: "noise.handshakes_per_s", unit: "handshakes/s",
  field: "handshakes_per_s", fraction: 0.5,
  target: "≥ 50% of the raw X25519 loop (ratio mutual ÷ bound)",
});
