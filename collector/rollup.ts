// Pure rollup arithmetic: which buckets an event lands in, how counters merge, and the figures a window reports.
import type { NormalisedEvent } from "./event";
import { createLatencySketch, mergeSketches, sketchQuantileMs, type LatencySketch } from "./sketch";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export interface RollupCounters {
  requests: number;
  errors: number;
  cacheHits: number;
  cacheMisses: number;
  cacheBypasses: number;
  usageEvents: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencySumMs: number;
  /** Hits per cache tier (memory, kv, r2, ...). */
  cacheTierHits: Record<string, number>;
}

export interface RollupBucket extends RollupCounters {
  bucketStartMs: number;
  version: string;
  latency: LatencySketch;
}

export function emptyCounters(): RollupCounters {
  return {
    requests: 0, errors: 0, cacheHits: 0, cacheMisses: 0, cacheBypasses: 0, usageEvents: 0,
    inputTokens: 0, outputTokens: 0, costUsd: 0, latencySumMs: 0, cacheTierHits: {},
  };
}

export function floorTo(ms: number, stepMs: number): number {
  return Math.floor(ms / stepMs) * stepMs;
}

export function addCounters(into: RollupCounters, from: RollupCounters): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.cacheHits += from.cacheHits;
  into.cacheMisses += from.cacheMisses;
  into.cacheBypasses += from.cacheBypasses;
  into.usageEvents += from.usageEvents;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.costUsd += from.costUsd;
  into.latencySumMs += from.latencySumMs;
  for (const [tier, hits] of Object.entries(from.cacheTierHits)) into.cacheTierHits[tier] = (into.cacheTierHits[tier] ?? 0) + hits;
}

/** Which of an event's roles count, decided by the shard (dedupe and OTLP/Langfuse linking). */
export interface CountedRoles {
  request: boolean;
  usage: boolean;
}

/** Groups counted events into per-minute, per-version buckets with fresh sketches. */
export function bucketEvents(entries: { event: NormalisedEvent; roles: CountedRoles }[]): RollupBucket[] {
  const buckets = new Map<string, RollupBucket>();
  for (const { event, roles } of entries) {
    if (!roles.request && !roles.usage) continue;
    const bucketStartMs = floorTo(event.timestampMs, MINUTE_MS);
    const key = `${bucketStartMs}|${event.version}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { ...emptyCounters(), bucketStartMs, version: event.version, latency: createLatencySketch() };
      buckets.set(key, bucket);
    }
    if (roles.request) {
      bucket.requests += 1;
      if (event.outcome === "error") bucket.errors += 1;
      bucket.latencySumMs += event.durationMs;
      bucket.latency.accept(event.durationMs);
      if (event.cacheResult === "hit") {
        bucket.cacheHits += 1;
        const tier = event.cacheTier ?? "unknown";
        bucket.cacheTierHits[tier] = (bucket.cacheTierHits[tier] ?? 0) + 1;
      } else if (event.cacheResult === "miss") bucket.cacheMisses += 1;
      else if (event.cacheResult === "bypass") bucket.cacheBypasses += 1;
    }
    if (roles.usage) {
      bucket.usageEvents += 1;
      bucket.inputTokens += event.inputTokens;
      bucket.outputTokens += event.outputTokens;
      bucket.costUsd += event.costUsd;
    }
  }
  return [...buckets.values()];
}

export interface WindowFigures {
  requests: number;
  errors: number;
  /** errors / requests; null without requests. */
  errorRate: number | null;
  /** hits / (hits + misses); bypasses are not cacheable and do not count. */
  cacheHitRate: number | null;
  cacheHits: number;
  cacheMisses: number;
  cacheBypasses: number;
  cacheHitsByTier: Record<string, number>;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; mean: number | null };
  tokens: { input: number; output: number; total: number; perRequest: number | null };
  costUsd: { total: number; perRequest: number | null };
}

export function figuresOf(counters: RollupCounters, sketches: LatencySketch[]): WindowFigures {
  const latency = mergeSketches(sketches);
  const perRequest = (value: number) => (counters.requests > 0 ? value / counters.requests : null);
  const cacheable = counters.cacheHits + counters.cacheMisses;
  const totalTokens = counters.inputTokens + counters.outputTokens;
  return {
    requests: counters.requests,
    errors: counters.errors,
    errorRate: counters.requests > 0 ? counters.errors / counters.requests : null,
    cacheHitRate: cacheable > 0 ? counters.cacheHits / cacheable : null,
    cacheHits: counters.cacheHits,
    cacheMisses: counters.cacheMisses,
    cacheBypasses: counters.cacheBypasses,
    cacheHitsByTier: counters.cacheTierHits,
    latencyMs: {
      p50: sketchQuantileMs(latency, 0.5),
      p95: sketchQuantileMs(latency, 0.95),
      p99: sketchQuantileMs(latency, 0.99),
      mean: perRequest(counters.latencySumMs),
    },
    tokens: { input: counters.inputTokens, output: counters.outputTokens, total: totalTokens, perRequest: perRequest(totalTokens) },
    costUsd: { total: counters.costUsd, perRequest: perRequest(counters.costUsd) },
  };
}
