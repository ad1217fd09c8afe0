// Contract strings of the alerting stage: API routes, webhook headers, queue and Durable Object names, event types.

export const ALERT_ROUTES = {
  alerts: "/api/alerts",
  rollbacks: "/api/rollbacks",
  silences: "/api/silences",
} as const;

/** Standard Webhooks headers (standardwebhooks.com): the signature is v1,<base64 HMAC-SHA256 of "id.timestamp.body">. */
export const WEBHOOK_HEADER = {
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature",
} as const;

export const ALERT_QUEUE = "edgeslo-alert-delivery";
export const ALERT_DEAD_LETTER_QUEUE = "edgeslo-alert-delivery-dlq";

/** One AlertBook per project: every alert of the project is decided by one single-threaded object (name in collector/conventions.ts). */
export { ALERT_BOOK_NAME } from "../collector/conventions";

/** What an alert event says happened (the generic webhook's `type`). */
export const ALERT_EVENT = {
  firing: "alert.firing",
  resolved: "alert.resolved",
  rollback: "rollback.recorded",
} as const;
export type AlertEventType = (typeof ALERT_EVENT)[keyof typeof ALERT_EVENT];

/** Annotation written on the rollback deployment (shown by wrangler and the dashboard). */
export const CF_ANNOTATION_MESSAGE = "workers/message";
export const CF_ANNOTATION_TAG = "workers/tag";
/** Cloudflare API error: secrets changed since that version; wrangler asks a human and retries with ?force=true. */
export const CF_ERROR_SECRETS_CHANGED = 10220;
