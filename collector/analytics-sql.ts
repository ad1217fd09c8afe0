// Builds Analytics Engine SQL for a service window and maps its rows to WindowFigures (counts weighted by _sample_interval).
import { AE_BLOBS, AE_DOUBLES } from "./conventions";
import type { WindowFigures } from "./rollup";

const blob = (name: (typeof AE_BLOBS)[number]) => `blob${AE_BLOBS.indexOf(name) + 1}`;
const double = (name: (typeof AE_DOUBLES)[number]) => `double${AE_DOUBLES.indexOf(name) + 1}`;

/** AE SQL has no bind parameters: string literals are escaped here and nowhere else. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

export interface AnalyticsWindowQuery {
  project: string;
  service: string;
  version?: string;
  fromMs: number;
  toMs: number;
}

export function buildWindowSql(dataset: string, q: AnalyticsWindowQuery, options: { byVersion: boolean }): string {
  const isRequest = `${blob("role")} IN ('request', 'request+usage')`;
  const isUsage = `${blob("role")} IN ('usage', 'request+usage')`;
  const weighted = (condition: string, value = "1") => `SUM(IF(${condition}, ${value} * _sample_interval, 0))`;
  const columns = [
    ...(options.byVersion ? [`${blob("version")} AS version`] : []),
    `${weighted(isRequest)} AS requests`,
    `${weighted(`${isRequest} AND ${blob("outcome")} = 'error'`)} AS errors`,
    `${weighted(`${isRequest} AND ${blob("cacheResult")} = 'hit'`)} AS cache_hits`,
    `${weighted(`${isRequest} AND ${blob("cacheResult")} = 'miss'`)} AS cache_misses`,
    `${weighted(`${isRequest} AND ${blob("cacheResult")} = 'bypass'`)} AS cache_bypasses`,
    `${weighted(isRequest, double("durationMs"))} AS latency_sum_ms`,
    `${weighted(isUsage, double("inputTokens"))} AS input_tokens`,
    `${weighted(isUsage, double("outputTokens"))} AS output_tokens`,
    `${weighted(isUsage, double("costUsd"))} AS cost_usd`,
    ...[0.5, 0.95, 0.99].map(
      (q) => `quantileExactWeighted(${q})(IF(${isRequest}, ${double("durationMs")}, NULL), _sample_interval) AS p${Math.round(q * 100)}`,
    ),
  ];
  const where = [
    `index1 = ${sqlString(`${q.project}:${q.service}`.slice(0, 96))}`,
    // AE's timestamp is arrival time, never earlier than the event (bar 5 minutes of accepted clock skew).
    `timestamp >= toDateTime(${Math.floor(q.fromMs / 1000) - 300})`,
    `${double("timestampMs")} >= ${q.fromMs}`,
    `${double("timestampMs")} < ${q.toMs}`,
    ...(q.version ? [`${blob("version")} = ${sqlString(q.version)}`] : []),
  ];
  return `SELECT ${columns.join(", ")} FROM ${dataset} WHERE ${where.join(" AND ")}${options.byVersion ? ` GROUP BY ${blob("version")}` : ""}`;
}

export type AnalyticsRow = Record<string, string | number | null>;

const num = (value: string | number | null | undefined) => (value === null || value === undefined || value === "" ? 0 : Number(value));
const maybe = (value: string | number | null | undefined) => (value === null || value === undefined || Number.isNaN(Number(value)) ? null : Number(value));

export function figuresOfAnalyticsRow(row: AnalyticsRow): WindowFigures {
  const requests = num(row.requests);
  const cacheHits = num(row.cache_hits);
  const cacheMisses = num(row.cache_misses);
  const input = num(row.input_tokens);
  const output = num(row.output_tokens);
  const cost = num(row.cost_usd);
  const perRequest = (value: number) => (requests > 0 ? value / requests : null);
  return {
    requests,
    errors: num(row.errors),
    errorRate: requests > 0 ? num(row.errors) / requests : null,
    cacheHitRate: cacheHits + cacheMisses > 0 ? cacheHits / (cacheHits + cacheMisses) : null,
    cacheHits,
    cacheMisses,
    cacheBypasses: num(row.cache_bypasses),
    // Tiers are not aggregated over the long range; the rollups carry them.
    cacheHitsByTier: {},
    latencyMs: {
      p50: requests > 0 ? maybe(row.p50) : null,
      p95: requests > 0 ? maybe(row.p95) : null,
      p99: requests > 0 ? maybe(row.p99) : null,
      mean: perRequest(num(row.latency_sum_ms)),
    },
    tokens: { input, output, total: input + output, perRequest: perRequest(input + output) },
    costUsd: { total: cost, perRequest: perRequest(cost) },
  };
}
