// How telemetry reaches the collector: a service binding or a base URL, one POST per payload, never instrumented itself.
import type { AttemptResult } from "./delivery";
import { parseRetryAfter } from "./delivery";

export interface CollectorTransport {
  /** Describes the target for logs ("binding COLLECTOR", "url http://..."). */
  readonly target: string;
  post(path: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<AttemptResult & { responseText?: string }>;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * `fetcher` is a service binding's fetch or an uninstrumented global fetch (otel-cf-workers' `__unwrappedFetch`), so
 * exporting spans never creates spans. Resolves with what happened; never rejects.
 */
export function createCollectorTransport(target: string, baseUrl: string, fetcher: FetchLike): CollectorTransport {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    target,
    async post(path, body, headers, timeoutMs) {
      try {
        const response = await fetcher(`${base}${path}`, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs) });
        // Read the body either way: it frees the connection, and Langfuse's 207 lists per-item errors.
        const responseText = await response.text();
        return { kind: "response", status: response.status, retryAfterS: parseRetryAfter(response.headers.get("retry-after")), responseText };
      } catch (error) {
        const name = (error as Error)?.name ?? "";
        return { kind: "error", timeout: name === "TimeoutError" || name === "AbortError", message: String((error as Error)?.message ?? error) };
      }
    },
  };
}
