// Writes events to Workers Analytics Engine. Row layout (version AE_LAYOUT_VERSION, columns named in conventions.ts):
//   index1  = "<project>:<service>"  (the sampling key: AE samples per index, so one service cannot starve another)
//   blob1   = layout version          blob2 = project        blob3 = service       blob4 = version
//   blob5   = route                   blob6 = region         blob7 = outcome (ok|error)
//   blob8   = cache result            blob9 = cache tier     blob10 = provider     blob11 = model
//   blob12  = trace id                blob13 = span id       blob14 = counted roles ("request", "usage", "request+usage", "")
//   blob15  = source (otlp|langfuse)
//   double1 = duration ms             double2 = HTTP status (0 = none)          double3 = input tokens
//   double4 = output tokens           double5 = cost USD     double6 = event time (Unix ms; AE's own timestamp is arrival)
// Analytics Engine takes at most 250 points per invocation: callers pass at most AE_POINTS_PER_INVOCATION at once.
import { AE_BLOBS, AE_DOUBLES, AE_LAYOUT_VERSION } from "./conventions";
import type { NormalisedEvent } from "./event";
import type { CountedRoles } from "./rollup";

export const AE_POINTS_PER_INVOCATION = 250;

/** A point as toDataPoint builds it: one index, every blob a string. */
export interface AePoint extends AnalyticsEngineDataPoint {
  indexes: [string];
  blobs: string[];
  doubles: number[];
}

export interface EventSink {
  write(points: AnalyticsEngineDataPoint[]): void;
}

function rolesLabel(roles: CountedRoles): string {
  return [roles.request ? "request" : "", roles.usage ? "usage" : ""].filter(Boolean).join("+");
}

export function toDataPoint(event: NormalisedEvent, roles: CountedRoles): AePoint {
  const blobs: Record<(typeof AE_BLOBS)[number], string> = {
    layout: String(AE_LAYOUT_VERSION),
    project: event.project,
    service: event.service,
    version: event.version,
    route: event.route ?? "",
    region: event.region ?? "",
    outcome: event.outcome,
    cacheResult: event.cacheResult ?? "",
    cacheTier: event.cacheTier ?? "",
    provider: event.provider ?? "",
    model: event.model ?? "",
    traceId: event.traceId,
    spanId: event.spanId,
    role: rolesLabel(roles),
    source: event.source,
  };
  const doubles: Record<(typeof AE_DOUBLES)[number], number> = {
    durationMs: event.durationMs,
    httpStatus: event.httpStatus ?? 0,
    inputTokens: event.inputTokens,
    outputTokens: event.outputTokens,
    costUsd: event.costUsd,
    timestampMs: event.timestampMs,
  };
  return {
    indexes: [`${event.project}:${event.service}`.slice(0, 96)],
    // Blobs are capped at 16 KB together; route and model are the only free-form ones, so bound them.
    blobs: AE_BLOBS.map((name) => blobs[name].slice(0, 512)),
    doubles: AE_DOUBLES.map((name) => doubles[name]),
  };
}

/** The production sink: straight to the binding. */
export function createAnalyticsSink(env: { ANALYTICS?: AnalyticsEngineDataset }): EventSink {
  return {
    write(points) {
      if (points.length > AE_POINTS_PER_INVOCATION) throw new Error(`${points.length} points exceed the per-invocation limit`);
      for (const point of points) env.ANALYTICS?.writeDataPoint(point);
    },
  };
}
