// Per-isolate state of a service (config, L1 memory cache, provider latencies) and its per-request tiered cache.
import { ByteLru } from "./lru-cache";
import { LatencyTracker } from "./latency-tracker";
import { logEvent } from "./log";
import { serviceConfig, type ServiceConfig } from "./service-config";
import { kvTier, r2Tier } from "./cache-tiers.store";
import { TieredCache } from "./tiered-cache";

export interface CacheBindings {
  CACHE_KV: KVNamespace;
  CACHE_R2: R2Bucket;
}

export interface ServiceRuntime {
  config: ServiceConfig;
  memory: ByteLru;
  latency: LatencyTracker;
}

let runtime: ServiceRuntime | undefined;

export function serviceRuntime(env: object): ServiceRuntime {
  if (runtime) return runtime;
  const config = serviceConfig(env);
  return (runtime = { config, memory: new ByteLru(config.memoryMaxBytes), latency: new LatencyTracker() });
}

/** Background cache writes go to waitUntil; a failed write (e.g. KV's one-write-per-second-per-key limit) is logged. */
export function requestCache(runtime: ServiceRuntime, env: CacheBindings, ctx: { waitUntil(work: Promise<unknown>): void }, prefix: string): TieredCache {
  return new TieredCache({
    memory: runtime.memory,
    kv: kvTier(env.CACHE_KV, prefix),
    r2: r2Tier(env.CACHE_R2, prefix),
    ttls: runtime.config.ttls,
    now: Date.now,
    defer: (work) =>
      ctx.waitUntil(work.catch((error: unknown) => logEvent("warn", "cache_write_failed", { message: String((error as Error)?.message ?? error) }))),
  });
}
