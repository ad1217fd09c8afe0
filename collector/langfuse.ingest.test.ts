import { describe, expect, it } from "vitest";
import { getMetrics, langfuseAuth, postLangfuseBatch, postOtlpJson, settleLangfuse } from "./testing/client";
import { hexId, otlpJsonExport } from "./testing/otlp-factory";
import { TEST_KEYS } from "./testing/test-keys";
import { expectWithinSketchAccuracy, freshService } from "./testing/isolation";

const iso = (ms: number) => new Date(ms).toISOString();

function traceCreate(id: string, service: string, extra: Record<string, unknown> = {}) {
  return { id: `env-t-${id}`, timestamp: iso(Date.now()), type: "trace-create", body: { id, name: "optimize", metadata: { "service.name": service }, version: "v7", ...extra } };
}

describe("POST /api/public/ingestion (Langfuse)", () => {
  it("answers 207 with one status per item: good items 201, bad ones 400 with their zod path, neighbours unaffected", async () => {
    const service = freshService("lf");
    const traceId = hexId(1, 16);
    const start = Date.now() - 20_000;
    const response = await postLangfuseBatch({
      batch: [
        traceCreate(traceId, service),
        { id: "gen-1", timestamp: iso(start), type: "generation-create", body: { id: "g1", traceId, model: "gpt-4o-mini", startTime: iso(start), endTime: iso(start + 250), usageDetails: { input: 400, output: 100 }, costDetails: { total: 0.002 } } },
        { id: "bad-usage", timestamp: iso(start), type: "generation-create", body: { id: "g2", traceId, usageDetails: { input: "many" } } },
        { id: "bad-type", timestamp: iso(start), type: "metric-create", body: { id: "x" } },
        { id: "score", timestamp: iso(start), type: "score-create", body: { id: "s1", traceId, name: "quality", value: 1 } },
        { timestamp: iso(start), type: "trace-create", body: { id: "no-envelope-id" } },
      ],
    });
    expect(response.status).toBe(207);
    const body = (await response.json()) as { successes: { id: string; status: number }[]; errors: { id: string; status: number; message: string }[] };
    expect(body.successes).toEqual([
      { id: `env-t-${traceId}`, status: 201 },
      { id: "gen-1", status: 201 },
      { id: "score", status: 201 },
    ]);
    expect(body.errors.map((e) => [e.id, e.status])).toEqual([["bad-usage", 400], ["bad-type", 400], ["batch[5]", 400]]);
    expect(body.errors[0]!.message).toContain("body.usageDetails.input");
    await settleLangfuse();
    const metrics = await getMetrics({ service });
    expect(metrics.total.requests).toBe(1);
    expectWithinSketchAccuracy(metrics.total.latencyMs.p95, 250);
    expect(metrics.total.tokens.total).toBe(500);
    expect(metrics.total.costUsd.total).toBeCloseTo(0.002, 10);
    expect(metrics.versions[0].version).toBe("v7");
  });

  it("a generation-update sent before its generation-create still yields latency, usage and cost", async () => {
    const service = freshService("lf");
    const traceId = hexId(2, 16);
    const start = Date.now() - 20_000;
    await postLangfuseBatch({
      batch: [
        { id: "u1", timestamp: iso(start + 300), type: "generation-update", body: { id: "g-upd", traceId, endTime: iso(start + 300), usage: { input: 10, output: 20, inputCost: 0.01, outputCost: 0.02 }, level: "ERROR" } },
        { id: "c1", timestamp: iso(start), type: "generation-create", body: { id: "g-upd", traceId, model: "gpt-4o", startTime: iso(start) } },
        traceCreate(traceId, service),
      ],
    });
    await settleLangfuse();
    const metrics = await getMetrics({ service });
    expect(metrics.total.requests).toBe(1);
    expect(metrics.total.errors).toBe(1);
    expectWithinSketchAccuracy(metrics.total.latencyMs.p50, 300);
    expect(metrics.total.costUsd.total).toBeCloseTo(0.03, 10);
  });

  it("without a sent cost, the cost is priced from the model table", async () => {
    const service = freshService("lf");
    const traceId = hexId(3, 16);
    const start = Date.now() - 20_000;
    await postLangfuseBatch({
      batch: [
        traceCreate(traceId, service),
        { id: "p1", timestamp: iso(start), type: "generation-create", body: { id: "g-price", traceId, model: "gpt-4o-mini-2024-07-18", startTime: iso(start), endTime: iso(start + 100), usageDetails: { input: 1_000_000, output: 1_000_000 } } },
      ],
    });
    await settleLangfuse();
    expect((await getMetrics({ service })).total.costUsd.total).toBeCloseTo(0.75, 10);
  });

  it("the SDK's retry of a whole batch (same envelope ids) counts nothing twice", async () => {
    const service = freshService("lf");
    const traceId = hexId(4, 16);
    const start = Date.now() - 20_000;
    const batch = {
      batch: [
        traceCreate(traceId, service),
        { id: "r1", timestamp: iso(start), type: "generation-create", body: { id: "g-retry", traceId, model: "gpt-4o-mini", startTime: iso(start), endTime: iso(start + 50), costDetails: { input: 0.001, output: 0.002 } } },
      ],
    };
    await postLangfuseBatch(batch);
    await settleLangfuse();
    await postLangfuseBatch(batch);
    await settleLangfuse();
    const metrics = await getMetrics({ service });
    expect(metrics.total.requests).toBe(1);
    expect(metrics.total.costUsd.total).toBeCloseTo(0.003, 10);
  });

  it("service falls back to a service:<name> tag, then to the trace name", async () => {
    const tagged = freshService("lf");
    const start = Date.now() - 20_000;
    const gen = (id: string, traceId: string) => ({ id: `e-${id}`, timestamp: iso(start), type: "generation-create", body: { id, traceId, startTime: iso(start), endTime: iso(start + 10) } });
    await postLangfuseBatch({
      batch: [
        { id: "t-tag", timestamp: iso(start), type: "trace-create", body: { id: hexId(5, 16), name: "ignored-name", tags: [`service:${tagged}`] } },
        gen("g-tag", hexId(5, 16)),
        { id: "t-name", timestamp: iso(start), type: "trace-create", body: { id: hexId(6, 16), name: `${tagged}-by-name` } },
        gen("g-name", hexId(6, 16)),
      ],
    });
    await settleLangfuse();
    expect((await getMetrics({ service: tagged })).total.requests).toBe(1);
    expect((await getMetrics({ service: `${tagged}-by-name` })).total.requests).toBe(1);
  });

  it("a wrong secret, or a public key that does not match, → 401", async () => {
    expect((await postLangfuseBatch({ batch: [] }, langfuseAuth(TEST_KEYS.langfusePublic, "sk-wrong"))).status).toBe(401);
    expect((await postLangfuseBatch({ batch: [] }, langfuseAuth("pk-other", TEST_KEYS.langfuseSecret))).status).toBe(401);
  });

  it("a body without a batch array → 400 with its path", async () => {
    const response = await postLangfuseBatch({ events: [] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { path: "batch" } });
  });
});

