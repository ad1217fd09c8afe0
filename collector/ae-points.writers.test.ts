import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { decodeAePoints, encodeAePoints } from "./ae-points.codec";
import { aePointBatches, writeAePointBatches } from "./ae-points.writers";
import type { AnalyticsWriter } from "./analytics-writer.do";
import { AE_POINTS_PER_INVOCATION, createAnalyticsSink, type AePoint } from "./analytics.sink";
import { DO_NAME } from "./conventions";
import { recordAeWriters } from "./testing/ae-writers";

const point = (index: string, i: number): AePoint => ({
  indexes: [index],
  blobs: ["1", "p", "s", "v1", `/route/${i}`, "LHR", "ok", "", "", "openai", `model-${i}`, "a".repeat(32), "b".repeat(16), "request", "otlp"],
  doubles: [i, 200, 10, 20, 0.001, 1_790_000_000_000 + i],
});
const points = (index: string, n: number) => Array.from({ length: n }, (_, i) => point(index, i));

describe("AE point batches and their writers", () => {
  it("one batch per 250 points, in order, none lost", () => {
    const all = points("p:s", 600);
    const bodies = aePointBatches(all);
    expect(bodies.map((b) => decodeAePoints(b).length)).toEqual([AE_POINTS_PER_INVOCATION, AE_POINTS_PER_INVOCATION, 100]);
    expect(bodies.flatMap(decodeAePoints)).toEqual(all);
  });

  it("the pooled writers write every batch once", async () => {
    const written = await recordAeWriters();
    const all = points("test:writers-all", 1_100);
    expect(await writeAePointBatches(env.AE_WRITER, aePointBatches(all))).toEqual({ failed: [] });
    const ours = written.filter((p) => p.indexes![0] === "test:writers-all");
    expect(ours).toHaveLength(1_100);
    expect(new Set(ours.map((p) => p.doubles![0])).size).toBe(1_100);
  });

  it("a failed writer call answers its batch's index and the error; the others are written", async () => {
    const written = await recordAeWriters();
    let calls = 0;
    // Fault injection: the second call fails (a stand-in only for the failure; the other calls reach real writers).
    const flaky = {
      getByName: (name: string) =>
        calls++ === 1 ? { write: async () => { throw new Error("writer unavailable"); } } : env.AE_WRITER.getByName(name),
    } as unknown as DurableObjectNamespace<AnalyticsWriter>;
    const bodies = aePointBatches(points("test:writers-flaky", 600));
    const { failed, error } = await writeAePointBatches(flaky, bodies);
    expect(failed).toEqual([1]);
    expect(String(error)).toContain("writer unavailable");
    expect(written.filter((p) => p.indexes![0] === "test:writers-flaky")).toHaveLength(350);
  });

  it("a writer refuses more than one invocation's 250 points, writing none of them", async () => {
    const stub = env.AE_WRITER.getByName(DO_NAME.analyticsWriter(0));
    const written: AnalyticsEngineDataPoint[] = [];
    // The production sink over a dataset that records (Analytics Engine stores nothing locally).
    const dataset = { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void written.push(p!) };
    await runInDurableObject(stub, (writer: AnalyticsWriter) => {
      writer.sink = createAnalyticsSink({ ANALYTICS: dataset });
    });
    await expect(runInDurableObject(stub, (writer: AnalyticsWriter) => writer.write(encodeAePoints(points("test:writers-limit", 251))))).rejects.toThrow(
      /251 points exceed/,
    );
    expect(written).toHaveLength(0);
    // A message from before the compact format (a plain JSON array of points) is still read.
    await runInDurableObject(stub, (writer: AnalyticsWriter) => writer.write(JSON.stringify(points("test:writers-limit", 3))));
    expect(written).toHaveLength(3);
  });
});
