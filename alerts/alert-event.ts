// AlertEvent: what one notification is about (an alert firing or resolving, or a rollback), before any target's format.
import type { AlertRecord } from "./alert-state";
import type { AlertEventType } from "./conventions";
import type { RollbackRecord } from "./rollback-policy";

export interface AlertEvent {
  /** Unique per event and stable across retries: the webhook-id, so receivers can dedupe. */
  id: string;
  type: AlertEventType;
  occurredAtMs: number;
  alert: AlertRecord | null;
  rollback: RollbackRecord | null;
}

/** Messages on the alert delivery queue: one event for one target. */
export interface DeliveryMessage {
  targetId: string;
  event: AlertEvent;
}
