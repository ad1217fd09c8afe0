import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";
import { authorise, readCredentials, sha256Hex } from "./ingest-key";
import { TEST_KEYS, TEST_KEYS_JSON } from "./testing/test-keys";

describe("parseConfig", () => {
  it("resolves defaults", () => {
    const config = parseConfig({ EDGESLO_KEYS: TEST_KEYS_JSON });
    expect(config.maxBodyBytes).toBe(5 * 1024 * 1024);
    expect(config.langfuseForward).toBeNull();
    expect(config.analyticsSql).toBeNull();
    expect(config.pricing["gpt-4o-mini"]).toEqual({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 });
  });

  it("names the key that is wrong", () => {
    expect(() => parseConfig({})).toThrow(/EDGESLO_KEYS/);
    expect(() => parseConfig({ EDGESLO_KEYS: "[not json" })).toThrow(/EDGESLO_KEYS: not valid JSON/);
    expect(() => parseConfig({ EDGESLO_KEYS: '[{"project":"p","sha256":"abc","scopes":["ingest"]}]' })).toThrow(/EDGESLO_KEYS\.0\.sha256/);
    expect(() => parseConfig({ EDGESLO_KEYS: TEST_KEYS_JSON, MAX_BODY_BYTES: "-1" })).toThrow(ConfigError);
    expect(() => parseConfig({ EDGESLO_KEYS: TEST_KEYS_JSON, LANGFUSE_BASE_URL: "https://lf.example" })).toThrow(/together/);
  });

  it("PRICING_JSON overrides and extends the shipped table", () => {
    const config = parseConfig({ EDGESLO_KEYS: TEST_KEYS_JSON, PRICING_JSON: '{"gpt-4o-mini":{"inputUsdPerMTok":1,"outputUsdPerMTok":2},"my-model":{"inputUsdPerMTok":3,"outputUsdPerMTok":4}}' });
    expect(config.pricing["gpt-4o-mini"]).toEqual({ inputUsdPerMTok: 1, outputUsdPerMTok: 2 });
    expect(config.pricing["my-model"]).toBeDefined();
  });
});

describe("keys", () => {
  it("the test key records are the SHA-256 of the test keys", async () => {
    const records = JSON.parse(TEST_KEYS_JSON) as { sha256: string }[];
    expect(records[0]!.sha256).toBe(await sha256Hex(TEST_KEYS.ingest));
    expect(records[1]!.sha256).toBe(await sha256Hex(TEST_KEYS.read));
    expect(records[3]!.sha256).toBe(await sha256Hex(TEST_KEYS.langfuseSecret));
  });

  it("reads Bearer and Basic credentials, and nothing else", () => {
    expect(readCredentials("Bearer abc")).toEqual({ secret: "abc", publicKey: null });
    expect(readCredentials(`Basic ${btoa("pk:sk:with:colons")}`)).toEqual({ publicKey: "pk", secret: "sk:with:colons" });
    expect(readCredentials("Basic %%%")).toBeNull();
    expect(readCredentials("Token abc")).toBeNull();
    expect(readCredentials(undefined)).toBeNull();
  });

  it("a key grants only its own project and scopes", async () => {
    const { keys } = parseConfig({ EDGESLO_KEYS: TEST_KEYS_JSON });
    expect(await authorise(keys, { secret: TEST_KEYS.ingest, publicKey: null }, "ingest")).toEqual({ project: "test" });
    expect(await authorise(keys, { secret: TEST_KEYS.ingest, publicKey: null }, "read")).toBeNull();
    expect(await authorise(keys, { secret: "", publicKey: null }, "ingest")).toBeNull();
  });
});
