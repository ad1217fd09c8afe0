// Request-level errors: thrown as HTTPException carrying a JSON body, rendered once by the app's onError.
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface ErrorBody {
  error: { code: string; message: string; path?: string };
}

export function httpError(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  options: { path?: string; headers?: Record<string, string>; cause?: unknown } = {},
): HTTPException {
  const body: ErrorBody = { error: { code, message, ...(options.path ? { path: options.path } : {}) } };
  return new HTTPException(status, {
    res: Response.json(body, { status, headers: options.headers }),
    cause: options.cause,
  });
}

/**
 * Retryable under the OTLP spec (and by the Langfuse SDK): the client keeps its data and tries again after Retry-After.
 * A Durable Object that reports itself overloaded becomes a 429 (slow down); any other storage failure a 503.
 */
export function unavailable(message: string, cause: unknown, retryAfterSeconds = 2): HTTPException {
  const overloaded = (cause as { overloaded?: boolean } | null)?.overloaded === true;
  return httpError(overloaded ? 429 : 503, overloaded ? "overloaded" : "unavailable", message, {
    headers: { "retry-after": String(retryAfterSeconds) },
    cause,
  });
}

/** Too much in flight in this isolate: shed load with a retryable 429 instead of queueing towards a client timeout. */
export function overloaded(retryAfterSeconds = 1): HTTPException {
  return httpError(429, "overloaded", "collector is at capacity; retry after the Retry-After delay", {
    headers: { "retry-after": String(retryAfterSeconds) },
  });
}
