// Pure shaping of the read API's series into chart data: one dataset per version, aligned on the same time axis.
import type { Series, SeriesPoint } from "../../collector/series";

/** The charts of a service page, each a figure read off every point. */
export const CHARTS = [
  { id: "latency", title: "Latency P95 (ms)", read: (p: SeriesPoint) => p.latencyMs.p95, unit: "ms" },
  { id: "latency-p99", title: "Latency P99 (ms)", read: (p: SeriesPoint) => p.latencyMs.p99, unit: "ms" },
  { id: "cache", title: "Cache hit rate", read: (p: SeriesPoint) => p.cacheHitRate, unit: "ratio" },
  { id: "errors", title: "Error rate", read: (p: SeriesPoint) => p.errorRate, unit: "ratio" },
  { id: "tokens", title: "Tokens per request", read: (p: SeriesPoint) => p.tokensPerRequest, unit: "count" },
  { id: "cost", title: "Cost per request (USD)", read: (p: SeriesPoint) => p.costUsdPerRequest, unit: "usd" },
  { id: "volume", title: "Requests per minute", read: (p: SeriesPoint) => (p.requests * 60_000) / p.durationMs, unit: "count" },
] as const;

export type ChartId = (typeof CHARTS)[number]["id"];

export interface LineData {
  label: string;
  /** x = Unix ms; y = null where the version had no data (a gap, not a zero). */
  points: { x: number; y: number | null }[];
}

/** Aligns every version on the union of point times, so a canary's line starts where its data starts. */
export function linesFor(series: Pick<Series, "total" | "versions">, read: (p: SeriesPoint) => number | null, options: { withTotal: boolean }): LineData[] {
  const times = [...new Set([...series.total, ...series.versions.flatMap((v) => v.points)].map((p) => p.t))].sort((a, b) => a - b);
  const line = (label: string, points: SeriesPoint[]): LineData => {
    const byTime = new Map(points.map((p) => [p.t, p]));
    return { label, points: times.map((x) => ({ x, y: byTime.has(x) ? read(byTime.get(x)!) : null })) };
  };
  const lines = series.versions.map((v) => line(`version ${shortVersion(v.version)}`, v.points));
  return options.withTotal || lines.length !== 1 ? [line("all versions", series.total), ...lines] : lines;
}

/** Cache hits by tier over time, as stacked shares of all cacheable requests. */
export function tierShares(points: SeriesPoint[]): LineData[] {
  const tiers = [...new Set(points.flatMap((p) => Object.keys(p.cacheHitsByTier)))].sort();
  return tiers.map((tier) => ({
    label: tier,
    points: points.map((p) => {
      const hits = Object.values(p.cacheHitsByTier).reduce((a, b) => a + b, 0);
      const cacheable = p.cacheHitRate && p.cacheHitRate > 0 ? hits / p.cacheHitRate : null;
      return { x: p.t, y: cacheable ? (p.cacheHitsByTier[tier] ?? 0) / cacheable : null };
    }),
  }));
}

/** Worker version ids are UUIDs: the first 8 characters tell them apart on a legend. */
export function shortVersion(version: string): string {
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(version) ? version.slice(0, 8) : version;
}

/** Data is stale when the newest point is older than this many steps (and a few minutes) behind now. */
export function isStale(series: Pick<Series, "total" | "stepMs">, nowMs: number): boolean {
  const last = series.total.at(-1);
  if (!last) return true;
  return nowMs - (last.t + last.durationMs) > Math.max(3 * 60_000, 2 * series.stepMs);
}

export function formatValue(value: number | null, unit: "ms" | "ratio" | "count" | "usd"): string {
  if (value === null || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "ms":
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
    case "ratio":
      return `${(value * 100).toFixed(value >= 0.999 || value < 0.01 ? 2 : 1)}%`;
    case "usd":
      return `$${value < 0.01 ? value.toFixed(5) : value.toFixed(3)}`;
    case "count":
      return value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(value < 10 ? 1 : 0);
  }
}
