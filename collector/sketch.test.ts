import { describe, expect, it } from "vitest";
import { createLatencySketch, deserialiseSketch, mergeSketches, serialiseSketch, sketchQuantileMs } from "./sketch";

/** Deterministic PRNG so the test is reproducible. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exactQuantile(sorted: number[], q: number): number {
  // DDSketch's rank convention: the value at index floor(q * (n - 1)).
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe("latency sketch", () => {
  it("P50/P95/P99 of 100k log-normal latencies, merged from 100 serialised minute sketches, are within 1% of exact", () => {
    const random = mulberry32(42);
    const values: number[] = [];
    const minutes = Array.from({ length: 100 }, () => createLatencySketch());
    for (let i = 0; i < 100_000; i++) {
      // log-normal around 40 ms with a long tail, like an LLM proxy
      const u1 = random() || 1e-12;
      const u2 = random();
      const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      const latency = Math.exp(Math.log(40) + 0.9 * normal);
      values.push(latency);
      minutes[i % 100]!.accept(latency);
    }
    const merged = mergeSketches(minutes.map((m) => deserialiseSketch(serialiseSketch(m))));
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(sorted, q);
      const estimate = sketchQuantileMs(merged, q)!;
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.01);
    }
    expect(merged.count).toBe(100_000);
  });

  it("an empty sketch has no quantile", () => {
    expect(sketchQuantileMs(createLatencySketch(), 0.95)).toBeNull();
  });

  it("zero-millisecond latencies are counted, not lost", () => {
    const sketch = createLatencySketch();
    sketch.accept(0);
    sketch.accept(10);
    expect(deserialiseSketch(serialiseSketch(sketch)).count).toBe(2);
  });
});
