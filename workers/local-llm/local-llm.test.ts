// The stand-in's determinism, token counting and latency distribution: pure.
import { describe, expect, it } from "vitest";
import { countPromptTokens, generateCompletion } from "./generator";
import { createRng, sampleLatencyMs } from "./latency-model";

const messages = [
  { role: "system", content: "You are a prompt engineer. Rewrite the user's prompt." },
  { role: "user", content: "write about [EMAIL_1] and the sea" },
];

describe("local LLM stand-in", () => {
  it("answers the same messages with the same text for the same seed, and differently for another seed", () => {
    const a = generateCompletion(messages, { seed: 1, jsonObject: false });
    expect(generateCompletion(messages, { seed: 1, jsonObject: false })).toBe(a);
    const others = new Set([2, 3, 4, 5, 6].map((seed) => generateCompletion(messages, { seed, jsonObject: false })));
    expect(others.size).toBeGreaterThan(1);
    expect(a).toContain("[EMAIL_1]");
  });

  it("answers a judge prompt with the JSON verdict it asks for", () => {
    const judge = [
      { role: "system", content: 'Judge the response. Respond with a JSON object only: {"score": <0-10 overall>}' },
      { role: "user", content: "Prompt:\nexplain tides and moon gravity\n\nResponse:\nTides come from the moon gravity pulling oceans." },
    ];
    const verdict = JSON.parse(generateCompletion(judge, { seed: 1, jsonObject: true }));
    expect(verdict.score).toBeGreaterThanOrEqual(1);
    expect(verdict.score).toBeLessThanOrEqual(10);
    expect(verdict.reasoning).toEqual(expect.any(String));
  });

  it("counts prompt tokens like OpenAI's rule of thumb (4 characters a token, framing per message)", () => {
    expect(countPromptTokens([{ role: "user", content: "x".repeat(40) }])).toBe(3 + 4 + 10);
  });

  it("draws latencies with the configured median and p95 (log-normal), replayable from the seed", () => {
    const rng = createRng(42);
    const samples = Array.from({ length: 20_000 }, () => sampleLatencyMs({ medianMs: 100, p95Ms: 400 }, rng)).sort((a, b) => a - b);
    expect(samples[10_000]!).toBeGreaterThan(95);
    expect(samples[10_000]!).toBeLessThan(105);
    expect(samples[19_000]!).toBeGreaterThan(370);
    expect(samples[19_000]!).toBeLessThan(430);
    const again = createRng(42);
    expect(sampleLatencyMs({ medianMs: 100, p95Ms: 400 }, again)).toBe(sampleLatencyMs({ medianMs: 100, p95Ms: 400 }, createRng(42)));
  });
});
