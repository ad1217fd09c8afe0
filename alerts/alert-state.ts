// The alert state machine, pure: pending → firing → resolved, with `for`, dedup (one notification per transition) and silences.
import type { AlertObservation } from "../slo/evaluate";
import type { Severity } from "../slo/conventions";

export type AlertPhase = "pending" | "firing" | "resolved";

/** An alert as the book keeps it: the observation's identity and message, plus its lifecycle. */
export interface AlertRecord extends Pick<AlertObservation, "key" | "project" | "service" | "slo" | "scope" | "version" | "severity" | "summary" | "details"> {
  phase: AlertPhase;
  /** When the condition became true (pending since). */
  activeSinceMs: number;
  firedAtMs: number | null;
  resolvedAtMs: number | null;
  lastEvaluatedAtMs: number;
  /** One per firing: key@firedAtMs. Rollbacks and PagerDuty incidents hang off it. */
  incidentId: string | null;
  /** Whether the firing was notified (a silenced firing is not, and neither is its resolve). */
  notified: boolean;
}

export interface SilenceMatchers {
  service?: string;
  slo?: string;
  version?: string;
  severity?: Severity;
}

export interface Silence {
  id: string;
  project: string;
  matchers: SilenceMatchers;
  startsAtMs: number;
  endsAtMs: number;
  comment: string;
  createdBy: string;
  createdAtMs: number;
}

export type AlertEffect =
  | { kind: "notify"; event: "firing" | "resolved"; alert: AlertRecord }
  | { kind: "suppressed"; event: "firing" | "resolved"; alert: AlertRecord; silenceId: string }
  | { kind: "rollback-candidate"; alert: AlertRecord };

export function silenceMatching(alert: Pick<AlertRecord, "project" | "service" | "slo" | "version" | "severity">, silences: Silence[], nowMs: number): Silence | null {
  return (
    silences.find(
      (s) =>
        s.project === alert.project && s.startsAtMs <= nowMs && nowMs < s.endsAtMs &&
        (s.matchers.service === undefined || s.matchers.service === alert.service) &&
        (s.matchers.slo === undefined || s.matchers.slo === alert.slo) &&
        (s.matchers.version === undefined || s.matchers.version === alert.version) &&
        (s.matchers.severity === undefined || s.matchers.severity === alert.severity),
    ) ?? null
  );
}

/**
 * One observation of one alert. Returns the record to keep (null: nothing to keep, the alert is inactive and never
 * fired) and what to do. A firing alert that stays active notifies nothing more: that is the dedup.
 */
export function reduceAlert(previous: AlertRecord | null, observation: AlertObservation, nowMs: number, silences: Silence[]): { next: AlertRecord | null; effects: AlertEffect[] } {
  const base = {
    key: observation.key, project: observation.project, service: observation.service, slo: observation.slo, scope: observation.scope,
    version: observation.version, severity: observation.severity, lastEvaluatedAtMs: nowMs,
    summary: observation.active || !previous ? observation.summary : previous.summary,
    details: observation.active || !previous ? observation.details : previous.details,
  };
  const phase = previous?.phase ?? null;
  if (!observation.active) {
    if (phase === "firing") {
      const resolved: AlertRecord = { ...previous!, ...base, phase: "resolved", resolvedAtMs: nowMs };
      return { next: resolved, effects: previous!.notified ? [{ kind: "notify", event: "resolved", alert: resolved }] : [] };
    }
    if (phase === "resolved") return { next: { ...previous!, lastEvaluatedAtMs: nowMs }, effects: [] };
    return { next: null, effects: [] }; // pending that cleared before `for`, or never active: nothing happened.
  }
  const activeSinceMs = phase === "pending" || phase === "firing" ? previous!.activeSinceMs : nowMs;
  if (phase === "firing") return { next: { ...previous!, ...base }, effects: [] };
  if (nowMs - activeSinceMs < observation.forMinutes * 60_000) {
    return {
      next: { ...base, phase: "pending", activeSinceMs, firedAtMs: null, resolvedAtMs: null, incidentId: null, notified: false },
      effects: [],
    };
  }
  const silence = silenceMatching(base, silences, nowMs);
  const firing: AlertRecord = {
    ...base, phase: "firing", activeSinceMs, firedAtMs: nowMs, resolvedAtMs: null, incidentId: `${observation.key}@${nowMs}`, notified: silence === null,
  };
  const effects: AlertEffect[] = [silence ? { kind: "suppressed", event: "firing", alert: firing, silenceId: silence.id } : { kind: "notify", event: "firing", alert: firing }];
  if (observation.rollbackCandidate) effects.push({ kind: "rollback-candidate", alert: firing });
  return { next: firing, effects };
}
