import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { decodeAePoints } from "./ae-points.codec";
import { AE_POINTS_PER_MESSAGE, MAX_MESSAGE_BYTES, aeMessageBodies, sendAeMessages } from "./ae-points.queue";
import type { AePoint } from "./analytics.sink";

const point = (i: number, longText = ""): AePoint => ({
  indexes: ["p:s"],
  blobs: ["1", "p", "s", "v1", `/route/${i}${longText}`, "LHR", "ok", "", "", "openai", `model-${i}${longText}`, "a".repeat(32), "b".repeat(16), "request", "otlp"],
  doubles: [i, 200, 10, 20, 0.001, 1_790_000_000_000 + i],
});

/** The real local queue binding, recording what each sendBatch call carried. */
function recordingQueue(calls: { messages: number; bytes: number }[]): Queue {
  return {
    ...env.AE_QUEUE,
    sendBatch: async (messages: Iterable<MessageSendRequest<string>>) => {
      const list = [...messages];
      calls.push({ messages: list.length, bytes: list.reduce((sum, m) => sum + new TextEncoder().encode(m.body).length, 0) });
      return env.AE_QUEUE.sendBatch(list);
    },
  } as Queue;
}

describe("AE points queue messages", () => {
  it("one message per 250 points, in order, none lost", () => {
    const points = Array.from({ length: 600 }, (_, i) => point(i));
    const bodies = aeMessageBodies(points);
    expect(bodies.map((b) => decodeAePoints(b).length)).toEqual([AE_POINTS_PER_MESSAGE, AE_POINTS_PER_MESSAGE, 100]);
    expect(bodies.flatMap(decodeAePoints)).toEqual(points);
  });

  it("points with long unique routes and models split into messages under the queue's 128 KB", () => {
    const points = Array.from({ length: 250 }, (_, i) => point(i, "é".repeat(500)));
    const bodies = aeMessageBodies(points);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(bodies.flatMap(decodeAePoints)).toEqual(points);
  });

  it("sendBatch calls stay within 100 messages and 256 KB; a refused call answers the bodies not sent", async () => {
    const calls: { messages: number; bytes: number }[] = [];
    const bodies = aeMessageBodies(Array.from({ length: 2_000 }, (_, i) => point(i, "x".repeat(300))));
    expect(await sendAeMessages(recordingQueue(calls), bodies)).toEqual({ unsent: [] });
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(call.messages <= 100 && call.bytes <= 256_000).toBe(true);
    expect(calls.reduce((sum, c) => sum + c.messages, 0)).toBe(bodies.length);

    let accepted = 1;
    const failing = { ...env.AE_QUEUE, sendBatch: async (m: Iterable<MessageSendRequest<string>>) => {
      if (accepted-- <= 0) throw new Error("queue unavailable");
      return env.AE_QUEUE.sendBatch(m);
    } } as Queue;
    const { unsent, error } = await sendAeMessages(failing, bodies);
    expect(String(error)).toContain("queue unavailable");
    expect(unsent).toEqual(bodies.slice(bodies.length - unsent.length));
    expect(unsent.length).toBe(bodies.length - calls[0]!.messages);
  });
});
