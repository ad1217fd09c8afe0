import { describe, expect, it } from "vitest";
import { collectorFetch, getMetrics, gzip, postOtlpJson } from "./testing/client";
import { hexId, otlpJsonExport, type SpanSpec } from "./testing/otlp-factory";
import { TEST_KEYS } from "./testing/test-keys";
import { freshService } from "./testing/isolation";


function requestSpans(count: number, opts: { seed: number; startMs?: number; durationMs?: (i: number) => number; status?: (i: number) => number }): SpanSpec[] {
  const start = opts.startMs ?? Date.now() - 30_000;
  return Array.from({ length: count }, (_, i) => ({
    traceId: hexId(opts.seed * 1_000_000 + i, 16),
    spanId: hexId(opts.seed * 1_000_000 + i, 8),
    startMs: start + i,
    durationMs: opts.durationMs?.(i) ?? 20,
    attributes: {
      "http.route": "/optimize",
      "http.response.status_code": opts.status?.(i) ?? 200,
      "edgeslo.cache.result": i % 4 === 0 ? "hit" : "miss",
      "edgeslo.cache.tier": "memory",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.usage.input_tokens": 100,
      "gen_ai.usage.output_tokens": 50,
      "gen_ai.usage.cost": 0.001,
    },
  }));
}

describe("POST /v1/traces (OTLP/JSON)", () => {
  it("answers 200 {} and the read API shows requests, P95, error rate, hit rate, tokens and cost", async () => {
    const service = freshService("svc");
    const spans = requestSpans(100, { seed: 1, durationMs: (i) => i + 1, status: (i) => (i < 5 ? 503 : 200) });
    const response = await postOtlpJson(otlpJsonExport({ "service.name": service, "service.version": "v1" }, spans));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const metrics = await getMetrics({ service, window: "1h" });
    expect(metrics.total.requests).toBe(100);
    expect(metrics.total.errors).toBe(5);
    expect(metrics.total.errorRate).toBeCloseTo(0.05, 10);
    expect(metrics.total.cacheHitRate).toBeCloseTo(0.25, 10);
    expect(metrics.total.cacheHitsByTier).toEqual({ memory: 25 });
    expect(Math.abs(metrics.total.latencyMs.p95 - 95) / 95).toBeLessThanOrEqual(0.01);
    expect(metrics.total.tokens).toEqual({ input: 10_000, output: 5_000, total: 15_000, perRequest: 150 });
    expect(metrics.total.costUsd.total).toBeCloseTo(0.1, 10);
    expect(metrics.total.costUsd.perRequest).toBeCloseTo(0.001, 10);
    expect(metrics.versions.map((v: { version: string }) => v.version)).toEqual(["v1"]);
  });

  it("a gzip-encoded body is accepted", async () => {
    const service = freshService("svc");
    const body = await gzip(JSON.stringify(otlpJsonExport({ "service.name": service }, requestSpans(3, { seed: 2 }))));
    const response = await collectorFetch("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${TEST_KEYS.ingest}` },
      body,
    });
    expect(response.status).toBe(200);
    expect((await getMetrics({ service })).total.requests).toBe(3);
  });

  it("invalid spans are rejected one by one with partialSuccess, the valid ones are counted", async () => {
    const service = freshService("svc");
    const spans = requestSpans(3, { seed: 3 });
    spans[1]!.traceId = "00000000000000000000000000000000";
    spans[2]!.startMs = Date.now() + 3_600_000;
    const response = await postOtlpJson(otlpJsonExport({ "service.name": service }, spans));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe(2);
    expect(body.partialSuccess.errorMessage).toContain("invalid traceId");
    expect(body.partialSuccess.errorMessage).toContain("in the future");
    expect((await getMetrics({ service })).total.requests).toBe(1);
  });

  it("a resource without service.name has all its spans rejected", async () => {
    const response = await postOtlpJson(otlpJsonExport({}, requestSpans(2, { seed: 4 })));
    expect(await response.json()).toMatchObject({ partialSuccess: { rejectedSpans: 2 } });
  });

  it("the same export delivered twice (an exporter retry) is counted once", async () => {
    const service = freshService("svc");
    const body = otlpJsonExport({ "service.name": service }, requestSpans(10, { seed: 5 }));
    expect((await postOtlpJson(body)).status).toBe(200);
    expect((await postOtlpJson(body)).status).toBe(200);
    expect((await getMetrics({ service })).total.requests).toBe(10);
  });

  it("a child span's cache.hit (otel-cf-workers' Cache API span) is lifted onto its request", async () => {
    const service = freshService("svc");
    const traceId = hexId(6_000, 16);
    const now = Date.now() - 10_000;
    const spans: SpanSpec[] = [
      { traceId, spanId: hexId(6_001, 8), kind: 2, startMs: now, durationMs: 30, attributes: { "http.response.status_code": 200 } },
      { traceId, spanId: hexId(6_002, 8), parentSpanId: hexId(6_001, 8), kind: 3, name: "cache match", startMs: now + 1, durationMs: 2, attributes: { "cache.hit": true } },
    ];
    await postOtlpJson(otlpJsonExport({ "service.name": service }, spans));
    const metrics = await getMetrics({ service });
    expect(metrics.total.requests).toBe(1);
    expect(metrics.total.cacheHits).toBe(1);
  });

  it("without service.version the root span's Worker version id is the version", async () => {
    const service = freshService("svc");
    const spans = requestSpans(2, { seed: 7 }).map((s) => ({ ...s, attributes: { ...s.attributes, "cf.workers_version_metadata.id": "6e0c2d39-aaaa-bbbb-cccc-000000000001" } }));
    await postOtlpJson(otlpJsonExport({ "service.name": service }, spans));
    const metrics = await getMetrics({ service });
    expect(metrics.versions[0].version).toBe("6e0c2d39-aaaa-bbbb-cccc-000000000001");
  });
});

