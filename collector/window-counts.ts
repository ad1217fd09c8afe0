// Counters for several windows ending at one instant: what RollupShard.readWindows() answers (the SLO evaluator's read).

/** The counter columns of a rollup row, as stored (a type, not an interface: SQL row types must be plain records). */
export type RollupRowCounters = {
  requests: number;
  errors: number;
  cache_hits: number;
  cache_misses: number;
  cache_bypasses: number;
  usage_events: number;
  cost_usd: number;
  latency_sum_ms: number;
};

/** readWindows(): several windows ending at toMs, read in one call. */
export interface WindowsQuery {
  toMs: number;
  windowsMs: number[];
  /** Latency thresholds whose at-or-below request counts each window reports, in this order. */
  latencyThresholdsMs: number[];
  /** Quantiles (0-1) each window reports, in this order; each needs merged sketches, so ask only for what is shown. */
  quantiles: number[];
  /** Windows longer than this report null quantiles (saves merging every hour row's sketch); default: all windows. */
  quantilesUpToWindowMs?: number;
  /** One of windowsMs: the merged latency sketch per version for that window comes back serialised. */
  sketchesForWindowMs?: number;
}

export interface WindowCounts {
  requests: number;
  errors: number;
  cacheHits: number;
  cacheMisses: number;
  cacheBypasses: number;
  usageEvents: number;
  costUsd: number;
  latencySumMs: number;
  /** Parallel to WindowsQuery.latencyThresholdsMs. */
  latencyAtOrBelow: number[];
  /** Parallel to WindowsQuery.quantiles; null without requests. */
  latencyQuantilesMs: (number | null)[];
}

export interface WindowsAnswer {
  toMs: number;
  windows: {
    windowMs: number;
    fromMs: number;
    total: WindowCounts;
    /** Versions with data in this window, most recently seen first; first/last bucket over the longest window. */
    versions: (WindowCounts & { version: string; firstBucketMs: number; lastBucketMs: number })[];
  }[];
  sketches: { version: string; sketch: Uint8Array }[];
}

export function emptyWindowCounts(thresholds: number): WindowCounts {
  return {
    requests: 0, errors: 0, cacheHits: 0, cacheMisses: 0, cacheBypasses: 0, usageEvents: 0, costUsd: 0, latencySumMs: 0,
    latencyAtOrBelow: new Array<number>(thresholds).fill(0), latencyQuantilesMs: [],
  };
}

export function addRowCounts(into: WindowCounts, row: RollupRowCounters, below: number[]): void {
  into.requests += row.requests;
  into.errors += row.errors;
  into.cacheHits += row.cache_hits;
  into.cacheMisses += row.cache_misses;
  into.cacheBypasses += row.cache_bypasses;
  into.usageEvents += row.usage_events;
  into.costUsd += row.cost_usd;
  into.latencySumMs += row.latency_sum_ms;
  for (let i = 0; i < below.length; i++) into.latencyAtOrBelow[i]! += below[i]!;
}

export function addWindowCounts(into: WindowCounts, from: WindowCounts): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.cacheHits += from.cacheHits;
  into.cacheMisses += from.cacheMisses;
  into.cacheBypasses += from.cacheBypasses;
  into.usageEvents += from.usageEvents;
  into.costUsd += from.costUsd;
  into.latencySumMs += from.latencySumMs;
  for (let i = 0; i < from.latencyAtOrBelow.length; i++) into.latencyAtOrBelow[i]! += from.latencyAtOrBelow[i]!;
}
