import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AE_BLOBS, DO_NAME } from "./conventions";
import type { NormalisedEvent } from "./event";
import { decodeAePoints } from "./ae-points.codec";
import type { RollupShard } from "./rollup-shard.do";
import { summarise } from "./shard-summary";
import { writeToShards } from "./shard-writer";
import { getMetrics, postOtlpJson } from "./testing/client";
import { hexId, otlpJsonExport, type SpanSpec } from "./testing/otlp-factory";
import { freshService } from "./testing/isolation";
import { recordAeWriters } from "./testing/ae-writers";

const HOUR = 3_600_000;

function spansAt(startMs: number, count: number, seed: number, durationMs = 10): SpanSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    traceId: hexId(seed * 100_000 + i, 16),
    spanId: hexId(seed * 100_000 + i, 8),
    startMs: startMs + i * 10,
    durationMs: durationMs + i,
    attributes: { "http.response.status_code": i % 10 === 0 ? 500 : 200 },
  }));
}

describe("rollup windows across minute → hour compaction", () => {
  it("figures are the same before and after minutes fold into hours; windows pick the right rows", async () => {
    const service = freshService("shard");
    const now = Date.now();
    await postOtlpJson(otlpJsonExport({ "service.name": service, "service.version": "v1" }, spansAt(now - 2 * HOUR, 40, 1, 100)));
    await postOtlpJson(otlpJsonExport({ "service.name": service, "service.version": "v2" }, spansAt(now - 5 * 60_000, 20, 2, 10)));
    const before = await getMetrics({ service, window: "12h" });
    expect(before.total.requests).toBe(60);
    expect((await getMetrics({ service, window: "1m" })).total.requests).toBe(0);
    expect((await getMetrics({ service, window: "1h" })).total.requests).toBe(20);

    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    // Seven hours from now every one of these minutes is past the 6 h horizon.
    const folded = await runInDurableObject(stub, (shard: RollupShard) => shard.compact(now + 7 * HOUR));
    expect(folded.foldedMinutes).toBeGreaterThan(0);
    const resolutions = await runInDurableObject(stub, (_shard: RollupShard, state) =>
      state.storage.sql.exec<{ resolution: string }>("SELECT DISTINCT resolution FROM rollup").toArray(),
    );
    expect(resolutions.map((r) => r.resolution)).toEqual(["h"]);

    const after = await getMetrics({ service, window: "12h" });
    expect(after.total).toEqual(before.total);
    expect(after.versions.find((v: { version: string }) => v.version === "v1").requests).toBe(40);
    expect(after.versions.find((v: { version: string }) => v.version === "v1").errors).toBe(4);
    expect((await getMetrics({ service, window: "12h", version: "v1" })).total.requests).toBe(40);
    // Hour rows are whole hours: a 1h window now starts at the top of the hour it reaches into.
    const recent = await getMetrics({ service, window: "1h" });
    expect(recent.versions.map((v: { version: string }) => v.version)).toContain("v2");
    expect(recent.versions.map((v: { version: string }) => v.version)).not.toContain("v1");
  });

  it("late data older than the 6 h horizon lands directly in its hour row", async () => {
    const service = freshService("shard");
    await postOtlpJson(otlpJsonExport({ "service.name": service }, spansAt(Date.now() - 3 * 24 * HOUR, 7, 8)));
    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    const rows = await runInDurableObject(stub, (_shard: RollupShard, state) =>
      state.storage.sql.exec<{ resolution: string; bucket_start: number }>("SELECT resolution, bucket_start FROM rollup").toArray(),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.resolution).toBe("h");
    expect(rows[0]!.bucket_start % HOUR).toBe(0);
    expect((await getMetrics({ service, window: "4d" })).total.requests).toBe(7);
  });

  it("a late minute for an already compacted hour is still counted", async () => {
    const service = freshService("shard");
    const hourStart = Math.floor((Date.now() - 9 * HOUR) / HOUR) * HOUR;
    await postOtlpJson(otlpJsonExport({ "service.name": service }, spansAt(hourStart + 60_000, 5, 3)));
    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    await runInDurableObject(stub, (shard: RollupShard) => shard.compact(Date.now()));
    await postOtlpJson(otlpJsonExport({ "service.name": service }, spansAt(hourStart + 120_000, 3, 4)));
    expect((await getMetrics({ service, window: "12h" })).total.requests).toBe(8);
    await runInDurableObject(stub, (shard: RollupShard) => shard.compact(Date.now()));
    expect((await getMetrics({ service, window: "12h" })).total.requests).toBe(8);
  });
});

