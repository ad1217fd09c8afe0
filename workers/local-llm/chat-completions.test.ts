// The stand-in's HTTP protocol, reached like a provider (through the outbound service): OpenAI request/response format.
import { beforeEach, describe, expect, it } from "vitest";
import { llmAdmin } from "../testing/capture";

const chat = (body: unknown, profile = "swift") =>
  fetch(`http://llm.test/p/${profile}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeEach(() => llmAdmin("/admin/reset"));

describe("local LLM /v1/chat/completions", () => {
  it("answers in OpenAI's chat.completion format with a usage block", async () => {
    const response = await chat({ model: "swift-mini", messages: [{ role: "user", content: "hello there" }] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "swift-mini-local",
      choices: [{ index: 0, message: { role: "assistant", content: expect.any(String) }, finish_reason: "stop" }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it("rejects malformed requests with an OpenAI error body", async () => {
    const response = await chat({ model: "m", messages: [] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", param: "messages" } });
    expect((await chat({ model: "m", messages: [{ role: "user", content: "x" }], stream: true })).status).toBe(400);
  });

  it("switches a profile to erroring and back with /admin/phase", async () => {
    await llmAdmin("/admin/phase", { phase: "down", profile: "swift" });
    const down = await chat({ model: "m", messages: [{ role: "user", content: "x" }] });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: { type: "server_error" } });
    expect((await chat({ model: "m", messages: [{ role: "user", content: "x" }] }, "premium")).status).toBe(200);
    await llmAdmin("/admin/phase", { phase: "normal", profile: "swift" });
    expect((await chat({ model: "m", messages: [{ role: "user", content: "x" }] })).status).toBe(200);
  });
});
