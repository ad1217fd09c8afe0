// Ready-to-plot series: rollup rows grouped into points of one step, per version and in total, for the dashboard.
import { addCounters, emptyCounters, figuresOf, floorTo, HOUR_MS, MINUTE_MS, type RollupCounters } from "./rollup";
import type { LatencySketch } from "./sketch";

/** Steps a series may use; the smallest that keeps a window within SERIES_MAX_POINTS points wins. */
const STEPS_MS = [MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, HOUR_MS, 4 * HOUR_MS, 24 * HOUR_MS] as const;
export const SERIES_MAX_POINTS = 360;

export function seriesStepMs(windowMs: number): number {
  return STEPS_MS.find((step) => windowMs / step <= SERIES_MAX_POINTS) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

export interface SeriesRow {
  bucketStartMs: number;
  /** The row's own span: a minute row, or an hour row (data older than the compaction horizon). */
  resolutionMs: number;
  version: string;
  counters: RollupCounters;
  sketch: LatencySketch;
}

export interface SeriesPoint {
  /** Start of the point, Unix ms. */
  t: number;
  /** What the point covers: the step, or an hour where only hour rows exist. */
  durationMs: number;
  requests: number;
  errors: number;
  errorRate: number | null;
  cacheHitRate: number | null;
  cacheHitsByTier: Record<string, number>;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  tokensPerRequest: number | null;
  costUsdPerRequest: number | null;
}

export interface Series {
  stepMs: number;
  total: SeriesPoint[];
  versions: { version: string; points: SeriesPoint[] }[];
}

type Accumulator = { t: number; durationMs: number; counters: RollupCounters; sketches: LatencySketch[] };

function accumulate(points: Map<number, Accumulator>, row: SeriesRow, stepMs: number): void {
  // A step finer than the row (an hour row in a 5-minute series) cannot be split: the point covers the whole row.
  const durationMs = Math.max(stepMs, row.resolutionMs);
  const t = floorTo(row.bucketStartMs, durationMs);
  let point = points.get(t);
  if (!point) {
    point = { t, durationMs, counters: emptyCounters(), sketches: [] };
    points.set(t, point);
  }
  addCounters(point.counters, row.counters);
  point.sketches.push(row.sketch);
}

function toPoints(points: Map<number, Accumulator>): SeriesPoint[] {
  return [...points.values()]
    .sort((a, b) => a.t - b.t)
    .map(({ t, durationMs, counters, sketches }) => {
      const f = figuresOf(counters, sketches);
      return {
        t, durationMs, requests: f.requests, errors: f.errors, errorRate: f.errorRate, cacheHitRate: f.cacheHitRate,
        cacheHitsByTier: f.cacheHitsByTier, latencyMs: { p50: f.latencyMs.p50, p95: f.latencyMs.p95, p99: f.latencyMs.p99 },
        tokensPerRequest: f.tokens.perRequest, costUsdPerRequest: f.costUsd.perRequest,
      };
    });
}

export function buildSeries(rows: SeriesRow[], stepMs: number): Series {
  const total = new Map<number, Accumulator>();
  const byVersion = new Map<string, Map<number, Accumulator>>();
  for (const row of rows) {
    accumulate(total, row, stepMs);
    let points = byVersion.get(row.version);
    if (!points) byVersion.set(row.version, (points = new Map()));
    accumulate(points, row, stepMs);
  }
  return {
    stepMs,
    total: toPoints(total),
    versions: [...byVersion].map(([version, points]) => ({ version, points: toPoints(points) })).sort((a, b) => a.version.localeCompare(b.version)),
  };
}
