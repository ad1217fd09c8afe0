// Every contract string edgeslo shares with the outside world: routes, span attributes, Langfuse fields, DO names, AE layout.

/** HTTP paths the collector serves. */
export const ROUTES = {
  otlpTraces: "/v1/traces",
  langfuseIngestion: "/api/public/ingestion",
  langfuseOtelTraces: "/api/public/otel/v1/traces",
  services: "/api/services",
  metrics: "/api/metrics",
  series: "/api/series",
  session: "/api/session",
  health: "/health",
} as const;

/** The dashboard's session cookie: holds a read key (HttpOnly, SameSite=Strict), accepted for the read scope only. */
export const SESSION_COOKIE = "edgeslo_read";
/** The JWT Cloudflare Access adds to requests of signed-in users (verified against the team's keys, read scope only). */
export const ACCESS_JWT_HEADER = "cf-access-jwt-assertion";

/** OTLP resource attributes that identify who sent a span. */
export const RESOURCE_ATTR = {
  serviceName: "service.name",
  serviceVersion: "service.version",
} as const;

/** Span attributes edgeslo reads. Arrays list accepted synonyms, first wins. */
export const SPAN_ATTR = {
  /** Set by @microlabs/otel-cf-workers on the root span when a version_metadata binding exists. */
  workerVersionId: "cf.workers_version_metadata.id",
  workerVersionTag: "cf.workers_version_metadata.tag",
  route: ["http.route"],
  httpStatus: ["http.response.status_code", "http.status_code"],
  region: ["cloud.region", "cf.colo", "faas.colo"],
  /** edgeslo's own cache convention: hit | miss | bypass, and the tier that answered (also read from Langfuse metadata). */
  cacheResult: ["edgeslo.cache.result", "langfuse.observation.metadata.edgeslo.cache.result"],
  cacheTier: ["edgeslo.cache.tier", "langfuse.observation.metadata.edgeslo.cache.tier"],
  /** otel-cf-workers' Cache API instrumentation: a boolean. */
  cacheHitBoolean: "cache.hit",
  provider: ["gen_ai.provider.name", "gen_ai.system"],
  /** On the Langfuse OTel endpoint langfuse.* attributes take precedence over gen_ai.* (they are absent elsewhere). */
  model: ["langfuse.observation.model.name", "gen_ai.response.model", "gen_ai.request.model"],
  inputTokens: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
  outputTokens: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"],
  /** No standard cost attribute exists yet: the three forms seen in the wild, all in USD. */
  costUsd: "gen_ai.usage.cost",
  costAmount: "gen_ai.usage.cost.amount",
  costCurrency: "gen_ai.usage.cost.currency",
  langfuseCostDetails: "langfuse.observation.cost_details",
  langfuseUsageDetails: "langfuse.observation.usage_details",
  langfuseObservationType: "langfuse.observation.type",
  langfuseLevel: "langfuse.observation.level",
  langfuseVersion: "langfuse.version",
  langfuseRelease: "langfuse.release",
} as const;

export const CACHE_RESULTS = ["hit", "miss", "bypass"] as const;

/** OTLP enum values (JSON encodes enums as integers). */
export const SPAN_KIND = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

/** Langfuse conventions: Langfuse has no service field, so edgeslo reads these. */
export const LANGFUSE = {
  serviceMetadataKey: "service.name",
  cacheResultMetadataKey: "edgeslo.cache.result",
  cacheTierMetadataKey: "edgeslo.cache.tier",
  serviceTagPrefix: "service:",
  errorLevel: "ERROR",
} as const;

/** Durable Object instance names. Shards are per project and service so one hot service cannot slow another. */
export const DO_NAME = {
  rollupShard: (project: string, service: string) => `rollup:${project}:${service}`,
  projectDirectory: (project: string) => `directory:${project}`,
  langfuseAssembler: (project: string, shard: number) => `langfuse:${project}:${shard}`,
  analyticsWriter: (index: number) => `ae-writer:${index}`,
} as const;

/**
 * Pooled AnalyticsWriter objects (collector/analytics-writer.do.ts). One write of 250 points takes about a
 * millisecond, so each object serves hundreds a second; the pool spreads them and bounds the objects kept warm.
 */
export const AE_WRITERS = 16;

export const LANGFUSE_ASSEMBLER_SHARDS = 8;

/** Version label used when neither service.version nor a Worker version id was sent. */
export const UNKNOWN_VERSION = "unknown";

/**
 * Analytics Engine row layout, version 1. The writer (analytics.sink.ts) and the SQL reader
 * (analytics-sql.ts) both derive their columns from this table; bump the version when it changes.
 */
export const AE_LAYOUT_VERSION = 1;
export const AE_BLOBS = [
  "layout", "project", "service", "version", "route", "region", "outcome", "cacheResult",
  "cacheTier", "provider", "model", "traceId", "spanId", "role", "source",
] as const;
export const AE_DOUBLES = ["durationMs", "httpStatus", "inputTokens", "outputTokens", "costUsd", "timestampMs"] as const;

/** The SLO stage's Durable Object names (slo/ and alerts/ both address the AlertBook; worker.ts exports the class). */
export const ALERT_BOOK_NAME = (project: string) => `alerts:${project}`;
