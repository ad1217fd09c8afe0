// Reads long windows from the Analytics Engine SQL API (POST /accounts/{id}/analytics_engine/sql); base URL configurable.
import type { Config } from "./config";
import { buildWindowSql, figuresOfAnalyticsRow, type AnalyticsRow, type AnalyticsWindowQuery } from "./analytics-sql";
import { httpError } from "./http-error";
import type { WindowFigures } from "./rollup";

type AnalyticsSqlConfig = NonNullable<Config["analyticsSql"]>;

export async function runAnalyticsSql(config: AnalyticsSqlConfig, sql: string, fetcher: typeof fetch = fetch): Promise<AnalyticsRow[]> {
  const url = `${config.baseUrl.replace(/\/$/, "")}/accounts/${encodeURIComponent(config.accountId)}/analytics_engine/sql`;
  const response = await fetcher(url, { method: "POST", headers: { authorization: `Bearer ${config.apiToken}` }, body: sql });
  const text = await response.text();
  if (!response.ok) throw httpError(502, "analytics_engine_error", `Analytics Engine SQL API answered ${response.status}: ${text.slice(0, 300)}`);
  try {
    return (JSON.parse(text) as { data: AnalyticsRow[] }).data ?? [];
  } catch (error) {
    throw httpError(502, "analytics_engine_error", "Analytics Engine SQL API answered something that is not JSON", { cause: error });
  }
}

export async function queryAnalyticsEngineWindow(
  config: AnalyticsSqlConfig,
  q: AnalyticsWindowQuery,
  fetcher: typeof fetch = fetch,
): Promise<{ fromMs: number; toMs: number; total: WindowFigures; versions: (WindowFigures & { version: string })[] }> {
  const [totalRows, versionRows] = await Promise.all([
    runAnalyticsSql(config, buildWindowSql(config.dataset, q, { byVersion: false }), fetcher),
    runAnalyticsSql(config, buildWindowSql(config.dataset, q, { byVersion: true }), fetcher),
  ]);
  return {
    fromMs: q.fromMs,
    toMs: q.toMs,
    total: figuresOfAnalyticsRow(totalRows[0] ?? {}),
    versions: versionRows.map((row) => ({ version: String(row.version), ...figuresOfAnalyticsRow(row) })),
  };
}
