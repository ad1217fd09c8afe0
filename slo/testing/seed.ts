// Seeds a rollup shard directly with generated requests (any project), for evaluation tests.
import { env } from "cloudflare:workers";
import { DO_NAME } from "../../collector/conventions";
import type { NormalisedEvent } from "../../collector/event";

let serial = 0;

export interface TrafficSpec {
  project: string;
  service: string;
  version: string;
  fromMs: number;
  toMs: number;
  perMinute: number;
  /** Failures per 1,000 requests, spread evenly (any run of n requests holds n × rate of them, ±1). */
  errorPerMille?: number;
  durationMs?: (i: number) => number;
  cacheHitPerMille?: number;
  costUsd?: number;
}

/** Whether the i-th request is one of perMille in 1,000, evenly spread (Bresenham). */
function spread(i: number, perMille: number): boolean {
  return Math.floor(((i + 1) * perMille) / 1000) > Math.floor((i * perMille) / 1000);
}

export function generateRequests(spec: TrafficSpec): NormalisedEvent[] {
  const events: NormalisedEvent[] = [];
  let i = 0;
  for (let minute = spec.fromMs; minute < spec.toMs; minute += 60_000) {
    for (let k = 0; k < spec.perMinute; k++, i++) {
      serial += 1;
      const id = serial.toString(16).padStart(16, "0");
      events.push({
        source: "otlp", project: spec.project, service: spec.service, version: spec.version,
        timestampMs: Math.floor(minute + (k * 60_000) / spec.perMinute), traceId: `${id}${id}`, spanId: id, name: "POST /optimize",
        isRequest: true, hasUsage: (spec.costUsd ?? 0) > 0, region: null, route: "/optimize", httpStatus: 200,
        outcome: spread(i, spec.errorPerMille ?? 0) ? "error" : "ok", durationMs: spec.durationMs?.(i) ?? 20,
        cacheResult: spread(i, spec.cacheHitPerMille ?? 950) ? "hit" : "miss", cacheTier: "memory", provider: null, model: null,
        inputTokens: 0, outputTokens: 0, costUsd: spec.costUsd ?? 0, costSource: (spec.costUsd ?? 0) > 0 ? "sent" : "none",
      });
    }
  }
  return events;
}

export async function seedTraffic(spec: TrafficSpec): Promise<number> {
  const events = generateRequests(spec);
  const shard = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard(spec.project, spec.service));
  // 250 events per call: what one invocation may write to Analytics Engine, so nothing overflows to the AE queue.
  for (let i = 0; i < events.length; i += 250) await shard.ingest(JSON.stringify(events.slice(i, i + 250)));
  return events.length;
}
