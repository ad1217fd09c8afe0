// Telemetry arrives at a collector test double: OTLP spans with the collector's attributes, the Langfuse trace and
// generation linked by the OTel trace id, traces that cross the service binding, and a dead collector changes nothing.
import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { capturedRequests, eventually, flattenSpans, llmAdmin, resetCollector, setCollectorMode, uniquePrompt, type CapturedRequest } from "../testing/capture";

beforeEach(async () => {
  await llmAdmin("/admin/reset");
  await resetCollector();
});

async function optimize(body: unknown) {
  const started = Date.now();
  const response = await SELF.fetch("https://optimizer.test/optimize", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any>, elapsedMs: Date.now() - started };
}

async function exportsFor(predicate: (requests: CapturedRequest[]) => boolean): Promise<CapturedRequest[]> {
  return eventually(async () => {
    const requests = await capturedRequests();
    return predicate(requests) ? requests : null;
  });
}

async function stats(): Promise<Record<string, { delivered: number; retries: number; dropped: Record<string, number> }>> {
  return (await SELF.fetch("https://optimizer.test/internal/telemetry-stats")).json();
}

const hasTraces = (r: CapturedRequest[]) => r.some((x) => x.path === "/v1/traces");
const hasLangfuse = (r: CapturedRequest[]) => r.some((x) => x.path === "/api/public/ingestion");

