// POST /optimize end to end in workerd: precise 4xx errors, PII restored for the caller, cache keys, routing, failover.
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
    const { status, body } = await optimize({ prompt: uniquePrompt("write a haiku about the sea"), style: "structured", targetModel: "claude-sonnet" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ style: "structured", targetModel: "claude-sonnet", cache: { result: "miss", tier: null } });
    expect(body.optimizedPrompt).toMatch(/haiku about the sea/i);
    expect(body.usage.inputTokens).toBeGreaterThan(0);
    expect(body.usage.totalTokens).toBe(body.usage.inputTokens + body.usage.outputTokens);
    expect(body.costUsd).toBeGreaterThan(0);
  });

  it("masks PII before the LLM and puts the caller's values back in the answer", async () => {
    const { body } = await optimize({ prompt: uniquePrompt("email dana@example.com and call +44 20 7946 0958 about card 4111 1111 1111 1111") });
    expect(body.pii).toEqual({ masked: 3, kinds: { email: 1, phone: 1, card: 1 } });
    expect(body.optimizedPrompt).toContain("dana@example.com");
    expect(body.optimizedPrompt).toContain("+44 20 7946 0958");
  });

  it("serves the same rewrite for prompts that differ only in PII values, spacing or case", async () => {
    const nonce = crypto.randomUUID().slice(0, 8);
    const first = await optimize({ prompt: `Remind erin@example.com about invoice ${nonce}` });
    const second = await optimize({ prompt: `  remind   FRANK@example.com about INVOICE ${nonce.toUpperCase()} ` });
    expect(first.body.cache.result).toBe("miss");
    expect(second.body.cache).toEqual({ result: "hit", tier: "memory" });
    expect(second.body.optimizedPrompt.toLowerCase()).toContain("frank@example.com");
    expect(second.body.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0, totalTokens: 0 });
  });

  it("treats structured prompts with reordered keys as the same prompt", async () => {
    const nonce = crypto.randomUUID();
    const first = await optimize({ prompt: { task: "summarise", audience: "executives", id: nonce } });
    const second = await optimize({ prompt: { id: nonce, audience: "Executives", task: "Summarise" } });
    expect(first.body.cache.result).toBe("miss");
    expect(second.body.cache.result).toBe("hit");
  });

  it("masks a card number written as a JSON number in a structured prompt", async () => {
    const { status, body } = await optimize({ prompt: { task: uniquePrompt("charge the card"), card: 4111111111111111 } });
    expect(status).toBe(200);
    expect(body.pii.kinds).toEqual({ card: 1 });
  });

  it("does not share cache entries across styles", async () => {
    const prompt = uniquePrompt("plan a team offsite");
    await optimize({ prompt, style: "concise" });
    expect((await optimize({ prompt, style: "creative" })).body.cache.result).toBe("miss");
  });

  it("fails over to a healthy provider when the others are down", async () => {
    await llmAdmin("/admin/phase", { phase: "down", profile: "swift" });
    await llmAdmin("/admin/phase", { phase: "down", profile: "budget" });
    const { status, body } = await optimize({ prompt: uniquePrompt("outline a blog post") });
    expect(status).toBe(200);
    expect(body.provider).toBe("premium");
  });

  it("answers 502 upstream_unavailable when every provider fails", async () => {
    await llmAdmin("/admin/phase", { phase: "down" });
    const { status, body } = await optimize({ prompt: uniquePrompt("outline a blog post") });
    expect(status).toBe(502);
    expect(body.error.code).toBe("upstream_unavailable");
    expect(body.error.message).toMatch(/swift|premium|budget/);
  });
});

describe("POST /optimize input errors", () => {
  it.each([
    [{}, "prompt"],
    [{ prompt: "   " }, "prompt"],
    [{ prompt: "x", style: "pirate" }, "style"],
    [{ prompt: "x", evaluate: "yes" }, "evaluate"],
    [{ prompt: "x", extra: 1 }, ""],
    [{ prompt: {} }, "prompt"],
  ])("%j is a 400 naming %s", async (input, path) => {
    const { status, body } = await optimize(input);
    expect(status).toBe(400);
    expect(body.error.code).toBe("bad_request");
    if (path) expect(body.error.path).toBe(path);
  });

  it("invalid JSON is a 400 invalid_json", async () => {
    const { status, body } = await optimize("{not json");
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_json");
  });

  it("a non-JSON content type is a 415", async () => {
    const { status, body } = await optimize("prompt=hi", { "content-type": "application/x-www-form-urlencoded" });
    expect(status).toBe(415);
    expect(body.error.code).toBe("unsupported_media_type");
  });

  it("a body over the limit is a 413", async () => {
    const { status, body } = await optimize({ prompt: "x".repeat(70_000) });
    expect(status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
  });

  it("an unknown route is a JSON 404", async () => {
    const response = await SELF.fetch("https://optimizer.test/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
