import { describe, expect, it } from "vitest";
import { emptyCounters, HOUR_MS, MINUTE_MS } from "./rollup";
import { buildSeries, SERIES_MAX_POINTS, seriesStepMs, type SeriesRow } from "./series";
import { createLatencySketch } from "./sketch";
import { collectorFetch, postOtlpJson } from "./testing/client";
import { expectWithinSketchAccuracy, freshService } from "./testing/isolation";
import { hexId, otlpJsonExport } from "./testing/otlp-factory";
import { TEST_KEYS } from "./testing/test-keys";

function row(bucketStartMs: number, resolutionMs: number, version: string, latenciesMs: number[], errors = 0): SeriesRow {
  const sketch = createLatencySketch();
  for (const ms of latenciesMs) sketch.accept(ms);
  const counters = { ...emptyCounters(), requests: latenciesMs.length, errors, latencySumMs: latenciesMs.reduce((a, b) => a + b, 0) };
  return { bucketStartMs, resolutionMs, version, counters, sketch };
}

describe("series steps", () => {
  it("the dashboard's ranges get the finest step that stays within the point budget", () => {
    expect(seriesStepMs(HOUR_MS)).toBe(MINUTE_MS);
    expect(seriesStepMs(6 * HOUR_MS)).toBe(MINUTE_MS);
    expect(seriesStepMs(24 * HOUR_MS)).toBe(5 * MINUTE_MS);
    expect(seriesStepMs(7 * 24 * HOUR_MS)).toBe(HOUR_MS);
    expect(seriesStepMs(28 * 24 * HOUR_MS)).toBe(4 * HOUR_MS);
    for (const days of [1, 7, 28, 30]) expect(days * 24 * HOUR_MS / seriesStepMs(days * 24 * HOUR_MS)).toBeLessThanOrEqual(SERIES_MAX_POINTS);
  });

  it("minute rows merge into 5-minute points; an hour row stays one hour-long point", () => {
    const t0 = 10 * HOUR_MS;
    const series = buildSeries(
      [row(t0, HOUR_MS, "v1", [100, 200]), row(t0 + HOUR_MS, MINUTE_MS, "v1", [10]), row(t0 + HOUR_MS + 4 * MINUTE_MS, MINUTE_MS, "v1", [30], 1)],
      5 * MINUTE_MS,
    );
    expect(series.total.map((p) => [p.t, p.durationMs, p.requests, p.errors])).toEqual([
      [t0, HOUR_MS, 2, 0],
      [t0 + HOUR_MS, 5 * MINUTE_MS, 2, 1],
    ]);
    expect(series.total[1]!.errorRate).toBe(0.5);
  });

  it("versions get their own points, the total merges their sketches", () => {
    const t0 = 20 * HOUR_MS;
    const fast = Array.from({ length: 95 }, () => 10);
    const slow = Array.from({ length: 5 }, () => 900);
    const series = buildSeries([row(t0, MINUTE_MS, "stable", fast), row(t0, MINUTE_MS, "canary", slow)], MINUTE_MS);
    expect(series.versions.map((v) => v.version)).toEqual(["canary", "stable"]);
    expectWithinSketchAccuracy(series.versions[0]!.points[0]!.latencyMs.p50!, 900);
    expectWithinSketchAccuracy(series.total[0]!.latencyMs.p50!, 10);
    expectWithinSketchAccuracy(series.total[0]!.latencyMs.p99!, 900);
  });
});

describe("GET /api/series", () => {
  const read = { headers: { authorization: `Bearer ${TEST_KEYS.read}` } };

  it("answers per-minute points per version from what was ingested", async () => {
    const service = freshService("series");
    const minute = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 5 * MINUTE_MS;
    for (const [version, seed] of [["v1", 1], ["v2", 2]] as const) {
      const spans = Array.from({ length: 4 }, (_, i) => ({
        traceId: hexId(seed * 1000 + i, 16), spanId: hexId(seed * 1000 + i, 8),
        startMs: minute + (i % 2) * MINUTE_MS + 1000, durationMs: 50 * seed,
      }));
      expect((await postOtlpJson(otlpJsonExport({ "service.name": service, "service.version": version }, spans))).status).toBe(200);
    }
    const response = await collectorFetch(`/api/series?service=${service}&window=1h`, read);
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.stepMs).toBe(MINUTE_MS);
    expect(body.total.map((p: any) => [p.t, p.requests])).toEqual([[minute, 4], [minute + MINUTE_MS, 4]]);
    expect(body.versions.map((v: any) => [v.version, v.points.length])).toEqual([["v1", 2], ["v2", 2]]);
    expectWithinSketchAccuracy(body.versions[1].points[0].latencyMs.p95, 100);
  });

  it("rejects a window past the rollups' 30 days and a missing service with the parameter named", async () => {
    const tooLong = await collectorFetch("/api/series?service=x&window=60d", read);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as any).error).toMatchObject({ code: "window_unavailable", path: "window" });
    const noService = await collectorFetch("/api/series?window=1h", read);
    expect(noService.status).toBe(400);
    expect(((await noService.json()) as any).error.path).toBe("service");
    expect((await collectorFetch("/api/series?service=x&window=1h")).status).toBe(401);
  });
});
