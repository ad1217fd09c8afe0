// Per-isolate counters of telemetry delivery (OTLP and Langfuse): delivered, retried, dropped by reason.
import type { DeliveryOutcome, DropReason } from "./delivery";
import { logEvent } from "./log";

export type TelemetryChannel = "otlp" | "langfuse";

export interface ChannelStats {
  delivered: number;
  /** Extra attempts made (attempts beyond the first), delivered or not. */
  retries: number;
  dropped: Partial<Record<DropReason, number>>;
  /** Langfuse items the collector refused one by one in a 207 (not retried: a retry would be refused again). */
  itemsRejected: number;
}

const stats: Record<TelemetryChannel, ChannelStats> = {
  otlp: { delivered: 0, retries: 0, dropped: {}, itemsRejected: 0 },
  langfuse: { delivered: 0, retries: 0, dropped: {}, itemsRejected: 0 },
};

export function recordDelivery(channel: TelemetryChannel, outcome: DeliveryOutcome, context: Record<string, unknown> = {}): void {
  const s = stats[channel];
  s.retries += outcome.attempts - 1;
  if (outcome.delivered) {
    s.delivered += 1;
    return;
  }
  s.dropped[outcome.reason] = (s.dropped[outcome.reason] ?? 0) + 1;
  logEvent("warn", "telemetry_dropped", { channel, dropReason: outcome.reason, attempts: outcome.attempts, detail: outcome.detail, ...context });
}

export function recordRejectedItems(channel: TelemetryChannel, count: number, detail: string): void {
  if (count === 0) return;
  stats[channel].itemsRejected += count;
  logEvent("warn", "telemetry_items_rejected", { channel, count, detail });
}

/** A copy, so callers cannot change the counters. */
export function deliveryStats(): Record<TelemetryChannel, ChannelStats> {
  return structuredClone(stats);
}
