// Tries ranked providers in order until one answers: an error or timeout fails over to the next, up to maxAttempts.
import type { ScoredProvider } from "./router";

export interface AttemptRecord {
  provider: string;
  ok: boolean;
  elapsedMs: number;
  error?: string;
}

export class AllProvidersFailedError extends Error {
  constructor(readonly attempts: AttemptRecord[]) {
    super(`all ${attempts.length} provider attempts failed: ${attempts.map((a) => `${a.provider}: ${a.error}`).join("; ")}`);
  }
}

export interface FailoverResult<T> {
  value: T;
  chosen: ScoredProvider;
  attempts: AttemptRecord[];
}

export async function callWithFailover<T>(
  ranked: readonly ScoredProvider[],
  maxAttempts: number,
  call: (candidate: ScoredProvider) => Promise<T>,
  hooks: { now: () => number; onAttempt?: (record: AttemptRecord, candidate: ScoredProvider) => void },
): Promise<FailoverResult<T>> {
  const attempts: AttemptRecord[] = [];
  for (const candidate of ranked.slice(0, maxAttempts)) {
    const started = hooks.now();
    try {
      const value = await call(candidate);
      const record = { provider: candidate.provider.name, ok: true, elapsedMs: hooks.now() - started };
      attempts.push(record);
      hooks.onAttempt?.(record, candidate);
      return { value, chosen: candidate, attempts };
    } catch (error) {
      const record = { provider: candidate.provider.name, ok: false, elapsedMs: hooks.now() - started, error: String((error as Error)?.message ?? error) };
      attempts.push(record);
      hooks.onAttempt?.(record, candidate);
    }
  }
  throw new AllProvidersFailedError(attempts);
}
