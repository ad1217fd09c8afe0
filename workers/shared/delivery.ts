// Bounded, backed-off delivery of one telemetry payload: which answers are retried, how long to wait, when to give up.
// OTLP/HTTP spec: only 429, 502, 503, 504 (and network errors/timeouts) are retryable; any other non-2xx is final.

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  /** Wait before the 2nd attempt; doubles each time (with ±25 % jitter), capped by maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Per-attempt timeout. */
  attemptTimeoutMs: number;
}

export type AttemptResult = { kind: "response"; status: number; retryAfterS: number | null } | { kind: "error"; timeout: boolean; message: string };

export type DeliveryOutcome =
  | { delivered: true; attempts: number; status: number }
  | { delivered: false; attempts: number; reason: DropReason; detail: string };

/** Why a payload was dropped; each reason is counted separately. */
export type DropReason = "rejected" | "unauthorized" | "retries_exhausted" | "timeout" | "network";

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/** The wait before attempt `attempt + 1` (attempt counts from 1), honouring Retry-After within the cap. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterS: number | null, random: () => number): number {
  if (retryAfterS !== null) return Math.min(retryAfterS * 1000, policy.maxBackoffMs);
  const exponential = policy.baseBackoffMs * 2 ** (attempt - 1);
  const jitter = 0.75 + random() * 0.5;
  return Math.min(Math.round(exponential * jitter), policy.maxBackoffMs);
}

export interface DeliveryDeps {
  /** One attempt; must resolve (never reject) with what happened. */
  attempt: (timeoutMs: number) => Promise<AttemptResult>;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
}

export async function deliverWithRetry(policy: RetryPolicy, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const random = deps.random ?? Math.random;
  let last: AttemptResult | null = null;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    last = await deps.attempt(policy.attemptTimeoutMs);
    if (last.kind === "response") {
      if (last.status >= 200 && last.status < 300) return { delivered: true, attempts: attempt, status: last.status };
      if (!isRetryableStatus(last.status)) {
        const reason: DropReason = last.status === 401 || last.status === 403 ? "unauthorized" : "rejected";
        return { delivered: false, attempts: attempt, reason, detail: `status ${last.status} is not retryable` };
      }
    }
    if (attempt < policy.maxAttempts) await deps.sleep(backoffMs(policy, attempt, last.kind === "response" ? last.retryAfterS : null, random));
  }
  if (last?.kind === "error") {
    return { delivered: false, attempts: policy.maxAttempts, reason: last.timeout ? "timeout" : "network", detail: last.message };
  }
  return { delivered: false, attempts: policy.maxAttempts, reason: "retries_exhausted", detail: `last status ${last?.kind === "response" ? last.status : "?"}` };
}

/** Parses Retry-After seconds (the HTTP-date form is ignored: the exponential backoff applies instead). */
export function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
