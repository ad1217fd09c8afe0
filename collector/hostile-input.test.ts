import { describe, expect, it } from "vitest";
import { collectorFetch, getMetrics, postLangfuseBatch, postOtlpJson } from "./testing/client";
import { hexId, otlpJsonExport } from "./testing/otlp-factory";
import { TEST_KEYS } from "./testing/test-keys";

const span = (seed: number) => ({ traceId: hexId(seed, 16), spanId: hexId(seed, 8), startMs: Date.now() - 5_000, durationMs: 5 });

describe("hostile inputs get precise 4xx answers, never a 500", () => {
  it("attribute values nested thousands deep → 400", async () => {
    // Built as text: JSON.stringify itself cannot go this deep.
    const deep = '{"arrayValue":{"values":['.repeat(20_000) + '{"stringValue":"x"}' + "]}}".repeat(20_000);
    const body = JSON.stringify(otlpJsonExport({ "service.name": "deep" }, [span(1)])).replace('"attributes":[]', `"attributes":[{"key":"deep","value":${deep}}]`);
    expect(body.length).toBeGreaterThan(400_000);
    const response = await collectorFetch("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_KEYS.ingest}` },
      body,
    });
    expect(response.status).toBe(400);
  });

  it("an attribute value of the wrong type → 400 naming its path", async () => {
    const body = otlpJsonExport({ "service.name": "typed" }, [span(3)]);
    (body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes as unknown[]).push({ key: "n", value: { intValue: "12abc" } });
    const response = await postOtlpJson(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { path: "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue" } });
  });

  it("a malformed KeyValue (no key, or not an object, at any depth) → 400 naming its path", async () => {
    const cases: [unknown, string][] = [
      [{ value: { stringValue: "x" } }, "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].key"],
      ["n=1", "resourceSpans[0].scopeSpans[0].spans[0].attributes[0]"],
      [{ key: "m", value: { kvlistValue: { values: [{ key: 7, value: {} }] } } }, "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.kvlistValue.values[0].key"],
    ];
    for (const [attribute, path] of cases) {
      const body = otlpJsonExport({ "service.name": "typed" }, [span(4)]);
      (body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes as unknown[]).unshift(attribute);
      const response = await postOtlpJson(body);
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toMatchObject({ error: { path } });
    }
  });

  it("a service.name over 256 characters rejects its spans (partialSuccess), nothing stored under it", async () => {
    const response = await postOtlpJson(otlpJsonExport({ "service.name": "s".repeat(300) }, [span(2)]));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ partialSuccess: { rejectedSpans: 1, errorMessage: expect.stringContaining("256") } });
  });

  it("a Langfuse trace whose metadata service.name is over 256 characters is a per-item 400", async () => {
    const response = await postLangfuseBatch({
      batch: [{ id: "long", timestamp: new Date().toISOString(), type: "trace-create", body: { id: "t-long", metadata: { "service.name": "x".repeat(300) } } }],
    });
    expect(response.status).toBe(207);
    expect(await response.json()).toMatchObject({ errors: [{ id: "long", status: 400 }] });
  });

  it("a JSON body that is not an object → 400, a JSON null batch → 400", async () => {
    expect((await postOtlpJson([1, 2, 3])).status).toBe(400);
    expect((await postLangfuseBatch({ batch: null })).status).toBe(400);
    expect((await postLangfuseBatch("[]")).status).toBe(400);
  });

  it("invalid UTF-8 in a JSON body → 400", async () => {
    const response = await collectorFetch("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_KEYS.ingest}` },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(response.status).toBe(400);
  });

  it("read API: a bad window or a missing service → 400 with the parameter named", async () => {
    const get = (q: string) => collectorFetch(`/api/metrics?${q}`, { headers: { authorization: `Bearer ${TEST_KEYS.read}` } });
    expect(await (await get("window=1h")).json()).toMatchObject({ error: { path: "service" } });
    expect(await (await get("service=a&window=1y")).json()).toMatchObject({ error: { path: "window" } });
    expect((await get("service=a&window=91d")).status).toBe(400);
    expect(await (await get("service=a&window=60d")).json()).toMatchObject({ error: { code: "window_unavailable" } });
    expect((await collectorFetch("/api/metrics?service=a")).status).toBe(401);
    expect((await getMetrics({ service: "never-seen" })).total.requests).toBe(0);
  });

  it("unknown routes → 404 JSON", async () => {
    const response = await collectorFetch("/v2/traces", { method: "POST" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
