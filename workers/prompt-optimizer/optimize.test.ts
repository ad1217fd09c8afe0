// POST /optimize end to end in workerd: validation errors, PII never reaching the LLM, cache tiers, routing and failover.
import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { llmAdmin, resetCollector, uniquePrompt } from "../testing/capture";

async function optimize(body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) {
  const response = await SELF.fetch("https://optimizer.test/optimize", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeEach(async () => {
  await llmAdmin("/admin/reset");
  await resetCollector();
});

describe("POST /optimize", () => {
  it("answers an optimised prompt with usage and cost on a miss", async () => {
    const { status, body } = await optimize({ prompt: uniquePrompt("write a haiku about the sea") });
    expect(status).toBe(200);
    expect(body.cache).toEqual({ result: "miss", tier: null });
    expect(body.optimizedPrompt).toMatch(/haiku about the sea/i);
    expect(body.usage.inputTokens).toBeGreaterThan(0);
    expect(body.usage.outputTokens).toBeGreaterThan(0);
    expect(body.costUsd).toBeGreaterThan(0);
  });
});
