import { describe, expect, it } from "vitest";
import { decodeAePoints, encodeAePoints } from "./ae-points.codec";
import { toDataPoint } from "./analytics.sink";
import type { NormalisedEvent } from "./event";
import { hexId } from "./testing/otlp-factory";

function event(i: number, overrides: Partial<NormalisedEvent> = {}): NormalisedEvent {
  return {
    source: "otlp", project: "p", service: "prompt-optimizer", version: `v${i % 3}`, timestampMs: 1_790_000_000_000 + i,
    traceId: hexId(i + 1, 16), spanId: hexId(i + 1, 8), name: "POST /optimize", isRequest: i % 2 === 0, hasUsage: i % 3 === 0,
    region: ["LHR", "FRA", null][i % 3]!, route: ["/optimize", "/évaluer 漢字 🙂"][i % 2]!, httpStatus: i % 7 === 0 ? null : 200,
    outcome: i % 5 === 0 ? "error" : "ok", durationMs: 5.125 + i / 3, cacheResult: (["hit", "miss", null] as const)[i % 3]!,
    cacheTier: i % 3 === 0 ? "kv" : null, provider: "openai", model: i % 4 === 0 ? null : "gpt-4o-mini", inputTokens: 100 + i,
    outputTokens: i, costUsd: 0.1 + 0.2 * i, costSource: "sent",
    ...overrides,
  };
}

describe("compact AE points text", () => {
  it("reads back exactly the points written: blobs, unicode, doubles with fractions, one index per point", () => {
    const points = Array.from({ length: 250 }, (_, i) =>
      toDataPoint(event(i, i >= 200 ? { service: "eval-engine" } : {}), { request: i % 2 === 0, usage: i % 3 === 0 }),
    );
    expect(decodeAePoints(encodeAePoints(points))).toEqual(points);
    expect(decodeAePoints(encodeAePoints([]))).toEqual([]);
  });

  it("stores each repeated value once: a typical batch takes at most 60 % of the points' JSON", () => {
    const points = Array.from({ length: 250 }, (_, i) => toDataPoint(event(i), { request: true, usage: false }));
    expect(encodeAePoints(points).length).toBeLessThan(0.6 * JSON.stringify(points).length);
  });

  it("reads the plain JSON array of points that queues and outboxes held before; refuses a format it does not know", () => {
    const points = [toDataPoint(event(1), { request: true, usage: true })];
    expect(decodeAePoints(JSON.stringify(points))).toEqual(points);
    expect(() => decodeAePoints(JSON.stringify({ v: 3, rows: [] }))).toThrow(/format 3/);
  });

  it("refuses points of different layouts in one message instead of misreading them", () => {
    const point = toDataPoint(event(1), { request: true, usage: false });
    expect(() => encodeAePoints([point, { ...point, doubles: point.doubles.slice(1) }])).toThrow(/one layout/);
  });
});
