// Bounded retry of telemetry payloads: which answers retry, backoff, drop reasons.
import { describe, expect, it } from "vitest";
import { backoffMs, deliverWithRetry, parseRetryAfter, type AttemptResult, type RetryPolicy } from "./delivery";

const policy: RetryPolicy = { maxAttempts: 3, baseBackoffMs: 100, maxBackoffMs: 800, attemptTimeoutMs: 500 };

function scripted(results: AttemptResult[]) {
  const waits: number[] = [];
  let calls = 0;
  return {
    waits,
    calls: () => calls,
    deps: {
      attempt: async () => results[Math.min(calls++, results.length - 1)]!,
      sleep: async (ms: number) => {
        waits.push(ms);
      },
      random: () => 0.5,
    },
  };
}

const status = (s: number, retryAfterS: number | null = null): AttemptResult => ({ kind: "response", status: s, retryAfterS });

describe("deliverWithRetry", () => {
  it("delivers on the first 2xx", async () => {
    const run = scripted([status(200)]);
    expect(await deliverWithRetry(policy, run.deps)).toEqual({ delivered: true, attempts: 1, status: 200 });
  });

  it("retries 503 with exponential backoff and gives up after maxAttempts with a reason", async () => {
    const run = scripted([status(503)]);
    const outcome = await deliverWithRetry(policy, run.deps);
    expect(outcome).toMatchObject({ delivered: false, attempts: 3, reason: "retries_exhausted" });
    expect(run.waits).toEqual([100, 200]);
  });

  it("recovers when a retry succeeds", async () => {
    const run = scripted([status(429, 1), status(200)]);
    expect(await deliverWithRetry(policy, run.deps)).toEqual({ delivered: true, attempts: 2, status: 200 });
    expect(run.waits).toEqual([800]); // Retry-After 1 s, capped at maxBackoffMs
  });

  it("never retries a 400 (OTLP: not retryable) or a 401", async () => {
    const bad = scripted([status(400)]);
    expect(await deliverWithRetry(policy, bad.deps)).toMatchObject({ delivered: false, attempts: 1, reason: "rejected" });
    const auth = scripted([status(401)]);
    expect(await deliverWithRetry(policy, auth.deps)).toMatchObject({ delivered: false, attempts: 1, reason: "unauthorized" });
  });

  it("names timeouts and network errors as the drop reason", async () => {
    const timeout = scripted([{ kind: "error", timeout: true, message: "timed out" }]);
    expect(await deliverWithRetry(policy, timeout.deps)).toMatchObject({ delivered: false, attempts: 3, reason: "timeout" });
    const network = scripted([{ kind: "error", timeout: false, message: "connection refused" }]);
    expect(await deliverWithRetry(policy, network.deps)).toMatchObject({ reason: "network", detail: "connection refused" });
  });

  it("jitters the backoff within ±25 % and caps it", () => {
    expect(backoffMs(policy, 1, null, () => 0)).toBe(75);
    expect(backoffMs(policy, 1, null, () => 1)).toBe(125);
    expect(backoffMs(policy, 10, null, () => 0.5)).toBe(800);
    expect(parseRetryAfter("3")).toBe(3);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).toBeNull();
  });
});
