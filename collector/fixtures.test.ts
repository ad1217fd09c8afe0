// The real clients' recorded requests, replayed: what each one sent must come out of /api/metrics.
import { reset } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeOtlpJson } from "./decode/otlp-json";
import { decodeOtlpProto } from "./decode/otlp-proto";
import { otlp } from "./decode/proto/otlp-trace.js";
import langfuseBatch from "./fixtures/langfuse-batch.json";
import langfuseOtel from "./fixtures/langfuse-otel.json";
import cfWorkers1 from "./fixtures/otel-cf-workers-1.json";
import cfWorkers2 from "./fixtures/otel-cf-workers-2.json";
import cfWorkers3 from "./fixtures/otel-cf-workers-3.json";
import otlpJsonGzip from "./fixtures/otlp-json-gzip.json";
import otlpJson from "./fixtures/otlp-json.json";
import otlpProtoGzip from "./fixtures/otlp-proto-gzip.json";
import otlpProto from "./fixtures/otlp-proto.json";
import { getMetrics, settleLangfuse } from "./testing/client";
import { recordedBody, replay, type Recording } from "./testing/fixtures";
import { expectWithinSketchAccuracy } from "./testing/isolation";

/** The OTel SDK fixtures start at T0 (see fixtures/README.md); the others at their recording time. */
const T0 = Date.parse("2026-11-25T12:00:00.000Z");

