// parseServiceConfig(env): a Worker's settings (providers, cache, PII, telemetry), validated once per isolate.
import { z } from "zod";
import { ConfigError } from "./http-errors";
import { piiOptionsSchema, type PiiOptions } from "./pii-mask";
import { routingSchema, type RoutingConfig } from "./provider-config";
import type { RetryPolicy } from "./delivery";
import type { TierTtls } from "./tiered-cache";

const jsonString = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `not valid JSON (${(error as Error).message})` });
        return z.NEVER;
      }
    })
    .pipe(schema);

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  LLM_ROUTING: jsonString(routingSchema),
  PII_OPTIONS: jsonString(piiOptionsSchema).default(piiOptionsSchema.parse({})),
  CACHE_MEMORY_TTL_S: positiveInt(300),
  CACHE_KV_TTL_S: positiveInt(3600),
  CACHE_R2_TTL_S: positiveInt(86_400),
  CACHE_MEMORY_MAX_BYTES: positiveInt(8 * 1024 * 1024),
  MAX_BODY_BYTES: positiveInt(64 * 1024),
  TELEMETRY: z.enum(["on", "off"]).default("on"),
  COLLECTOR_URL: z.url().optional(),
  INGEST_KEY: z.string().min(1).optional(),
  LANGFUSE_PUBLIC_KEY: z.string().min(1).optional(),
  LANGFUSE_SECRET_KEY: z.string().min(1).optional(),
  EXPORT_MAX_ATTEMPTS: positiveInt(3),
  EXPORT_TIMEOUT_MS: positiveInt(2000),
  EXPORT_BACKOFF_MS: positiveInt(200),
});

export interface ServiceConfig {
  routing: RoutingConfig;
  /** Provider name → API key read from the secret its config names. */
  apiKeys: Map<string, string>;
  pii: PiiOptions;
  ttls: TierTtls;
  memoryMaxBytes: number;
  maxBodyBytes: number;
  telemetry: {
    enabled: boolean;
    /** null = the COLLECTOR service binding. */
    collectorUrl: string | null;
    ingestKey: string;
    /** null = Langfuse reporting off. */
    langfuse: { publicKey: string; secretKey: string } | null;
    retry: RetryPolicy;
  };
}

let resolved: ServiceConfig | undefined;

/** Once per isolate (env does not change within one); a bad value throws a ConfigError naming the key. */
export function serviceConfig(env: object): ServiceConfig {
  return (resolved ??= parseServiceConfig(env as Record<string, unknown>));
}

export function parseServiceConfig(env: Record<string, unknown>): ServiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  const apiKeys = new Map<string, string>();
  for (const [i, provider] of e.LLM_ROUTING.providers.entries()) {
    if (!provider.apiKeyVar) continue;
    const key = env[provider.apiKeyVar];
    if (typeof key !== "string" || key === "") {
      throw new ConfigError(`invalid configuration LLM_ROUTING.providers.${i}.apiKeyVar: secret ${provider.apiKeyVar} is not set`);
    }
    apiKeys.set(provider.name, key);
  }
  const enabled = e.TELEMETRY === "on";
  if (enabled && !e.INGEST_KEY) throw new ConfigError("invalid configuration INGEST_KEY: required while TELEMETRY is on");
  if (Boolean(e.LANGFUSE_PUBLIC_KEY) !== Boolean(e.LANGFUSE_SECRET_KEY)) {
    throw new ConfigError("invalid configuration LANGFUSE_PUBLIC_KEY: set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY together");
  }
  const retry: RetryPolicy = {
    maxAttempts: e.EXPORT_MAX_ATTEMPTS,
    baseBackoffMs: e.EXPORT_BACKOFF_MS,
    maxBackoffMs: e.EXPORT_BACKOFF_MS * 8,
    attemptTimeoutMs: e.EXPORT_TIMEOUT_MS,
  };
  return {
    routing: e.LLM_ROUTING,
    apiKeys,
    pii: e.PII_OPTIONS,
    ttls: { memoryS: e.CACHE_MEMORY_TTL_S, kvS: e.CACHE_KV_TTL_S, r2S: e.CACHE_R2_TTL_S },
    memoryMaxBytes: e.CACHE_MEMORY_MAX_BYTES,
    maxBodyBytes: e.MAX_BODY_BYTES,
    telemetry: {
      enabled,
      collectorUrl: e.COLLECTOR_URL ?? null,
      ingestKey: e.INGEST_KEY ?? "",
      langfuse: e.LANGFUSE_PUBLIC_KEY && e.LANGFUSE_SECRET_KEY ? { publicKey: e.LANGFUSE_PUBLIC_KEY, secretKey: e.LANGFUSE_SECRET_KEY } : null,
      retry,
    },
  };
}
