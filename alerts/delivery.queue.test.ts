import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AlertEvent, DeliveryMessage } from "./alert-event";
import { ALERT_BOOK_NAME, ALERT_DEAD_LETTER_QUEUE, ALERT_QUEUE } from "./conventions";
import { handleAlertDeadLetters, handleAlertDelivery, retryDelaySeconds } from "./delivery.queue";
import { FIRING_ALERT } from "./testing/alert-factory";
import { TEST_STAND_IN_HOSTS } from "./testing/test-bindings";

const HOOKS = `http://${TEST_STAND_IN_HOSTS.webhooks}`;
let serial = 0;

function eventFor(project: string): AlertEvent {
  serial += 1;
  const alert = { ...FIRING_ALERT, project, key: `${project}/optimizer-errors/version:v2/page-fast`, incidentId: `${project}@${serial}` };
  return { id: `${alert.incidentId}:firing`, type: "alert.firing", occurredAtMs: Date.now(), alert, rollback: null };
}

async function deliver(queue: string, messages: { targetId: string; event: AlertEvent; attempts: number }[], handler = handleAlertDelivery) {
  const batch = createMessageBatch<DeliveryMessage>(queue, messages.map((m, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: m.attempts, body: { targetId: m.targetId, event: m.event } })));
  const ctx = createExecutionContext();
  await handler(batch, env);
  return getQueueResult(batch, ctx);
}

const failNext = (status: number, options: { times?: number; retryAfter?: number; path?: string } = {}) =>
  fetch(`${HOOKS}/__local/fail`, { method: "POST", body: JSON.stringify({ status, times: options.times ?? 1, retryAfter: options.retryAfter ?? null, path: options.path ?? "/webhook" }) });

async function received(eventId: string): Promise<{ answered: number; verified: boolean | null }[]> {
  const { received } = (await (await fetch(`${HOOKS}/__local/received`)).json()) as { received: { answered: number; verified: boolean | null; body: unknown }[] };
  return received.filter((r) => JSON.stringify(r.body).includes(eventId));
}

async function deliveriesOf(project: string) {
  return env.ALERT_BOOK.getByName(ALERT_BOOK_NAME(project)).listDeliveries(10);
}

describe("alert delivery queue", () => {
  it("backs off exponentially, capped, and honours a longer Retry-After (seconds or HTTP date)", () => {
    const retry = { baseSeconds: 10, maxSeconds: 600 };
    expect([1, 2, 3, 4, 7, 10].map((n) => retryDelaySeconds(n, null, retry))).toEqual([10, 20, 40, 80, 600, 600]);
    expect(retryDelaySeconds(1, "120", retry)).toBe(120);
    expect(retryDelaySeconds(3, "5", retry)).toBe(40);
    expect(retryDelaySeconds(1, new Date(Date.now() + 300_000).toUTCString(), retry)).toBeGreaterThanOrEqual(299);
  });

  it("a 500 from the target is retried with backoff; the next attempt delivers, signed and verified by the receiver", async () => {
    const project = `delivery-${Date.now().toString(36)}-a`;
    const event = eventFor(project);
    await failNext(500);
    const first = await deliver(ALERT_QUEUE, [{ targetId: "ops-webhook", event, attempts: 1 }]);
    // getQueueResult lists retried messages; the delay passed to message.retry() is in the delivery record.
    expect(first.retryMessages).toEqual([{ msgId: "m0" }]);
    expect(first.explicitAcks).toEqual([]);
    expect((await deliveriesOf(project))[0]).toMatchObject({ status: "retrying", attempts: 1, detail: "HTTP 500; retry in 10 s" });

    const second = await deliver(ALERT_QUEUE, [{ targetId: "ops-webhook", event, attempts: 2 }]);
    expect(second.explicitAcks).toEqual(["m0"]);
    expect(await received(event.id)).toEqual([expect.objectContaining({ answered: 500 }), expect.objectContaining({ answered: 204, verified: true })]);
    expect((await deliveriesOf(project))[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("a 429 with Retry-After waits as long as the target asks; a 400 is not retried", async () => {
    const project = `delivery-${Date.now().toString(36)}-b`;
    await failNext(429, { retryAfter: 90 });
    expect((await deliver(ALERT_QUEUE, [{ targetId: "ops-webhook", event: eventFor(project), attempts: 1 }])).retryMessages).toEqual([{ msgId: "m0" }]);
    expect((await deliveriesOf(project))[0]).toMatchObject({ status: "retrying", detail: "HTTP 429; retry in 90 s" });
    await failNext(400);
    const refused = await deliver(ALERT_QUEUE, [{ targetId: "ops-webhook", event: eventFor(project), attempts: 1 }]);
    expect(refused.explicitAcks).toEqual(["m0"]);
    expect((await deliveriesOf(project))[0]).toMatchObject({ status: "failed" });
  });

  it("a 410 disables the target: later events for it are not sent", async () => {
    const project = `delivery-${Date.now().toString(36)}-c`;
    await failNext(410, { path: "/slack/T000/B000" });
    const gone = await deliver(ALERT_QUEUE, [{ targetId: "slack", event: eventFor(project), attempts: 1 }]);
    expect(gone.explicitAcks).toEqual(["m0"]);
    const later = eventFor(project);
    await deliver(ALERT_QUEUE, [{ targetId: "slack", event: later, attempts: 1 }]);
    expect(await received(later.id)).toEqual([]);
    expect(await env.ALERT_BOOK.getByName(ALERT_BOOK_NAME(project)).disabledTargets()).toEqual([expect.objectContaining({ targetId: "slack", reason: "HTTP 410: target disabled" })]);
  });

  it("a message that exhausted its retries reaches the dead-letter consumer and is recorded, not lost", async () => {
    const project = `delivery-${Date.now().toString(36)}-d`;
    const event = eventFor(project);
    await failNext(503);
    // The platform retries up to max_retries (wrangler.toml: 10) and then moves the message to the DLQ.
    expect((await deliver(ALERT_QUEUE, [{ targetId: "ops-webhook", event, attempts: 10 }])).retryMessages).toEqual([{ msgId: "m0" }]);
    expect((await deliveriesOf(project))[0]).toMatchObject({ status: "retrying", detail: "HTTP 503; retry in 600 s" });
    const dead = await deliver(ALERT_DEAD_LETTER_QUEUE, [{ targetId: "ops-webhook", event, attempts: 11 }], handleAlertDeadLetters);
    expect(dead.explicitAcks).toEqual(["m0"]);
    expect((await deliveriesOf(project))[0]).toMatchObject({ eventId: event.id, status: "dead-lettered", attempts: 11 });
  });
});
