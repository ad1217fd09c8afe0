// Rolling per-provider latency (EWMA) for the router; a failure counts as a timeout; idle estimates relax to the prior.

export interface LatencyTrackerOptions {
  /** Weight of the newest sample. */
  alpha: number;
  /** An idle provider's estimate moves halfway back to its prior every halfLifeMs, so a recovered provider is retried. */
  relaxHalfLifeMs: number;
}

interface Estimate {
  ewmaMs: number;
  updatedAtMs: number;
  samples: number;
}

export class LatencyTracker {
  private readonly estimates = new Map<string, Estimate>();

  constructor(private readonly options: LatencyTrackerOptions = { alpha: 0.3, relaxHalfLifeMs: 30_000 }) {}

  /** Current estimate: the EWMA relaxed towards the prior by the time since the last sample. */
  latencyMs(provider: string, priorMs: number, nowMs: number): number {
    const e = this.estimates.get(provider);
    if (!e) return priorMs;
    const idleMs = Math.max(0, nowMs - e.updatedAtMs);
    const keep = 0.5 ** (idleMs / this.options.relaxHalfLifeMs);
    return priorMs + (e.ewmaMs - priorMs) * keep;
  }

  record(provider: string, sampleMs: number, priorMs: number, nowMs: number): void {
    const current = this.latencyMs(provider, priorMs, nowMs);
    const previous = this.estimates.get(provider);
    const ewmaMs = previous ? current + this.options.alpha * (sampleMs - current) : sampleMs;
    this.estimates.set(provider, { ewmaMs, updatedAtMs: nowMs, samples: (previous?.samples ?? 0) + 1 });
  }

  /** A failed attempt costs what waiting for the timeout would have (at least what it really took). */
  recordFailure(provider: string, elapsedMs: number, timeoutMs: number, priorMs: number, nowMs: number): void {
    this.record(provider, Math.max(elapsedMs, timeoutMs), priorMs, nowMs);
  }

  samples(provider: string): number {
    return this.estimates.get(provider)?.samples ?? 0;
  }
}
