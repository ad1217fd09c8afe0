// Config defaults and errors that name the key.
import { describe, expect, it } from "vitest";
import { ConfigError } from "./http-errors";
import { parseServiceConfig } from "./service-config";

const routing = JSON.stringify({
  defaultRegion: "us",
  providers: [{ name: "a", baseUrl: "https://a.test/v1", model: "m", apiKeyVar: "A_KEY", regions: ["us"], inputUsdPerMTok: 1, outputUsdPerMTok: 2, quality: 0.5 }],
});

describe("service config", () => {
  it("resolves defaults: cache TTLs 300/3600/86400 s, PII masking on, bounded export retries", () => {
    const config = parseServiceConfig({ LLM_ROUTING: routing, A_KEY: "k", INGEST_KEY: "i" });
    expect(config.ttls).toEqual({ memoryS: 300, kvS: 3600, r2S: 86_400 });
    expect(config.pii).toMatchObject({ email: true, phone: true, card: true, apiKey: true, restore: true });
    expect(config.apiKeys.get("a")).toBe("k");
    expect(config.telemetry).toMatchObject({ enabled: true, collectorUrl: null, langfuse: null, retry: { maxAttempts: 3 } });
  });

  it("names the key of a bad value", () => {
    expect(() => parseServiceConfig({ LLM_ROUTING: "{", INGEST_KEY: "i" })).toThrow(/LLM_ROUTING: not valid JSON/);
    expect(() => parseServiceConfig({ LLM_ROUTING: routing, INGEST_KEY: "i" })).toThrow(/providers\.0\.apiKeyVar: secret A_KEY is not set/);
    expect(() => parseServiceConfig({ LLM_ROUTING: routing, A_KEY: "k" })).toThrow(ConfigError);
    expect(() => parseServiceConfig({ LLM_ROUTING: routing, A_KEY: "k", INGEST_KEY: "i", CACHE_KV_TTL_S: "-5" })).toThrow(/CACHE_KV_TTL_S/);
    expect(() => parseServiceConfig({ LLM_ROUTING: routing, A_KEY: "k", INGEST_KEY: "i", LANGFUSE_PUBLIC_KEY: "pk" })).toThrow(/LANGFUSE_PUBLIC_KEY/);
  });

  it("needs no ingest key with telemetry off", () => {
    expect(parseServiceConfig({ LLM_ROUTING: routing, A_KEY: "k", TELEMETRY: "off" }).telemetry.enabled).toBe(false);
  });
});
