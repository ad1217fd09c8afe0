// Router scoring (40/30/30), rolling latency, regions, pricing and failover.
import { describe, expect, it } from "vitest";
import { AllProvidersFailedError, callWithFailover } from "./failover";
import { LatencyTracker } from "./latency-tracker";
import { costOf, providerSchema, regionFor, routingSchema, type ProviderConfig } from "./provider-config";
import { rankProviders, ROUTER_WEIGHTS } from "./router";

const provider = (over: Partial<ProviderConfig> & { name: string }): ProviderConfig =>
  providerSchema.parse({ baseUrl: `https://${over.name}.test/v1`, model: `${over.name}-m`, regions: ["us"], inputUsdPerMTok: 1, outputUsdPerMTok: 1, quality: 0.5, ...over });

describe("router scoring", () => {
  it("weighs latency 40 %, cost 30 %, quality 30 %", () => {
    expect(ROUTER_WEIGHTS).toEqual({ latency: 0.4, cost: 0.3, quality: 0.3 });
    const fast = provider({ name: "fast", quality: 0.5 });
    const slow = provider({ name: "slow", quality: 0.5, inputUsdPerMTok: 0.5, outputUsdPerMTok: 0.5 });
    const latency = { fast: 100, slow: 200 } as Record<string, number>;
    const [a, b] = rankProviders([slow, fast], (p) => latency[p.name]!);
    // fast: 0.4·1 + 0.3·0.5 + 0.3·0.5 = 0.7; slow: 0.4·0.5 + 0.3·1 + 0.3·0.5 = 0.65
    expect(a!.provider.name).toBe("fast");
    expect(a!.score).toBeCloseTo(0.7, 10);
    expect(b!.score).toBeCloseTo(0.65, 10);
  });

  it("lets quality win when latency and price are equal, and breaks exact ties by name", () => {
    const ranked = rankProviders([provider({ name: "b", quality: 0.6 }), provider({ name: "a", quality: 0.9 }), provider({ name: "c", quality: 0.6 })], () => 100);
    expect(ranked.map((r) => r.provider.name)).toEqual(["a", "b", "c"]);
  });

  it("moves traffic away from a provider whose measured latency grows, and back when it recovers", () => {
    const tracker = new LatencyTracker({ alpha: 0.5, relaxHalfLifeMs: 10_000 });
    const a = provider({ name: "a", expectedLatencyMs: 100 });
    const b = provider({ name: "b", expectedLatencyMs: 120 });
    const rank = (now: number) => rankProviders([a, b], (p) => tracker.latencyMs(p.name, p.expectedLatencyMs, now))[0]!.provider.name;
    expect(rank(0)).toBe("a");
    for (let t = 0; t < 5; t++) tracker.recordFailure("a", 5, 3000, 100, t);
    expect(rank(5)).toBe("b");
    expect(rank(5 + 120_000)).toBe("a"); // idle for twelve half-lives: back near its prior
  });

  it("maps the request's continent to a region that has providers", () => {
    const routing = routingSchema.parse({ defaultRegion: "us", providers: [provider({ name: "a" }), provider({ name: "e", regions: ["eu"] })] });
    expect(regionFor(routing, "EU")).toBe("eu");
    expect(regionFor(routing, "AS")).toBe("us"); // apac has no provider here
    expect(regionFor(routing, undefined)).toBe("us");
  });

  it("prices usage per million tokens", () => {
    const cost = costOf({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 }, 1_000_000, 500_000);
    expect(cost.inputUsd).toBeCloseTo(0.15, 12);
    expect(cost.outputUsd).toBeCloseTo(0.3, 12);
    expect(cost.totalUsd).toBeCloseTo(0.45, 12);
  });

  it("rejects a routing config whose default region has no provider, naming the field", () => {
    const result = routingSchema.safeParse({ defaultRegion: "eu", providers: [provider({ name: "a" })] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["defaultRegion"]);
  });
});

describe("failover", () => {
  const ranked = rankProviders([provider({ name: "a", quality: 0.9 }), provider({ name: "b", quality: 0.5 }), provider({ name: "c", quality: 0.1 })], () => 100);

  it("fails over to the next provider on an error and records every attempt", async () => {
    const result = await callWithFailover(
      ranked,
      3,
      async (c) => {
        if (c.provider.name === "a") throw new Error("HTTP 503");
        return c.provider.name;
      },
      { now: () => 0 },
    );
    expect(result.value).toBe("b");
    expect(result.attempts.map((a) => [a.provider, a.ok])).toEqual([["a", false], ["b", true]]);
  });

  it("stops after maxAttempts and reports all failures", async () => {
    const tried: string[] = [];
    const failing = callWithFailover(ranked, 2, async (c) => { tried.push(c.provider.name); throw new Error("timeout"); }, { now: () => 0 });
    await expect(failing).rejects.toBeInstanceOf(AllProvidersFailedError);
    expect(tried).toEqual(["a", "b"]);
  });
});