describe("OTLP export", () => {
  it("sends the SERVER span with route, status, version, cache result, provider and model, and usage + cost on the LLM span", async () => {
    const { body } = await optimize({ prompt: uniquePrompt("summarise the quarterly report") });
    const requests = await exportsFor(hasTraces);
    const traces = requests.find((r) => r.path === "/v1/traces")!;
    expect(traces.headers.authorization).toBe("Bearer test-ingest-key");
    expect(traces.headers["content-type"]).toBe("application/json");
    const spans = flattenSpans(requests);
    const server = spans.find((s) => s.kind === 2)!;
    expect(server.service).toBe("prompt-optimizer");
    expect(server.resource["service.version"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.attributes).toMatchObject({
      "http.route": "/optimize",
      "http.response.status_code": 200,
      "edgeslo.cache.result": "miss",
      "gen_ai.provider.name": body.provider,
      "gen_ai.request.model": expect.any(String),
      "gen_ai.response.model": body.model,
      "cf.workers_version_metadata.id": server.resource["service.version"],
    });
    // Tokens and cost on exactly one span (the collector sums usage over spans).
    const withUsage = spans.filter((s) => s.attributes["gen_ai.usage.input_tokens"] !== undefined);
    expect(withUsage).toHaveLength(1);
    expect(withUsage[0]).toMatchObject({
      name: expect.stringMatching(/^chat /),
      kind: 3,
      traceId: server.traceId,
      attributes: {
        "gen_ai.usage.input_tokens": body.usage.inputTokens,
        "gen_ai.usage.output_tokens": body.usage.outputTokens,
        "gen_ai.usage.cost": body.costUsd,
        "gen_ai.provider.name": body.provider,
      },
    });
  });

  it("marks a repeated prompt as a memory-tier hit with no usage", async () => {
    const prompt = uniquePrompt("explain vector clocks");
    await optimize({ prompt });
    await exportsFor(hasTraces);
    await resetCollector();
    const second = await optimize({ prompt: `  ${prompt.toUpperCase()}  ` });
    expect(second.body.cache).toEqual({ result: "hit", tier: "memory" });
    const spans = flattenSpans(await exportsFor(hasTraces));
    const server = spans.find((s) => s.kind === 2)!;
    expect(server.attributes).toMatchObject({ "edgeslo.cache.result": "hit", "edgeslo.cache.tier": "memory" });
    expect(spans.some((s) => s.attributes["gen_ai.usage.input_tokens"] !== undefined)).toBe(false);
  });

  it("continues the trace across the EVAL_ENGINE service binding", async () => {
    const { body } = await optimize({ prompt: uniquePrompt("draft a polite reminder email"), evaluate: true });
    expect(body.evaluation).toMatchObject({ score: expect.any(Number), passed: expect.any(Boolean) });
    const spans = flattenSpans(await exportsFor((r) => new Set(flattenSpans(r).map((s) => s.service)).size === 2));
    const optimizer = spans.find((s) => s.service === "prompt-optimizer" && s.kind === 2)!;
    const evalServer = spans.find((s) => s.service === "eval-engine" && s.kind === 2)!;
    const bindingSpan = spans.find((s) => s.name === "Service Binding EVAL_ENGINE")!;
    expect(evalServer.traceId).toBe(optimizer.traceId);
    expect(evalServer.parentSpanId).toBe(bindingSpan.spanId);
    expect(evalServer.attributes["http.route"]).toBe("/evaluate");
  });

  it("exports a rejected request (400) too, so the collector counts every request", async () => {
    const response = await SELF.fetch("https://optimizer.test/optimize", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(400);
    await SELF.fetch("https://optimizer.test/health");
    const spans = flattenSpans(await exportsFor((r) => flattenSpans(r).some((s) => s.attributes["http.response.status_code"] === 400)));
    const server = spans.find((s) => s.kind === 2 && s.attributes["http.response.status_code"] === 400)!;
    expect(server.attributes["http.route"]).toBe("/optimize");
    expect(spans.some((s) => s.attributes["url.path"] === "/health")).toBe(false); // operational routes are not traced
  });
});

describe("Langfuse report", () => {
  it("sends a trace with the OTel trace id, service.name metadata and a generation with model, usage and cost", async () => {
    const { body } = await optimize({ prompt: uniquePrompt("mail carol@example.org a summary") });
    const requests = await exportsFor((r) => hasTraces(r) && hasLangfuse(r));
    const server = flattenSpans(requests).find((s) => s.kind === 2)!;
    const ingestion = requests.find((r) => r.path === "/api/public/ingestion")!;
    expect(ingestion.headers.authorization).toBe(`Basic ${btoa("pk-lf-test:test-ingest-key")}`);
    expect(ingestion.headers["x-langfuse-sdk-name"]).toBe("langfuse-js");
    const batch = (ingestion.body as { batch: { type: string; body: Record<string, any> }[] }).batch;
    const trace = batch.find((e) => e.type === "trace-create")!.body;
    const generation = batch.find((e) => e.type === "generation-create")!.body;
    expect(trace).toMatchObject({ id: server.traceId, metadata: { "service.name": "prompt-optimizer", "edgeslo.cache.result": "miss" }, version: server.resource["service.version"] });
    expect(generation).toMatchObject({
      traceId: server.traceId,
      model: body.model,
      usageDetails: { input: body.usage.inputTokens, output: body.usage.outputTokens },
      costDetails: { total: body.costUsd },
    });
    // PII never leaves the Worker: the generation carries placeholders, the caller gets the address back.
    expect(JSON.stringify(batch)).not.toContain("carol@example.org");
    expect(generation.input).toContain("[EMAIL_1]");
  });

  it("sends nothing to Langfuse for a cache hit (no generation happened)", async () => {
    const prompt = uniquePrompt("list three sorting algorithms");
    await optimize({ prompt });
    await exportsFor((r) => hasTraces(r) && hasLangfuse(r));
    await resetCollector();
    await optimize({ prompt });
    await exportsFor(hasTraces);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hasLangfuse(await capturedRequests())).toBe(false);
  });
});

describe("a dead or slow collector", () => {
  for (const mode of ["down", "hang"] as const) {
    it(`(${mode}) does not change the response, its status or its latency; exports are retried, then dropped and counted`, async () => {
      const prompt = uniquePrompt(`write a limerick about ${mode} servers`);
      const healthy = await optimize({ prompt });
      await exportsFor((r) => hasTraces(r) && hasLangfuse(r));
      const before = await stats();
      await resetCollector();
      await setCollectorMode(mode, 5_000);

      const bad = await optimize({ prompt: uniquePrompt(`write a limerick about ${mode} servers`) });
      expect(bad.status).toBe(healthy.status);
      expect(Object.keys(bad.body).sort()).toEqual(Object.keys(healthy.body).sort());
      expect(bad.body.cache).toEqual({ result: "miss", tier: null });
      expect(bad.elapsedMs).toBeLessThan(1_000); // exports run after the response, in waitUntil

      const after = await eventually(async () => {
        const s = await stats();
        const dropped = (c: string) => Object.values(s[c]!.dropped).reduce((a, b) => a + b, 0) - Object.values(before[c]!.dropped).reduce((a, b) => a + b, 0);
        return dropped("otlp") >= 1 && dropped("langfuse") >= 1 ? s : null;
      }, 15_000);
      const reason = mode === "down" ? "retries_exhausted" : "timeout";
      expect(after.otlp!.dropped[reason]).toBeGreaterThan(before.otlp!.dropped[reason] ?? 0);
      expect(after.langfuse!.dropped[reason]).toBeGreaterThan(before.langfuse!.dropped[reason] ?? 0);
      // The request's trace was attempted exactly 3 times (EXPORT_MAX_ATTEMPTS): bounded retry, then dropped.
      const captured = await capturedRequests();
      const optimizeTrace = flattenSpans(captured).find((s) => s.kind === 2 && s.attributes["http.route"] === "/optimize")!.traceId;
      const attempts = captured.filter((r) => r.path === "/v1/traces" && flattenSpans([r]).some((s) => s.traceId === optimizeTrace));
      expect(attempts).toHaveLength(3);
      expect(captured.filter((r) => r.path === "/api/public/ingestion")).toHaveLength(3);
    });
  }
});
