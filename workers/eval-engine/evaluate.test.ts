// POST /evaluate end to end in workerd (the eval-engine project): checks + cached judge, errors, exported telemetry.
import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { capturedRequests, eventually, flattenSpans, llmAdmin, resetCollector, uniquePrompt } from "../testing/capture";

async function evaluate(body: unknown) {
  const response = await SELF.fetch("https://eval.test/evaluate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeEach(async () => {
  await llmAdmin("/admin/reset");
  await resetCollector();
});

describe("POST /evaluate", () => {
  it("scores a pair with the judge and the checks, then serves the verdict from cache", async () => {
    const pair = { prompt: uniquePrompt("Explain why the sky is blue"), response: "Sunlight scatters off air molecules; blue light scatters most, so the sky looks blue." };
    const first = await evaluate(pair);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ judge: { parsed: true }, cache: { result: "miss", tier: null }, threshold: 0.7 });
    expect(first.body.score).toBeGreaterThan(0);
    expect(first.body.checks.map((c: { name: string }) => c.name)).toContain("keyword_coverage");
    expect(first.body.costUsd).toBeGreaterThan(0);
    const second = await evaluate({ ...pair, criteria: ["safety", "clarity", "completeness", "relevance"] });
    expect(second.body.cache).toEqual({ result: "hit", tier: "memory" });
    expect(second.body.score).toBe(first.body.score);
    expect(second.body.costUsd).toBe(0);
  });

  it("fails a response that leaks personal data, whatever the judge says", async () => {
    const { body } = await evaluate({ prompt: uniquePrompt("Write a greeting"), response: "Hello! Contact me at eve@leak.example" });
    expect(body.passed).toBe(false);
    expect(body.hardFailures).toContain("pii_leak");
  });

  it("rejects bad input with the zod path", async () => {
    const missing = await evaluate({ response: "x" });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: "bad_request", path: "prompt" } } });
    const criteria = await evaluate({ prompt: "p", response: "r", criteria: ["vibes"] });
    expect(criteria).toMatchObject({ status: 400, body: { error: { path: "criteria.0" } } });
    const threshold = await evaluate({ prompt: "p", response: "r", threshold: 2 });
    expect(threshold.body.error.path).toBe("threshold");
  });

  it("exports its own service's spans with cache result, provider and usage", async () => {
    const { body } = await evaluate({ prompt: uniquePrompt("List two prime numbers"), response: "2 and 3 are prime numbers." });
    // Exports of earlier tests may still arrive: pick this request's trace by its LLM span's cost.
    const spans = await eventually(async () => {
      const s = flattenSpans(await capturedRequests());
      return s.some((x) => x.attributes["gen_ai.usage.cost"] === body.costUsd) && s.some((x) => x.kind === 2) ? s : null;
    });
    const chat = spans.find((s) => s.attributes["gen_ai.usage.cost"] === body.costUsd)!;
    const server = spans.find((s) => s.kind === 2 && s.traceId === chat.traceId)!;
    expect(server.service).toBe("eval-engine");
    expect(server.attributes).toMatchObject({ "http.route": "/evaluate", "edgeslo.cache.result": "miss", "gen_ai.provider.name": body.provider });
    expect(chat.attributes["gen_ai.usage.input_tokens"]).toBe(body.usage.inputTokens);
  });
});
