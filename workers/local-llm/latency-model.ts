// Seeded randomness for the LLM stand-in: a PRNG, log-normal latencies from a median and a p95, error draws.

/** mulberry32: tiny, fast, good enough for simulation; the same seed gives the same sequence. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box-Muller. */
export function normal(rng: () => number): number {
  const u = Math.max(rng(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export interface LatencyDistribution {
  medianMs: number;
  p95Ms: number;
}

const Z95 = 1.6448536269514722;

/** Log-normal with the given median and 95th percentile: sigma = ln(p95 / median) / z(0.95). */
export function sampleLatencyMs(dist: LatencyDistribution, rng: () => number): number {
  if (dist.medianMs <= 0) return 0;
  const sigma = Math.log(Math.max(dist.p95Ms, dist.medianMs) / dist.medianMs) / Z95;
  return dist.medianMs * Math.exp(sigma * normal(rng));
}

/** FNV-1a 32-bit, for deriving deterministic choices from text. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
