// The generic JSON webhook body: the event as edgeslo sees it (signed with Standard Webhooks headers by the delivery).
import type { AlertEvent } from "../alert-event";

export function buildGenericPayload(event: AlertEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    occurredAt: new Date(event.occurredAtMs).toISOString(),
    alert: event.alert,
    rollback: event.rollback,
  });
}
