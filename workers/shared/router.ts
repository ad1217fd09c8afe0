// Provider choice: score = 40 % latency (rolling) + 30 % cost (per-token price) + 30 % quality (config); best first.
import type { ProviderConfig } from "./provider-config";

export const ROUTER_WEIGHTS = { latency: 0.4, cost: 0.3, quality: 0.3 } as const;

export interface ScoredProvider {
  provider: ProviderConfig;
  score: number;
  latencyMs: number;
  /** Each component in 0..1, 1 = best among the candidates. */
  latencyScore: number;
  costScore: number;
  qualityScore: number;
}

/** Price of a token with input and output weighted equally, USD per million tokens. */
export function blendedUsdPerMTok(provider: ProviderConfig): number {
  return (provider.inputUsdPerMTok + provider.outputUsdPerMTok) / 2;
}

/**
 * Ranks candidates best first. Latency and cost are relative to the best candidate (best/own, so 1 for the best and
 * halving as a provider gets twice as slow or expensive); quality is the configured 0..1. Ties go to the name.
 * O(n log n) over a handful of providers: microseconds (bench/instrumentation-overhead.mjs measures it).
 */
export function rankProviders(candidates: readonly ProviderConfig[], latencyOf: (provider: ProviderConfig) => number): ScoredProvider[] {
  if (candidates.length === 0) return [];
  const latencies = candidates.map((p) => Math.max(1, latencyOf(p)));
  const prices = candidates.map(blendedUsdPerMTok);
  const bestLatency = Math.min(...latencies);
  const bestPrice = Math.min(...prices);
  const scored = candidates.map((provider, i): ScoredProvider => {
    const latencyScore = bestLatency / latencies[i]!;
    const costScore = prices[i]! === 0 ? 1 : bestPrice / prices[i]!;
    const qualityScore = provider.quality;
    const score = ROUTER_WEIGHTS.latency * latencyScore + ROUTER_WEIGHTS.cost * costScore + ROUTER_WEIGHTS.quality * qualityScore;
    return { provider, score, latencyMs: latencies[i]!, latencyScore, costScore, qualityScore };
  });
  scored.sort((a, b) => b.score - a.score || (a.provider.name < b.provider.name ? -1 : 1));
  return scored;
}
