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

/** Retryable under the OTLP spec (and honoured by the Langfuse SDK's retry): the client keeps its data and tries again. */
export function unavailable(message: string, cause: unknown, retryAfterSeconds = 2): HTTPException {
  return httpError(503, "unavailable", message, { headers: { "retry-after": String(retryAfterSeconds) }, cause });
}