describe("request-level errors write nothing", () => {
  async function expectNothingStored(service: string) {
    expect((await getMetrics({ service })).total.requests).toBe(0);
  }

  it("no credentials → 401 with a JSON error", async () => {
    const service = freshService("svc");
    const response = await collectorFetch("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(otlpJsonExport({ "service.name": service }, requestSpans(1, { seed: 10 }))),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
    await expectNothingStored(service);
  });

  it("a wrong key, or a read-only key, → 401", async () => {
    const service = freshService("svc");
    const body = otlpJsonExport({ "service.name": service }, requestSpans(1, { seed: 11 }));
    expect((await postOtlpJson(body, { key: "not-a-key" })).status).toBe(401);
    expect((await postOtlpJson(body, { key: TEST_KEYS.read })).status).toBe(401);
    await expectNothingStored(service);
  });

  it("a key of another project writes to that project only", async () => {
    const service = freshService("svc");
    await postOtlpJson(otlpJsonExport({ "service.name": service }, requestSpans(2, { seed: 12 })), { key: TEST_KEYS.otherProject });
    await expectNothingStored(service);
    expect((await getMetrics({ service }, TEST_KEYS.otherProject)).total.requests).toBe(2);
  });

  it("an unsupported content type → 415", async () => {
    const response = await postOtlpJson({}, { headers: { "content-type": "text/plain" } });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
  });

  it("an unsupported content encoding → 415", async () => {
    expect((await postOtlpJson({}, { headers: { "content-encoding": "br" } })).status).toBe(415);
  });

  it("a body over the limit → 413, also when it only grows past it once gunzipped", async () => {
    const big = new Uint8Array(6 * 1024 * 1024).fill(32);
    const headers = { "content-type": "application/json", authorization: `Bearer ${TEST_KEYS.ingest}` };
    expect((await collectorFetch("/v1/traces", { method: "POST", headers, body: big })).status).toBe(413);
    const bomb = await gzip(big);
    expect(bomb.byteLength).toBeLessThan(100_000);
    const response = await collectorFetch("/v1/traces", { method: "POST", headers: { ...headers, "content-encoding": "gzip" }, body: bomb });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining("decompressed") } });
  });

  it("malformed JSON → 400", async () => {
    const response = await collectorFetch("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_KEYS.ingest}` },
      body: '{"resourceSpans": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "bad_request", message: expect.stringContaining("not valid JSON") } });
  });

  it("a wrongly typed field → 400 naming the zod path, and nothing of the batch is stored", async () => {
    const service = freshService("svc");
    const body = otlpJsonExport({ "service.name": service }, requestSpans(2, { seed: 13 }));
    (body.resourceSpans[0]!.scopeSpans[0]!.spans[1] as Record<string, unknown>).startTimeUnixNano = "yesterday";
    const response = await postOtlpJson(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { path: "resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano" } });
    await expectNothingStored(service);
  });

  it("bytes that are not protobuf → 400", async () => {
    const response = await collectorFetch("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${TEST_KEYS.ingest}` },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    });
    expect(response.status).toBe(400);
  });

  it("invalid gzip → 400", async () => {
    expect((await postOtlpJson({}, { headers: { "content-encoding": "gzip" } })).status).toBe(400);
  });
});
