import { describe, expect, it } from "vitest";
import type { SeriesPoint } from "../../collector/series";
import { formatValue, isStale, linesFor, shortVersion, tierShares } from "./series";

const point = (t: number, over: Partial<SeriesPoint> = {}): SeriesPoint => ({
  t, durationMs: 60_000, requests: 10, errors: 0, errorRate: 0, cacheHitRate: 0.5, cacheHitsByTier: { memory: 4, kv: 1 },
  latencyMs: { p50: 10, p95: 20, p99: 30 }, tokensPerRequest: 100, costUsdPerRequest: 0.001, ...over,
});

describe("dashboard series shaping", () => {
  it("aligns a canary that started later on the stable version's time axis, with gaps rather than zeros", () => {
    const series = {
      total: [point(0), point(60_000)],
      versions: [
        { version: "stable", points: [point(0), point(60_000)] },
        { version: "canary", points: [point(60_000, { latencyMs: { p50: 50, p95: 400, p99: 900 } })] },
      ],
    };
    const lines = linesFor(series, (p) => p.latencyMs.p95, { withTotal: false });
    expect(lines.map((l) => l.label)).toEqual(["all versions", "version stable", "version canary"]);
    expect(lines[2]!.points).toEqual([{ x: 0, y: null }, { x: 60_000, y: 400 }]);
  });

  it("a single version is drawn once, without a duplicate total line", () => {
    const series = { total: [point(0)], versions: [{ version: "v1", points: [point(0)] }] };
    expect(linesFor(series, (p) => p.requests, { withTotal: false }).map((l) => l.label)).toEqual(["version v1"]);
  });

  it("cache tiers stack to the hit rate", () => {
    const [kv, memory] = tierShares([point(0)]);
    expect(kv!.label).toBe("kv");
    expect(kv!.points[0]!.y! + memory!.points[0]!.y!).toBeCloseTo(0.5, 9);
  });

  it("data is stale once the newest point is a few minutes old, or when there is none", () => {
    const now = 10 * 60_000;
    expect(isStale({ total: [point(now - 2 * 60_000)], stepMs: 60_000 }, now)).toBe(false);
    expect(isStale({ total: [point(now - 6 * 60_000)], stepMs: 60_000 }, now)).toBe(true);
    expect(isStale({ total: [], stepMs: 60_000 }, now)).toBe(true);
  });

  it("formats units for tiles and axes", () => {
    expect(formatValue(1234, "ms")).toBe("1.23 s");
    expect(formatValue(0.987, "ratio")).toBe("98.7%");
    expect(formatValue(0.00042, "usd")).toBe("$0.00042");
    expect(formatValue(null, "count")).toBe("–");
    expect(shortVersion("0b6b6a8c-6d6f-4a43-9a7b-1d2a3b4c5d6e")).toBe("0b6b6a8c");
  });
});
