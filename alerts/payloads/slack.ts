// Slack incoming-webhook body: { text, blocks } (text is the notification fallback).
import type { AlertEvent } from "../alert-event";

const ICON = { firing: ":rotating_light:", resolved: ":white_check_mark:", rollback: ":rewind:" } as const;

export function buildSlackPayload(event: AlertEvent): { text: string; blocks: unknown[] } {
  let text: string;
  const fields: string[] = [];
  if (event.rollback) {
    const r = event.rollback;
    text = `${ICON.rollback} Rollback of ${r.service} (${r.status}${r.dryRun ? ", dry run" : ""}): ${r.badVersion} → ${r.targetVersionId ?? "none"}. ${r.reason}`;
    fields.push(`*Incident*\n${r.incidentId}`, `*Script*\n${r.script ?? "n/a"}`);
  } else {
    const a = event.alert!;
    const resolved = event.type === "alert.resolved";
    text = `${resolved ? ICON.resolved : ICON.firing} [${resolved ? "RESOLVED" : a.severity.toUpperCase()}] ${a.summary}`;
    fields.push(`*SLO*\n${a.slo}`, `*Service*\n${a.service}${a.version ? ` ${a.version}` : ""}`, `*Severity*\n${a.severity}`);
  }
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "section", fields: fields.map((f) => ({ type: "mrkdwn", text: f })) },
      { type: "context", elements: [{ type: "mrkdwn", text: `edgeslo · project ${event.alert?.project ?? event.rollback?.project} · ${event.type} · ${new Date(event.occurredAtMs).toISOString()}` }] },
    ],
  };
}
