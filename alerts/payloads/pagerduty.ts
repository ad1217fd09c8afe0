// PagerDuty Events API v2 body: trigger/resolve with a dedup_key stable per SLO, scope and severity (so resolve closes the incident).
import type { Severity } from "../../slo/conventions";
import type { AlertEvent } from "../alert-event";

export const PAGERDUTY_SEVERITY: Record<Severity, "critical" | "error" | "warning" | "info"> = {
  "page-fast": "critical",
  "page-slow": "error",
  "ticket-fast": "warning",
  "ticket-slow": "info",
};

export interface PagerDutyEvent {
  routing_key: string;
  event_action: "trigger" | "resolve";
  dedup_key: string;
  payload?: { summary: string; source: string; severity: string; timestamp: string; component?: string; group?: string; class?: string; custom_details?: unknown };
  client: string;
}

export function buildPagerDutyPayload(event: AlertEvent, routingKey: string): PagerDutyEvent {
  const timestamp = new Date(event.occurredAtMs).toISOString();
  if (event.rollback) {
    const r = event.rollback;
    return {
      routing_key: routingKey, event_action: "trigger", dedup_key: `edgeslo/${r.project}/rollback/${r.id}`, client: "edgeslo",
      payload: { summary: `Rollback of ${r.service} ${r.status}: ${r.badVersion} → ${r.targetVersionId ?? "none"}`.slice(0, 1024), source: r.service, severity: r.status === "failed" || r.status === "needs-human" ? "error" : "info", timestamp, component: r.service, class: "rollback", custom_details: r },
    };
  }
  const a = event.alert!;
  const dedupKey = `edgeslo/${a.key}`;
  if (event.type === "alert.resolved") return { routing_key: routingKey, event_action: "resolve", dedup_key: dedupKey, client: "edgeslo" };
  return {
    routing_key: routingKey, event_action: "trigger", dedup_key: dedupKey, client: "edgeslo",
    payload: { summary: a.summary.slice(0, 1024), source: a.service, severity: PAGERDUTY_SEVERITY[a.severity], timestamp, component: a.version ?? a.service, group: a.slo, class: a.severity, custom_details: { ...a.details, scope: a.scope, incidentId: a.incidentId } },
  };
}
