// Tiered cache: L1 memory (300 s), L2 KV (3600 s), L3 R2 (86400 s); a hit below L1 is promoted to the tiers above it.
import type { ByteLru } from "./lru-cache";

export type CacheTierName = "memory" | "kv" | "r2";

/** A stored value and when it stops being served; every tier checks the expiry itself (R2 has no per-object TTL). */
export interface StoredEntry {
  value: string;
  expiresAtMs: number;
}

/** A durable tier (KV, R2). Adapters live in cache-tiers.store.ts; tests use the real bindings. */
export interface DurableTier {
  readonly name: Exclude<CacheTierName, "memory">;
  read(key: string): Promise<StoredEntry | null>;
  write(key: string, entry: StoredEntry, ttlS: number): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface TierTtls {
  memoryS: number;
  kvS: number;
  r2S: number;
}

export const DEFAULT_TTLS: TierTtls = { memoryS: 300, kvS: 3600, r2S: 86_400 };

export type CacheLookup = { result: "hit"; tier: CacheTierName; value: string } | { result: "miss" };

export interface TieredCacheDeps {
  memory: ByteLru;
  kv: DurableTier;
  r2: DurableTier;
  ttls: TierTtls;
  now: () => number;
  /** Background work (ctx.waitUntil): durable writes and promotions never hold up the response. */
  defer: (work: Promise<unknown>) => void;
}

function ttlOf(tier: CacheTierName, ttls: TierTtls): number {
  return tier === "memory" ? ttls.memoryS : tier === "kv" ? ttls.kvS : ttls.r2S;
}

export class TieredCache {
  constructor(private readonly deps: TieredCacheDeps) {}

  async get(key: string): Promise<CacheLookup> {
    const now = this.deps.now();
    const fromMemory = this.deps.memory.get(key, now);
    if (fromMemory) return { result: "hit", tier: "memory", value: fromMemory.value };
    const durable = [this.deps.kv, this.deps.r2];
    for (const [index, tier] of durable.entries()) {
      const entry = await this.readLive(tier, key, now);
      if (!entry) continue;
      this.promote(key, entry, durable.slice(0, index), now);
      return { result: "hit", tier: tier.name, value: entry.value };
    }
    return { result: "miss" };
  }

  /** Writes L1 now and L2/L3 in the background, each with its own TTL. */
  set(key: string, value: string): void {
    const now = this.deps.now();
    const { ttls } = this.deps;
    this.deps.memory.set(key, value, now + ttls.memoryS * 1000);
    for (const tier of [this.deps.kv, this.deps.r2]) {
      const ttlS = ttlOf(tier.name, ttls);
      this.deps.defer(tier.write(key, { value, expiresAtMs: now + ttlS * 1000 }, ttlS));
    }
  }

  private async readLive(tier: DurableTier, key: string, now: number): Promise<StoredEntry | null> {
    const entry = await tier.read(key);
    if (!entry) return null;
    if (entry.expiresAtMs > now) return entry;
    this.deps.defer(tier.remove(key));
    return null;
  }

  /** Upper tiers get their own TTL, never outliving the entry they were promoted from. */
  private promote(key: string, entry: StoredEntry, upperDurable: DurableTier[], now: number): void {
    const { ttls } = this.deps;
    this.deps.memory.set(key, entry.value, Math.min(entry.expiresAtMs, now + ttls.memoryS * 1000));
    for (const tier of upperDurable) {
      const expiresAtMs = Math.min(entry.expiresAtMs, now + ttlOf(tier.name, ttls) * 1000);
      const ttlS = Math.ceil((expiresAtMs - now) / 1000);
      this.deps.defer(tier.write(key, { value: entry.value, expiresAtMs }, ttlS));
    }
  }
}
