// Delivers alert events to their targets from the queue: sign, send, retry with exponential backoff, disable on 410, record the outcome.
import { ALERT_BOOK_NAME } from "./conventions";
import type { DeliveryMessage } from "./alert-event";
import { parseAlertsConfig, type AlertTarget } from "./config";
import { buildGenericPayload } from "./payloads/generic";
import { buildPagerDutyPayload } from "./payloads/pagerduty";
import { buildSlackPayload } from "./payloads/slack";
import { signWebhook } from "./signature";

const SEND_TIMEOUT_MS = 10_000;

/** The HTTP request one event becomes for one target (signed anew on each attempt: the timestamp must be fresh). */
export function buildDeliveryRequest(target: AlertTarget, message: DeliveryMessage, nowMs: number): { url: string; init: RequestInit } {
  const json = (body: string, headers: Record<string, string> = {}) => ({ url: target.url, init: { method: "POST", headers: { "content-type": "application/json", ...headers }, body } });
  switch (target.kind) {
    case "webhook": {
      const body = buildGenericPayload(message.event);
      return json(body, signWebhook(target.secret, message.event.id, Math.floor(nowMs / 1000), body));
    }
    case "slack":
      return json(JSON.stringify(buildSlackPayload(message.event)));
    case "pagerduty":
      return json(JSON.stringify(buildPagerDutyPayload(message.event, target.routingKey)));
  }
}

/** Exponential backoff from the message's attempt count, capped; a target's Retry-After wins when it asks for longer. */
export function retryDelaySeconds(attempts: number, retryAfter: string | null, retry: { baseSeconds: number; maxSeconds: number }): number {
  const backoff = Math.min(retry.maxSeconds, retry.baseSeconds * 2 ** Math.max(0, attempts - 1));
  const asked = retryAfter === null ? Number.NaN : /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : (Date.parse(retryAfter) - Date.now()) / 1000;
  return Math.ceil(Math.min(retry.maxSeconds, Number.isFinite(asked) && asked > backoff ? asked : backoff));
}

function deliveryIdentity(message: DeliveryMessage) {
  return { eventId: message.event.id, eventType: message.event.type, alertKey: message.event.alert?.key ?? message.event.rollback?.alertKey ?? null, targetId: message.targetId };
}

function projectOf(message: DeliveryMessage): string | null {
  return message.event.alert?.project ?? message.event.rollback?.project ?? null;
}

export async function handleAlertDelivery(batch: MessageBatch<DeliveryMessage>, env: Env, fetcher: typeof fetch = fetch): Promise<void> {
  const config = parseAlertsConfig(env as unknown as Record<string, unknown>);
  const disabled = new Map<string, Set<string>>();
  for (const message of batch.messages) {
    const project = projectOf(message.body);
    const target = config.targets.find((t) => t.id === message.body.targetId);
    const book = project ? env.ALERT_BOOK.getByName(ALERT_BOOK_NAME(project)) : null;
    const record = (status: Parameters<NonNullable<typeof book>["recordDelivery"]>[0]["status"], detail: string | null, disableTarget = false) =>
      book?.recordDelivery({ ...deliveryIdentity(message.body), status, attempts: message.attempts, detail, disableTarget });
    if (!target) {
      console.error(JSON.stringify({ reason: "alert_target_unknown", targetId: message.body.targetId }));
      await record("failed", "target no longer configured");
      message.ack();
      continue;
    }
    if (book && project) {
      if (!disabled.has(project)) disabled.set(project, new Set((await book.disabledTargets()).map((t) => t.targetId)));
      if (disabled.get(project)!.has(target.id)) {
        await record("disabled", "target was disabled after answering 410 Gone");
        message.ack();
        continue;
      }
    }
    const { url, init } = buildDeliveryRequest(target, message.body, Date.now());
    let response: Response | null = null;
    let failure = "";
    try {
      response = await fetcher(url, { ...init, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
      await response.body?.cancel();
    } catch (error) {
      failure = `network error: ${String(error)}`;
    }
    if (response?.ok) {
      await record("delivered", `HTTP ${response.status}`);
      message.ack();
    } else if (response?.status === 410) {
      // Standard Webhooks: 410 Gone means the endpoint is gone for good; stop sending to it.
      await record("disabled", "HTTP 410: target disabled", true);
      disabled.get(project ?? "")?.add(target.id);
      message.ack();
    } else if (response && response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      await record("failed", `HTTP ${response.status}: not retried (the request itself is refused)`);
      message.ack();
    } else {
      const delaySeconds = retryDelaySeconds(message.attempts, response?.headers.get("retry-after") ?? null, config.retry);
      await record("retrying", `${response ? `HTTP ${response.status}` : failure}; retry in ${delaySeconds} s`);
      message.retry({ delaySeconds });
    }
  }
}

/** Messages that used up their retries: recorded as dead-lettered, so the alert stays visible in GET /api/alerts. */
export async function handleAlertDeadLetters(batch: MessageBatch<DeliveryMessage>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const project = projectOf(message.body);
    if (project) {
      await env.ALERT_BOOK.getByName(ALERT_BOOK_NAME(project)).recordDelivery({
        ...deliveryIdentity(message.body), status: "dead-lettered", attempts: message.attempts,
        detail: "retries exhausted: the event is kept here and in the dead-letter queue's consumer log",
      });
    }
    console.error(JSON.stringify({ reason: "alert_dead_lettered", targetId: message.body.targetId, eventId: message.body.event.id }));
    message.ack();
  }
}
