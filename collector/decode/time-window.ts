// Which event times the collector accepts: late data up to the rollup retention, at most 5 minutes in the future.

export interface IngestClock {
  nowMs: number;
  /** How far back an event may start (the rollup retention). */
  maxAgeMs: number;
  /** How far ahead of the collector's clock an event may start. */
  maxFutureMs: number;
}

export const DEFAULT_MAX_AGE_MS = 30 * 24 * 3600_000;
export const DEFAULT_MAX_FUTURE_MS = 5 * 60_000;

export function checkEventTime(timestampMs: number, clock: IngestClock): string | null {
  if (!Number.isFinite(timestampMs)) return "timestamp is not a number";
  if (timestampMs > clock.nowMs + clock.maxFutureMs) return `timestamp is more than ${clock.maxFutureMs / 60_000} minutes in the future`;
  if (timestampMs < clock.nowMs - clock.maxAgeMs) return `timestamp is older than the ${clock.maxAgeMs / 86_400_000}-day retention`;
  return null;
}
