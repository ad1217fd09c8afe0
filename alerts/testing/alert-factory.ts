// Fixture factories for alert tests.
import type { AlertObservation } from "../../slo/evaluate";
import type { AlertEvent } from "../alert-event";
import type { AlertRecord, Silence } from "../alert-state";

export function observationFixture(overrides: Partial<AlertObservation> = {}): AlertObservation {
  return {
    key: "test/optimizer-errors/version:v2/page-fast", project: "test", service: "prompt-optimizer", slo: "optimizer-errors",
    scope: "version:v2", version: "v2", severity: "page-fast", active: true, forMinutes: 2, rollbackCandidate: true,
    summary: "optimizer-errors (prompt-optimizer v2) burning error budget: 20.00x over 1h, 25.00x over 5m (threshold 13.44x)",
    details: { longBurnRate: 20, shortBurnRate: 25 },
    ...overrides,
  };
}

export function silenceFixture(overrides: Partial<Silence> = {}): Silence {
  return { id: "s1", project: "test", matchers: { service: "prompt-optimizer" }, startsAtMs: 0, endsAtMs: Number.MAX_SAFE_INTEGER, comment: "maintenance", createdBy: "ops", createdAtMs: 0, ...overrides };
}

export const FIRING_ALERT: AlertRecord = {
  key: "test/optimizer-errors/version:v2/page-fast", project: "test", service: "prompt-optimizer", slo: "optimizer-errors", scope: "version:v2",
  version: "v2", severity: "page-fast", phase: "firing", activeSinceMs: 1_795_000_000_000, firedAtMs: 1_795_000_120_000, resolvedAtMs: null,
  lastEvaluatedAtMs: 1_795_000_120_000, incidentId: "test/optimizer-errors/version:v2/page-fast@1795000120000", notified: true,
  summary: "optimizer-errors (prompt-optimizer v2) burning error budget: 20.00x over 1h, 25.00x over 5m (threshold 13.44x)",
  details: { longBurnRate: 20, shortBurnRate: 25 },
};

export function firingEvent(): AlertEvent {
  return { id: `${FIRING_ALERT.incidentId}:firing`, type: "alert.firing", occurredAtMs: FIRING_ALERT.firedAtMs!, alert: FIRING_ALERT, rollback: null };
}