/** The collector judges event times against its clock: run it as if the recording had just been made. */
function recordedAt(ms: number) {
  vi.setSystemTime(ms + 60_000);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(async () => {
  vi.useRealTimers();
  await reset();
});

describe("OpenTelemetry JS exporters (recorded)", () => {
  it.each([
    ["otlp-json", otlpJson],
    ["otlp-json-gzip", otlpJsonGzip],
    ["otlp-proto", otlpProto],
    ["otlp-proto-gzip", otlpProtoGzip],
  ] as [string, Recording][])("%s: 3 requests, 1 error, 1 hit, tokens and cost from the CLIENT spans", async (_name, recording) => {
    recordedAt(T0);
    const response = await replay(recording);
    expect(response.status).toBe(200);
    if (recording.headers["content-type"] === "application/x-protobuf") {
      expect(response.headers.get("content-type")).toBe("application/x-protobuf");
      expect(otlp.ExportTraceServiceResponse.decode(new Uint8Array(await response.arrayBuffer())).partialSuccess).toBeNull();
    } else {
      expect(await response.json()).toEqual({});
    }
    const metrics = await getMetrics({ service: "prompt-optimizer", window: "1h" });
    expect(metrics.total.requests).toBe(3);
    expect(metrics.total.errors).toBe(1);
    expect(metrics.total.cacheHits).toBe(1);
    expect(metrics.total.cacheMisses).toBe(2);
    expect(metrics.total.cacheHitsByTier).toEqual({ memory: 1 });
    // 42, 196, 287 ms: DDSketch ranks at floor(q·(n−1)), so P50 and P99 of three values are both the middle one.
    expectWithinSketchAccuracy(metrics.total.latencyMs.p50, 196);
    expectWithinSketchAccuracy(metrics.total.latencyMs.p99, 196);
    expect(metrics.total.latencyMs.mean).toBeCloseTo((42 + 287 + 196) / 3, 6);
    expect(metrics.total.tokens.input).toBe(412 + 389);
    expect(metrics.total.tokens.output).toBe(128 + 57);
    expect(metrics.total.costUsd.total).toBeCloseTo(0.000139 + 0.0000926, 12);
    expect(metrics.versions.map((v: { version: string }) => v.version)).toEqual(["v-2f1c9a"]);
  });

  it("protobuf and JSON recordings of the same export decode to the same spans", () => {
    const fromProto = decodeOtlpProto(recordedBody(otlpProto as Recording));
    const fromJson = decodeOtlpJson(JSON.parse(new TextDecoder().decode(recordedBody(otlpJson as Recording))));
    expect(fromJson.ok && fromJson.resourceSpans).toEqual(fromProto);
  });

  it("JSON then protobuf of the same spans (a client switching encodings on retry) is counted once", async () => {
    recordedAt(T0);
    await replay(otlpJson as Recording);
    await replay(otlpProtoGzip as Recording);
    expect((await getMetrics({ service: "prompt-optimizer" })).total.requests).toBe(3);
  });
});

describe("@microlabs/otel-cf-workers in workerd (recorded)", () => {
  const firstStartMs = (recording: Recording) => {
    const body = JSON.parse(new TextDecoder().decode(recordedBody(recording)));
    return Number(BigInt(body.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano) / 1_000_000n);
  };

  it("a 200, a 500 returned by the handler and a thrown error: 3 requests, 2 errors, version = the Worker version id", async () => {
    recordedAt(firstStartMs(cfWorkers1 as Recording));
    for (const recording of [cfWorkers1, cfWorkers2, cfWorkers3] as Recording[]) expect((await replay(recording)).status).toBe(200);
    const metrics = await getMetrics({ service: "prompt-optimizer", window: "1h" });
    expect(metrics.total.requests).toBe(3);
    // The handler's 500 leaves span status UNSET (only http.response.status_code says 500); the throw sets ERROR.
    expect(metrics.total.errors).toBe(2);
    expect(metrics.versions).toHaveLength(1);
    expect(metrics.versions[0].version).toMatch(/^[0-9a-f-]{36}$/);
    expect(metrics.total.tokens.input).toBeGreaterThan(0);
    expect(metrics.total.cacheMisses).toBeGreaterThan(0);
  });
});

describe("langfuse v3 SDK (recorded)", () => {
  it("207 with every event a success; after settling: 1 request (an error), both generations' tokens and cost", async () => {
    const body = JSON.parse(new TextDecoder().decode(recordedBody(langfuseBatch as Recording)));
    recordedAt(Date.parse(body.batch[0].timestamp));
    const response = await replay(langfuseBatch as Recording);
    expect(response.status).toBe(207);
    const answer = (await response.json()) as { successes: { id: string }[]; errors: unknown[] };
    expect(answer.errors).toEqual([]);
    expect(answer.successes.map((s) => s.id).sort()).toEqual(body.batch.map((e: { id: string }) => e.id).sort());
    await settleLangfuse();
    const metrics = await getMetrics({ service: "prompt-optimizer", window: "1h" });
    expect(metrics.total.requests).toBe(1);
    // The second generation's generation-update (level ERROR) arrived before its create: it must still count.
    expect(metrics.total.errors).toBe(1);
    expect(metrics.total.tokens).toMatchObject({ input: 412 + 389, output: 128 + 57 });
    expect(metrics.total.costUsd.total).toBeCloseTo(0.000139 + 0.00005835 + 0.0000342, 12);
    expect(metrics.total.cacheMisses).toBe(1);
    expect(metrics.versions[0].version).toBe("v-2f1c9a");
  });

  it("the SDK's retry of the whole batch counts nothing twice", async () => {
    const body = JSON.parse(new TextDecoder().decode(recordedBody(langfuseBatch as Recording)));
    recordedAt(Date.parse(body.batch[0].timestamp));
    await replay(langfuseBatch as Recording);
    await replay(langfuseBatch as Recording);
    await settleLangfuse();
    await replay(langfuseBatch as Recording);
    await settleLangfuse();
    const metrics = await getMetrics({ service: "prompt-optimizer", window: "1h" });
    expect(metrics.total.requests).toBe(1);
    expect(metrics.total.tokens.input).toBe(412 + 389);
  });
});

describe("@langfuse/otel (recorded)", () => {
  it("the root span is the request (an error: a generation has level ERROR); usage and cost come from langfuse.* attributes", async () => {
    recordedAt(T0);
    const response = await replay(langfuseOtel as Recording);
    expect(response.status).toBe(200);
    const metrics = await getMetrics({ service: "prompt-optimizer", window: "1h" });
    expect(metrics.total.requests).toBe(1);
    expect(metrics.total.errors).toBe(1);
    expectWithinSketchAccuracy(metrics.total.latencyMs.p50, 480);
    expect(metrics.total.tokens).toMatchObject({ input: 412 + 389, output: 128 + 57 });
    expect(metrics.total.costUsd.total).toBeCloseTo(0.000139 + 0.00005835 + 0.0000342, 12);
    expect(metrics.total.cacheMisses).toBe(1);
    expect(metrics.versions[0].version).toBe("v-2f1c9a");
  });
});

describe("the same request through OTLP and Langfuse (recorded, same trace id)", () => {
  it("OTLP owns the request, its usage is not doubled by the Langfuse batch", async () => {
    recordedAt(T0);
    await replay(otlpJson as Recording);
    const body = JSON.parse(new TextDecoder().decode(recordedBody(langfuseBatch as Recording)));
    vi.setSystemTime(Date.parse(body.batch[0].timestamp) + 60_000);
    await replay(langfuseBatch as Recording);
    await settleLangfuse();
    const metrics = await getMetrics({ service: "prompt-optimizer", window: "2h" });
    // 3 OTLP requests; the Langfuse trace 7d3f... is not one of the OTLP trace ids, so it is a 4th request of its own.
    expect(metrics.total.requests).toBe(4);
    expect(metrics.total.tokens.input).toBe(2 * (412 + 389));
  });
});
