import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { handleLangfuseForward, type ForwardMessage } from "./langfuse-forward.queue";

const forwardEnv = { ...env, LANGFUSE_BASE_URL: "http://langfuse.upstream.test", LANGFUSE_PUBLIC_KEY: "pk-up", LANGFUSE_SECRET_KEY: "sk-up" } as Env;

function batchOf(...bodies: string[]) {
  return createMessageBatch<ForwardMessage>(
    "edgeslo-langfuse-forward",
    bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body: { body } })),
  );
}

describe("Langfuse forwarding queue", () => {
  it("posts each batch upstream with the upstream keys; a 207 is delivered, a 503 or a network error is retried, a 400 is dropped", async () => {
    const seen: { url: string; auth: string | null; body: string }[] = [];
    const answers = [new Response("{}", { status: 207 }), new Response("down", { status: 503 }), new Response("bad", { status: 400 })];
    const upstream = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get("authorization"), body: String(init?.body) });
      const answer = answers.shift();
      if (!answer) throw new TypeError("connection refused");
      return answer;
    }) as typeof fetch;
    const batch = batchOf('{"batch":[1]}', '{"batch":[2]}', '{"batch":[3]}', '{"batch":[4]}');
    const ctx = createExecutionContext();
    await handleLangfuseForward(batch, forwardEnv, upstream);
    const result = await getQueueResult(batch, ctx);
    expect(seen[0]).toEqual({ url: "http://langfuse.upstream.test/api/public/ingestion", auth: `Basic ${btoa("pk-up:sk-up")}`, body: '{"batch":[1]}' });
    expect(result.explicitAcks.sort()).toEqual(["m0", "m2"]);
    expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(["m1", "m3"]);
  });
});
