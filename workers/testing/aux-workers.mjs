// Node side of the workers/ vitest projects: bundles the Workers that run beside the one under test (auxiliary Workers
// in Miniflare need a built script) and returns their Miniflare options. Used by ../../vitest.config.ts only.
import { buildSync } from "esbuild";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = path.join(root, ".wrangler", "test-aux");

/** Same resolution as wrangler's bundler for workerd: worker/browser conditions, node:* and cloudflare:* provided. */
function bundle(entry, name) {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}.mjs`);
  buildSync({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    external: ["node:*", "cloudflare:*"],
    target: "es2022",
    logLevel: "error",
  });
  return outfile;
}

export const COMPAT = { compatibilityDate: "2026-08-01", compatibilityFlags: ["nodejs_compat"] };
export const LLM_HOST = "http://llm.test";
export const TEST_KEYS = { INGEST_KEY: "test-ingest-key", LANGFUSE_PUBLIC_KEY: "pk-lf-test", LANGFUSE_SECRET_KEY: "test-ingest-key" };

/** Three simulated providers on the stand-in (reached through the outbound service, whatever the host). */
export const TEST_ROUTING = JSON.stringify({
  defaultRegion: "us",
  maxAttempts: 3,
  providers: [
    { name: "swift", baseUrl: `${LLM_HOST}/p/swift/v1`, model: "swift-mini", regions: ["us", "eu"], inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, quality: 0.72, timeoutMs: 1500, expectedLatencyMs: 100 },
    { name: "premium", baseUrl: `${LLM_HOST}/p/premium/v1`, model: "premium-large", regions: ["us", "eu"], inputUsdPerMTok: 2.5, outputUsdPerMTok: 10, quality: 0.95, timeoutMs: 1500, expectedLatencyMs: 400 },
    { name: "budget", baseUrl: `${LLM_HOST}/p/budget/v1`, model: "budget-small", regions: ["us"], inputUsdPerMTok: 0.05, outputUsdPerMTok: 0.08, quality: 0.55, timeoutMs: 1500, expectedLatencyMs: 250 },
  ],
});

/** Fast export settings so a dead collector's retries finish within a test. */
export const TEST_EXPORT = { EXPORT_MAX_ATTEMPTS: "3", EXPORT_TIMEOUT_MS: "300", EXPORT_BACKOFF_MS: "20" };

export function localLlmWorker() {
  return {
    name: "edgeslo-local-llm",
    modules: true,
    scriptPath: bundle("workers/local-llm/index.ts", "local-llm"),
    compatibilityDate: COMPAT.compatibilityDate,
    bindings: {
      LLM_SEED: "7",
      LLM_PROFILES: JSON.stringify({
        default: { medianMs: 0, p95Ms: 0, errorRate: 0 },
        swift: { medianMs: 0, p95Ms: 0, errorRate: 0 },
        premium: { medianMs: 0, p95Ms: 0, errorRate: 0 },
        budget: { medianMs: 0, p95Ms: 0, errorRate: 0 },
      }),
    },
  };
}

export function collectorDoubleWorker() {
  return { name: "collector-double", modules: true, scriptPath: path.join(root, "workers/testing/collector-double.mjs"), compatibilityDate: COMPAT.compatibilityDate };
}

export function evalEngineWorker() {
  return {
    name: "edgeslo-eval-engine",
    modules: true,
    scriptPath: bundle("workers/eval-engine/index.ts", "eval-engine"),
    ...COMPAT,
    bindings: { LLM_ROUTING: TEST_ROUTING, ...TEST_KEYS, ...TEST_EXPORT },
    kvNamespaces: { CACHE_KV: "eval-cache-aux" },
    r2Buckets: { CACHE_R2: "eval-cache-aux" },
    serviceBindings: { COLLECTOR: "collector-double" },
    outboundService: "edgeslo-local-llm",
  };
}
