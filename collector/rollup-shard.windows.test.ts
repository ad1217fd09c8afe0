import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DO_NAME } from "./conventions";
import { deserialiseSketch } from "./sketch";
import { postOtlpJson } from "./testing/client";
import { freshService } from "./testing/isolation";
import { hexId, otlpJsonExport, type SpanSpec } from "./testing/otlp-factory";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let seed = 0;

function spans(startMs: number, durationsMs: number[], errorEvery = 0): SpanSpec[] {
  return durationsMs.map((durationMs, i) => {
    seed += 1;
    return {
      traceId: hexId(5_000_000 + seed, 16), spanId: hexId(5_000_000 + seed, 8), startMs: startMs + i, durationMs,
      attributes: { "http.response.status_code": errorEvery > 0 && i % errorEvery === 0 ? 503 : 200, "edgeslo.cache.result": i % 2 === 0 ? "hit" : "miss" },
    };
  });
}

describe("RollupShard.readWindows", () => {
  it("answers nested windows per version in one call: counters, requests under thresholds, quantiles and a sketch", async () => {
    const service = freshService("windows");
    const now = Date.now();
    const send = (version: string, body: SpanSpec[]) => postOtlpJson(otlpJsonExport({ "service.name": service, "service.version": version }, body));
    await send("v1", spans(now - 3 * MINUTE, [10, 20, 30, 40, 150]));
    await send("v1", spans(now - 40 * MINUTE, [10, 10, 10, 10, 10, 10, 10, 10, 10, 10], 5));
    await send("v2", spans(now - 2 * MINUTE, [300, 300, 5], 1));
    await send("v1", spans(now - 9 * HOUR, [50, 60]));
    const shard = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    const answer = await shard.readWindows({
      toMs: now, windowsMs: [HOUR, 5 * MINUTE, 24 * HOUR], latencyThresholdsMs: [100, 25], quantiles: [0.5], sketchesForWindowMs: 5 * MINUTE,
    });
    expect(answer.windows.map((w) => w.windowMs)).toEqual([5 * MINUTE, HOUR, 24 * HOUR]);
    const [fiveMinutes, hour, day] = answer.windows;
    expect(fiveMinutes!.total).toMatchObject({ requests: 8, errors: 3, cacheHits: 5, cacheMisses: 3, latencyAtOrBelow: [5, 3] });
    expect(fiveMinutes!.versions.map((v) => [v.version, v.requests, v.errors])).toEqual([["v2", 3, 3], ["v1", 5, 0]]);
    expect(hour!.total).toMatchObject({ requests: 18, errors: 5, latencyAtOrBelow: [15, 13] });
    expect(day!.total).toMatchObject({ requests: 20, latencyAtOrBelow: [17, 13] });
    expect(day!.versions.find((v) => v.version === "v1")).toMatchObject({ requests: 17, latencyAtOrBelow: [16, 12] });
    expect(hour!.total.latencyQuantilesMs[0]).toBeCloseTo(10, 0);
    const v2Sketch = answer.sketches.find((s) => s.version === "v2");
    expect(deserialiseSketch(v2Sketch!.sketch).count).toBe(3);
  });

  it("answers zeros for windows without data", async () => {
    const shard = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", freshService("windows")));
    const answer = await shard.readWindows({ toMs: Date.now(), windowsMs: [HOUR], latencyThresholdsMs: [100], quantiles: [0.95] });
    expect(answer.windows[0]!.total).toMatchObject({ requests: 0, latencyAtOrBelow: [0], latencyQuantilesMs: [null] });
    expect(answer.windows[0]!.versions).toEqual([]);
  });

  it("a row that gains requests after a read is decoded again (the decode cache never serves a stale sketch)", async () => {
    const service = freshService("windows");
    const now = Date.now();
    const send = (body: SpanSpec[]) => postOtlpJson(otlpJsonExport({ "service.name": service, "service.version": "v1" }, body));
    const minuteStart = Math.floor((now - 3 * MINUTE) / MINUTE) * MINUTE;
    await send(spans(minuteStart, [10, 10, 10]));
    const shard = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    const query = { toMs: now, windowsMs: [5 * MINUTE, 2 * HOUR], latencyThresholdsMs: [100], quantiles: [0.99], quantilesUpToWindowMs: HOUR };
    expect((await shard.readWindows(query)).windows[0]!.total).toMatchObject({ requests: 3, latencyAtOrBelow: [3] });
    await send(spans(minuteStart + 1_000, [500, 500]));
    const again = await shard.readWindows(query);
    expect(again.windows[0]!.total).toMatchObject({ requests: 5, latencyAtOrBelow: [3] });
    expect(again.windows[0]!.total.latencyQuantilesMs[0]).toBeCloseTo(500, -1);
    // Windows longer than quantilesUpToWindowMs report no quantile.
    expect(again.windows[1]!.total.latencyQuantilesMs).toEqual([null]);
  });
});
