import { describe, expect, it } from "vitest";
import { createLatencySketch } from "../collector/sketch";
import { analyseCanary, normalCdf, twoProportionPValue, type CanarySide } from "./canary";
import type { Indicator } from "./definition";
import { countsFixture } from "./testing/slo-factory";

/** Deterministic pseudo-random numbers (mulberry32) so generated traffic is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generated traffic: log-normal latencies around medianMs, errors and cache misses at the given rates. */
function side(version: string, seed: number, requests: number, { medianMs = 40, errorRate = 0.005, missRate = 0.08 } = {}): CanarySide {
  const next = random(seed);
  const sketch = createLatencySketch();
  let errors = 0;
  let misses = 0;
  for (let i = 0; i < requests; i++) {
    const normal = Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
    sketch.accept(medianMs * Math.exp(0.5 * normal));
    if (next() < errorRate) errors += 1;
    if (next() < missRate) misses += 1;
  }
  return { version, sketch, counts: countsFixture({ requests, errors, cacheHits: requests - misses, cacheMisses: misses }) };
}

const indicators: Indicator[] = [
  { kind: "error-rate" },
  { kind: "cache-hit-rate" },
  { kind: "latency-quantile", quantile: 0.95, thresholdMs: 100 },
  { kind: "cost-per-request", maxCostUsd: 0.05 },
];

describe("statistics", () => {
  it("the normal CDF matches tables", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-2.054)).toBeCloseTo(0.02, 4);
  });

  it("the two-proportion test finds 5% vs 1% over 1,000 requests each significant, and 1.1% vs 1% not", () => {
    expect(twoProportionPValue(10, 1000, 50, 1000)).toBeLessThan(1e-6);
    expect(twoProportionPValue(10, 1000, 11, 1000)).toBeGreaterThan(0.3);
  });
});

describe("canary analysis on generated traffic", () => {
  it("a canary like the baseline passes every judged metric (cost is not judged)", () => {
    const result = analyseCanary(side("stable", 1, 5000), side("canary", 2, 2000), indicators);
    expect(result.metrics.map((m) => [m.metric, m.verdict])).toEqual([["error-rate", "pass"], ["cache-hit-rate", "pass"], ["latency-p95", "pass"]]);
    expect(result).toMatchObject({ verdict: "pass", score: 100, baselineVersion: "stable", canaryVersion: "canary" });
  });

  it("a canary with 5% errors fails on error rate", () => {
    const result = analyseCanary(side("stable", 3, 5000), side("canary", 4, 2000, { errorRate: 0.05 }), indicators);
    expect(result.verdict).toBe("fail");
    expect(result.metrics.find((m) => m.metric === "error-rate")).toMatchObject({ verdict: "fail" });
  });

  it("a canary twice as slow fails on P95 latency", () => {
    const result = analyseCanary(side("stable", 5, 5000), side("canary", 6, 2000, { medianMs: 80 }), indicators);
    expect(result.metrics.find((m) => m.metric === "latency-p95")).toMatchObject({ verdict: "fail" });
    expect(result.verdict).toBe("fail");
  });

  it("a canary with a worse cache hit rate fails on it", () => {
    const result = analyseCanary(side("stable", 7, 5000), side("canary", 8, 2000, { missRate: 0.3 }), indicators);
    expect(result.metrics.find((m) => m.metric === "cache-hit-rate")).toMatchObject({ verdict: "fail" });
  });

  it("too few canary requests are inconclusive, even when they look bad", () => {
    const result = analyseCanary(side("stable", 9, 5000), side("canary", 10, 40, { errorRate: 0.2, medianMs: 200 }), indicators);
    expect(result.verdict).toBe("inconclusive");
    expect(result.metrics.every((m) => m.verdict === "inconclusive")).toBe(true);
  });
});