describe("OTLP and Langfuse for the same request are counted once", () => {
  it("the OTLP request span owns the request; OTLP usage wins over the Langfuse generation of the same trace", async () => {
    const service = freshService("lf");
    const traceId = hexId(10, 16);
    const start = Date.now() - 20_000;
    await postOtlpJson(
      otlpJsonExport({ "service.name": service, "service.version": "v1" }, [
        { traceId, spanId: hexId(10, 8), startMs: start, durationMs: 40, attributes: { "http.response.status_code": 200 } },
        { traceId, spanId: hexId(11, 8), parentSpanId: hexId(10, 8), kind: 3, startMs: start + 1, durationMs: 30, attributes: { "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 10, "gen_ai.usage.cost": 0.5 } },
      ]),
    );
    await postLangfuseBatch({
      batch: [
        traceCreate(traceId, service, { version: "v1" }),
        { id: "link-g", timestamp: iso(start), type: "generation-create", body: { id: "g-link", traceId, model: "gpt-4o-mini", startTime: iso(start + 1), endTime: iso(start + 31), usageDetails: { input: 100, output: 10 }, costDetails: { total: 0.5 } } },
      ],
    });
    await settleLangfuse();
    const metrics = await getMetrics({ service });
    expect(metrics.total.requests).toBe(1);
    expectWithinSketchAccuracy(metrics.total.latencyMs.p50, 40);
    expect(metrics.total.tokens.total).toBe(110);
    expect(metrics.total.costUsd.total).toBeCloseTo(0.5, 10);
  });

  it("when OTLP carries no usage, the Langfuse generation supplies tokens and cost, and the request is still counted once", async () => {
    const service = freshService("lf");
    const traceId = hexId(12, 16);
    const start = Date.now() - 20_000;
    await postOtlpJson(otlpJsonExport({ "service.name": service }, [{ traceId, spanId: hexId(12, 8), startMs: start, durationMs: 80 }]));
    await postLangfuseBatch({
      batch: [
        traceCreate(traceId, service),
        { id: "nou-g", timestamp: iso(start), type: "generation-create", body: { id: "g-nousage", traceId, startTime: iso(start), endTime: iso(start + 70), usageDetails: { input: 7, output: 3 }, costDetails: { total: 0.25 } } },
      ],
    });
    await settleLangfuse();
    const metrics = await getMetrics({ service });
    expect(metrics.total.requests).toBe(1);
    expectWithinSketchAccuracy(metrics.total.latencyMs.p50, 80);
    expect(metrics.total.tokens.total).toBe(10);
    expect(metrics.total.costUsd.total).toBeCloseTo(0.25, 10);
  });
});
