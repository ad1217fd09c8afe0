// Faults inside workerd: a failing shard answers a retryable 503/429 with Retry-After, and a failed write leaves no trace.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DO_NAME } from "./conventions";
import { unavailable } from "./http-error";
import type { RollupShard } from "./rollup-shard.do";
import { getMetrics, postOtlpJson } from "./testing/client";
import { hexId, otlpJsonExport, type SpanSpec } from "./testing/otlp-factory";
import { freshService } from "./testing/isolation";

const spans = (seed: number, count: number): SpanSpec[] =>
  Array.from({ length: count }, (_, i) => ({ traceId: hexId(seed * 10_000 + i, 16), spanId: hexId(seed * 10_000 + i, 8), startMs: Date.now() - 30_000 + i, durationMs: 12 }));

type Patchable = Record<string, unknown>;

describe("a failing shard", () => {
  it("a storage error mid-write → 503 with Retry-After, nothing half-written; the client's retry is counted exactly once", async () => {
    const service = freshService("fault");
    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    // Fault injection on the real shard: its rollup write throws after the dedupe rows were inserted in the same transaction.
    await runInDurableObject(stub, (shard: RollupShard) => {
      (shard as unknown as Patchable).mergeBucket = () => {
        throw new Error("SQLITE_FULL: database or disk is full");
      };
    });
    const body = otlpJsonExport({ "service.name": service }, spans(1, 50));
    const failed = await postOtlpJson(body);
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await failed.json()).toMatchObject({ error: { code: "unavailable" } });
    await runInDurableObject(stub, (shard: RollupShard) => {
      delete (shard as unknown as Patchable).mergeBucket;
    });
    expect((await getMetrics({ service })).total.requests).toBe(0);
    expect((await postOtlpJson(body)).status).toBe(200);
    expect((await getMetrics({ service })).total.requests).toBe(50);
  });

  it("a Durable Object error flagged overloaded maps to 429, any other to 503, both with Retry-After", () => {
    // Cloudflare marks "Durable Object is overloaded" errors with .overloaded = true.
    const overloaded = unavailable("x", Object.assign(new Error("Durable Object is overloaded"), { overloaded: true }));
    expect(overloaded.status).toBe(429);
    expect(overloaded.getResponse().headers.get("retry-after")).toBe("2");
    expect(unavailable("x", new Error("Network connection lost")).status).toBe(503);
  });
});

describe("load shedding", () => {
  it("past MAX_INGEST_IN_FLIGHT concurrent requests an isolate answers 429 + Retry-After at once; retried, all data gets in", async () => {
    const service = freshService("fault");
    const bodies = Array.from({ length: 80 }, (_, i) => otlpJsonExport({ "service.name": service }, spans(100 + i, 20)));
    const statuses: number[] = [];
    const send = async (body: unknown): Promise<void> => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const response = await postOtlpJson(body);
        statuses.push(response.status);
        if (response.status === 200) return;
        expect([429, 503]).toContain(response.status);
        const retryAfter = Number(response.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThan(0);
        await new Promise((r) => setTimeout(r, 20)); // a test-speed stand-in for waiting retryAfter seconds
      }
      throw new Error("never accepted");
    };
    await Promise.all(bodies.map(send));
    expect(statuses).toContain(429);
    expect((await getMetrics({ service })).total.requests).toBe(80 * 20);
  });
});
