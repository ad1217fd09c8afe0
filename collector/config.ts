// parseConfig(env): the collector's settings, validated once per isolate; a bad value fails loudly with its key named.
import { z } from "zod";
import { configResolver, jsonString } from "./config-resolver";
import { DEFAULT_PRICING, pricingTableSchema, type PricingTable } from "./pricing";
import { ingestKeyRecordSchema, type IngestKeyRecord } from "./ingest-key";

const envSchema = z.object({
  EDGESLO_KEYS: jsonString(z.array(ingestKeyRecordSchema).min(1)),
  PRICING_JSON: jsonString(pricingTableSchema).optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  MAX_INGEST_IN_FLIGHT: z.coerce.number().int().positive().default(32),
  LANGFUSE_SETTLE_SECONDS: z.coerce.number().nonnegative().default(15),
  DEDUPE_WINDOW_HOURS: z.coerce.number().positive().default(6),
  COMPACT_AFTER_HOURS: z.coerce.number().positive().default(6),
  LANGFUSE_BASE_URL: z.url().optional(),
  LANGFUSE_PUBLIC_KEY: z.string().optional(),
  LANGFUSE_SECRET_KEY: z.string().optional(),
  CF_API_BASE_URL: z.url().default("https://api.cloudflare.com/client/v4"),
  CF_ACCOUNT_ID: z.string().optional(),
  CF_API_TOKEN: z.string().optional(),
  AE_DATASET: z.string().regex(/^\w+$/).default("edgeslo_events"),
  /** Cloudflare Access in front of the dashboard: the team URL (https://<team>.cloudflareaccess.com), audience tag, project. */
  CF_ACCESS_TEAM_URL: z.url().optional(),
  CF_ACCESS_AUD: z.string().min(1).optional(),
  CF_ACCESS_PROJECT: z.string().min(1).optional(),
});

export interface Config {
  keys: IngestKeyRecord[];
  pricing: PricingTable;
  maxBodyBytes: number;
  /** Ingest requests one isolate works on at once before answering 429. */
  maxIngestInFlight: number;
  langfuseSettleMs: number;
  dedupeWindowMs: number;
  compactAfterMs: number;
  /** Upstream Langfuse to forward batches to; null = forwarding off (the default). */
  langfuseForward: { baseUrl: string; publicKey: string; secretKey: string } | null;
  /** Read access through Cloudflare Access (its signed JWT header) for one project; null = keys only. */
  access: { teamUrl: string; audience: string; project: string } | null;
  /** Analytics Engine SQL API access for windows beyond the rollups; null when not configured. */
  analyticsSql: { baseUrl: string; accountId: string; apiToken: string; dataset: string } | null;
}

export class ConfigError extends Error {}

export const parseConfig = configResolver(envSchema, buildConfig, (message) => new ConfigError(message));

function buildConfig(e: z.output<typeof envSchema>): Config {
  const forwardKeys = [e.LANGFUSE_BASE_URL, e.LANGFUSE_PUBLIC_KEY, e.LANGFUSE_SECRET_KEY];
  if (forwardKeys.some(Boolean) && !forwardKeys.every(Boolean)) {
    throw new ConfigError("invalid configuration LANGFUSE_BASE_URL: forwarding needs LANGFUSE_BASE_URL, LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY together");
  }
  const accessKeys = [e.CF_ACCESS_TEAM_URL, e.CF_ACCESS_AUD, e.CF_ACCESS_PROJECT];
  if (accessKeys.some(Boolean) && !accessKeys.every(Boolean)) {
    throw new ConfigError("invalid configuration CF_ACCESS_TEAM_URL: Access sign-in needs CF_ACCESS_TEAM_URL, CF_ACCESS_AUD and CF_ACCESS_PROJECT together");
  }
  return {
    keys: e.EDGESLO_KEYS,
    pricing: { ...DEFAULT_PRICING, ...e.PRICING_JSON },
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxIngestInFlight: e.MAX_INGEST_IN_FLIGHT,
    langfuseSettleMs: e.LANGFUSE_SETTLE_SECONDS * 1000,
    dedupeWindowMs: e.DEDUPE_WINDOW_HOURS * 3_600_000,
    compactAfterMs: e.COMPACT_AFTER_HOURS * 3_600_000,
    langfuseForward: e.LANGFUSE_BASE_URL
      ? { baseUrl: e.LANGFUSE_BASE_URL, publicKey: e.LANGFUSE_PUBLIC_KEY!, secretKey: e.LANGFUSE_SECRET_KEY! }
      : null,
    access: e.CF_ACCESS_TEAM_URL ? { teamUrl: e.CF_ACCESS_TEAM_URL.replace(/\/$/, ""), audience: e.CF_ACCESS_AUD!, project: e.CF_ACCESS_PROJECT! } : null,
    analyticsSql:
      e.CF_ACCOUNT_ID && e.CF_API_TOKEN
        ? { baseUrl: e.CF_API_BASE_URL, accountId: e.CF_ACCOUNT_ID, apiToken: e.CF_API_TOKEN, dataset: e.AE_DATASET }
        : null,
  };
}
