// KV and R2 adapters for the tiered cache's durable tiers (L2, L3); the expiry travels with each value.
import type { DurableTier, StoredEntry } from "./tiered-cache";

/** Workers KV refuses expirationTtl below 60 s; the logical expiry in the metadata still applies exactly. */
const KV_MIN_TTL_S = 60;

export function kvTier(kv: KVNamespace, prefix: string): DurableTier {
  return {
    name: "kv",
    async read(key) {
      const { value, metadata } = await kv.getWithMetadata<{ expiresAtMs?: number }>(`${prefix}${key}`);
      if (value === null || typeof metadata?.expiresAtMs !== "number") return null;
      return { value, expiresAtMs: metadata.expiresAtMs };
    },
    async write(key, entry: StoredEntry, ttlS) {
      await kv.put(`${prefix}${key}`, entry.value, {
        expirationTtl: Math.max(KV_MIN_TTL_S, ttlS),
        metadata: { expiresAtMs: entry.expiresAtMs },
      });
    },
    async remove(key) {
      await kv.delete(`${prefix}${key}`);
    },
  };
}

/** R2 has no per-object TTL: the expiry is custom metadata checked on read (and a bucket lifecycle rule cleans up). */
export function r2Tier(bucket: R2Bucket, prefix: string): DurableTier {
  return {
    name: "r2",
    async read(key) {
      const object = await bucket.get(`${prefix}${key}`);
      if (!object) return null;
      const expiresAtMs = Number(object.customMetadata?.expiresAtMs);
      const value = await object.text();
      return Number.isFinite(expiresAtMs) ? { value, expiresAtMs } : null;
    },
    async write(key, entry: StoredEntry) {
      await bucket.put(`${prefix}${key}`, entry.value, {
        customMetadata: { expiresAtMs: String(entry.expiresAtMs) },
        httpMetadata: { contentType: "application/json" },
      });
    },
    async remove(key) {
      await bucket.delete(`${prefix}${key}`);
    },
  };
}