/** A minimal valid request event, for calling the shard directly. */
function eventAt(service: string, i: number): NormalisedEvent {
  return {
    source: "otlp", project: "test", service, version: "v1", timestampMs: Date.now() - 60_000, traceId: hexId(900_000 + i, 16),
    spanId: hexId(900_000 + i, 8), name: "POST /optimize", isRequest: true, hasUsage: false, region: null, route: null,
    httpStatus: 200, outcome: "ok", durationMs: 10, cacheResult: null, cacheTier: null, provider: null, model: null,
    inputTokens: 0, outputTokens: 0, costUsd: 0, costSource: "none",
  };
}

const outboxPoints = (stub: DurableObjectStub<RollupShard>) =>
  runInDurableObject(stub, (_s: RollupShard, state) =>
    state.storage.sql
      .exec<{ points: string }>("SELECT points FROM ae_outbox")
      .toArray()
      .reduce((sum, row) => sum + decodeAePoints(row.points).length, 0),
  );

describe("Analytics Engine writes", () => {
  it("every new span becomes one AE point in the documented layout; duplicates write none", async () => {
    const service = freshService("shard");
    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    const written: AnalyticsEngineDataPoint[] = [];
    await runInDurableObject(stub, (shard: RollupShard) => {
      shard.sink = { write: (points) => void written.push(...points) };
    });
    const body = otlpJsonExport({ "service.name": service, "service.version": "v9" }, spansAt(Date.now() - 60_000, 3, 5));
    await postOtlpJson(body);
    await postOtlpJson(body);
    expect(written).toHaveLength(3);
    const blob = (point: AnalyticsEngineDataPoint, name: (typeof AE_BLOBS)[number]) => point.blobs![AE_BLOBS.indexOf(name)];
    expect(written[0]!.indexes).toEqual([`test:${service}`]);
    expect(blob(written[0]!, "version")).toBe("v9");
    expect(blob(written[0]!, "outcome")).toBe("error");
    expect(blob(written[0]!, "role")).toBe("request");
    expect(written[0]!.doubles![0]).toBeCloseTo(10, 6);
  });

  it("a batch that repeats some already-counted spans counts only the new ones, each once", async () => {
    const service = freshService("overlap");
    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    const written: AnalyticsEngineDataPoint[] = [];
    await runInDurableObject(stub, (shard: RollupShard) => {
      shard.sink = { write: (points) => void written.push(...points) };
    });
    const spans = spansAt(Date.now() - 60_000, 5, 7);
    const resource = { "service.name": service, "service.version": "v1" };
    await postOtlpJson(otlpJsonExport(resource, spans.slice(0, 3)));
    await postOtlpJson(otlpJsonExport(resource, spans.slice(1, 5)));
    const metrics = await getMetrics({ service, window: "1h" });
    expect(metrics.total.requests).toBe(5);
    expect(written.map((p) => p.blobs![AE_BLOBS.indexOf("spanId")]).sort()).toEqual(spans.map((s) => s.spanId).sort());
  });

  it("past 250 points: the shard writes 250, the ingest invocation 250, pooled writers the rest; none dropped", async () => {
    const service = freshService("shard");
    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    const byShard: AnalyticsEngineDataPoint[] = [];
    const byCaller: AnalyticsEngineDataPoint[] = [];
    const byWriters = await recordAeWriters();
    await runInDurableObject(stub, (shard: RollupShard) => {
      shard.sink = { write: (points) => void byShard.push(...points) };
    });
    const events = Array.from({ length: 1_000 }, (_, i) => eventAt(service, i));
    const write = await writeToShards(env, "test", events, { write: (points) => void byCaller.push(...points) });
    await write.afterwards;
    expect(write.outcome).toEqual({ accepted: 1_000, duplicates: 0, linkedDrops: 0 });
    const ours = byWriters.filter((p) => p.indexes![0] === `test:${service}`);
    expect([byShard.length, byCaller.length, ours.length]).toEqual([250, 250, 500]);
    const spanIds = [...byShard, ...byCaller, ...ours].map((p) => p.blobs![AE_BLOBS.indexOf("spanId")]);
    expect(new Set(spanIds).size).toBe(1_000);
    expect(await outboxPoints(stub)).toBe(0);
    expect((await getMetrics({ service })).total.requests).toBe(1_000);
  });

  it("a batch that takes the event path (some spans repeat) hands back the new events its shard did not write", async () => {
    const service = freshService("shard");
    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    const events = Array.from({ length: 400 }, (_, i) => eventAt(service, i));
    await runInDurableObject(stub, (shard: RollupShard) => shard.ingest(JSON.stringify(events.slice(0, 10))));
    const answer = await runInDurableObject(stub, (shard: RollupShard) => shard.ingest(JSON.stringify(events)));
    expect(answer).toMatchObject({ accepted: 390, duplicates: 10 });
    // 390 new: 250 written by the shard, 140 handed back as [index, role bits] pairs.
    expect(answer.aeRest).toHaveLength(280);
    expect(answer.aeRest.filter((_, i) => i % 2 === 1).every((bits) => bits === 1)).toBe(true);
  });

  it("when a writer call fails, its points wait in their shard's outbox and the alarm writes them later", async () => {
    const service = freshService("shard");
    const stub = env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
    const byWriters = await recordAeWriters();
    // Fault injection: the first writer call fails, the rest reach the real writers (a stand-in only for the failure).
    let failures = 1;
    const flakyWriters = {
      getByName: (name: string) =>
        failures-- > 0 ? { write: async () => { throw new Error("writer unavailable"); } } : env.AE_WRITER.getByName(name),
    } as unknown as Env["AE_WRITER"];
    const events = Array.from({ length: 600 }, (_, i) => eventAt(service, i));
    const write = await writeToShards({ ...env, AE_WRITER: flakyWriters }, "test", events, { write: () => undefined });
    await write.afterwards;
    expect(write.outcome.accepted).toBe(600);
    // 250 written by the shard, 250 by the ingest invocation, 100 for a writer: that call failed.
    expect(await outboxPoints(stub)).toBe(100);
    await runInDurableObject(stub, (shard: RollupShard) => {
      (shard as unknown as { env: Env }).env = { ...(shard as unknown as { env: Env }).env, AE_WRITER: flakyWriters };
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await outboxPoints(stub)).toBe(0);
    expect(byWriters.filter((p) => p.indexes![0] === `test:${service}`)).toHaveLength(100);
  });
});

describe("dedupe keys: recent spans by start time, late and linkable ones by id", () => {
  const MINUTE = 60_000;
  const shardOf = (service: string) => env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard("test", service));
  const ingest = (stub: DurableObjectStub<RollupShard>, events: NormalisedEvent[]) =>
    runInDurableObject(stub, (shard: RollupShard) => shard.ingest(JSON.stringify(events)));
  const keysIn = (stub: DurableObjectStub<RollupShard>) =>
    runInDurableObject(stub, (_s: RollupShard, state) => ({
      recent: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM seen_recent").one().n,
      byId: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM seen").one().n,
    }));

  it("recent and late spans in mixed batches, each delivered twice, count once; each key sits in its own table", async () => {
    const service = freshService("keys");
    const stub = shardOf(service);
    const recent = [0, 1, 2].map((i) => ({ ...eventAt(service, i), timestampMs: Date.now() - MINUTE }));
    const late = [3, 4].map((i) => ({ ...eventAt(service, i), timestampMs: Date.now() - 2 * HOUR }));
    expect(await ingest(stub, [...recent.slice(0, 2), late[0]!])).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await ingest(stub, [...recent, ...late])).toMatchObject({ accepted: 2, duplicates: 3 });
    expect(await ingest(stub, [...recent, ...late])).toMatchObject({ accepted: 0, duplicates: 5 });
    expect(await keysIn(stub)).toEqual({ recent: 3, byId: 2 });
    expect((await getMetrics({ service, window: "6h" })).total.requests).toBe(5);
  });

  it("a retry is found after its key's table changed: Langfuse began reporting to the shard in between", async () => {
    const service = freshService("keys");
    const stub = shardOf(service);
    const span = eventAt(service, 10);
    expect(await ingest(stub, [span])).toMatchObject({ accepted: 1 });
    expect(await keysIn(stub)).toEqual({ recent: 1, byId: 0 });
    // A Langfuse generation of another trace makes the shard link by trace: OTLP spans that count a role now go by id.
    const generation: NormalisedEvent = { ...eventAt(service, 11), source: "langfuse", isRequest: false, hasUsage: true, inputTokens: 5, outputTokens: 1 };
    expect(await ingest(stub, [generation])).toMatchObject({ accepted: 1 });
    expect(await ingest(stub, [span, eventAt(service, 12)])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await getMetrics({ service, window: "1h" })).total.requests).toBe(2);
  });

  it("a summary is taken only when all its keys are new and the shard does not link; otherwise nothing of it is stored", async () => {
    const service = freshService("keys");
    const stub = shardOf(service);
    const events = [30, 31, 32].map((i) => eventAt(service, i));
    const summary = summarise(events, []);
    expect(await runInDurableObject(stub, (shard: RollupShard) => shard.ingestSummary(summary))).toEqual({ taken: true, linking: false });
    expect(await runInDurableObject(stub, (shard: RollupShard) => shard.ingestSummary(summary))).toEqual({ taken: false, linking: false });
    expect(await keysIn(stub)).toEqual({ recent: 3, byId: 0 });
    expect((await getMetrics({ service, window: "1h" })).total.requests).toBe(3);
    await ingest(stub, [{ ...eventAt(service, 33), source: "langfuse", isRequest: false, hasUsage: true, inputTokens: 1 }]);
    const next = summarise([eventAt(service, 34)], []);
    expect(await runInDurableObject(stub, (shard: RollupShard) => shard.ingestSummary(next))).toEqual({ taken: false, linking: true });
    expect((await getMetrics({ service, window: "1h" })).total.requests).toBe(3);
  });

  it("housekeeping keeps a recent key a whole dedupe window after its delivery, then drops it", async () => {
    const service = freshService("keys");
    const stub = shardOf(service);
    await ingest(stub, [{ ...eventAt(service, 20), timestampMs: Date.now() - 9 * MINUTE }]);
    const deliveredAt = Date.now();
    // The default window is 6 h: a key delivered at 9 min of age still blocks retries 6 h later.
    await runInDurableObject(stub, (shard: RollupShard) => shard.compact(deliveredAt + 6 * HOUR));
    expect(await keysIn(stub)).toEqual({ recent: 1, byId: 0 });
    await runInDurableObject(stub, (shard: RollupShard) => shard.compact(deliveredAt + 6 * HOUR + 2 * MINUTE));
    expect(await keysIn(stub)).toEqual({ recent: 0, byId: 0 });
  });
});
