// The tiered cache against the real KV and R2 bindings (workerd), with a controllable clock for the TTLs.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { kvTier, r2Tier } from "./cache-tiers.store";
import { ByteLru } from "./lru-cache";
import { DEFAULT_TTLS, TieredCache } from "./tiered-cache";

const bindings = env as unknown as { CACHE_KV: KVNamespace; CACHE_R2: R2Bucket };

function setup() {
  let now = 1_800_000_000_000;
  const pending: Promise<unknown>[] = [];
  const prefix = `test-${crypto.randomUUID()}/`;
  const memory = new ByteLru(1 << 20);
  const cache = new TieredCache({
    memory,
    kv: kvTier(bindings.CACHE_KV, prefix),
    r2: r2Tier(bindings.CACHE_R2, prefix),
    ttls: DEFAULT_TTLS,
    now: () => now,
    defer: (p) => pending.push(p),
  });
  return {
    cache,
    memory,
    prefix,
    advance: (seconds: number) => (now += seconds * 1000),
    settle: async () => {
      while (pending.length) await pending.shift();
    },
  };
}

describe("tiered cache", () => {
  it("misses, then hits in memory", async () => {
    const t = setup();
    expect(await t.cache.get("k")).toEqual({ result: "miss" });
    t.cache.set("k", "v");
    expect(await t.cache.get("k")).toEqual({ result: "hit", tier: "memory", value: "v" });
  });

  it("writes KV with its TTL and R2 with the expiry in custom metadata", async () => {
    const t = setup();
    t.cache.set("k", "v");
    await t.settle();
    const kv = await bindings.CACHE_KV.getWithMetadata<{ expiresAtMs: number }>(`${t.prefix}k`);
    expect(kv.value).toBe("v");
    expect(kv.metadata?.expiresAtMs).toBe(1_800_000_000_000 + 3_600_000);
    const r2 = await bindings.CACHE_R2.head(`${t.prefix}k`);
    expect(Number(r2?.customMetadata?.expiresAtMs)).toBe(1_800_000_000_000 + 86_400_000);
  });

  it("after the memory TTL (300 s) serves from KV and promotes the entry back to memory", async () => {
    const t = setup();
    t.cache.set("k", "v");
    await t.settle();
    t.advance(301);
    expect(await t.cache.get("k")).toEqual({ result: "hit", tier: "kv", value: "v" });
    expect(await t.cache.get("k")).toEqual({ result: "hit", tier: "memory", value: "v" });
  });

  it("after the KV TTL (3600 s) serves from R2 and promotes to KV and memory", async () => {
    const t = setup();
    t.cache.set("k", "v");
    await t.settle();
    t.advance(3601);
    expect(await t.cache.get("k")).toMatchObject({ result: "hit", tier: "r2" });
    await t.settle();
    const promoted = await bindings.CACHE_KV.getWithMetadata<{ expiresAtMs: number }>(`${t.prefix}k`);
    expect(promoted.metadata?.expiresAtMs).toBe(1_800_000_000_000 + 3601_000 + 3_600_000);
    t.memory.delete("k");
    expect(await t.cache.get("k")).toMatchObject({ result: "hit", tier: "kv" });
  });

  it("a promoted entry never outlives the lower tier's expiry", async () => {
    const t = setup();
    t.cache.set("k", "v");
    await t.settle();
    t.advance(86_400 - 100); // R2 entry has 100 s left
    expect(await t.cache.get("k")).toMatchObject({ result: "hit", tier: "r2" });
    await t.settle();
    const promoted = await bindings.CACHE_KV.getWithMetadata<{ expiresAtMs: number }>(`${t.prefix}k`);
    expect(promoted.metadata?.expiresAtMs).toBe(1_800_000_000_000 + 86_400_000);
    t.advance(101);
    expect(await t.cache.get("k")).toEqual({ result: "miss" });
  });

  it("misses after the R2 TTL (86400 s) and deletes the expired objects", async () => {
    const t = setup();
    t.cache.set("k", "v");
    await t.settle();
    t.advance(86_401);
    expect(await t.cache.get("k")).toEqual({ result: "miss" });
    await t.settle();
    expect(await bindings.CACHE_R2.head(`${t.prefix}k`)).toBeNull();
  });
});
