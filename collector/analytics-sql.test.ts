import { describe, expect, it } from "vitest";
import { buildWindowSql, sqlString } from "./analytics-sql";
import { queryAnalyticsEngineWindow } from "./analytics-sql.client";

const config = { baseUrl: "http://cf-api.test/client/v4", accountId: "acc-1", apiToken: "tok", dataset: "edgeslo_events" };

describe("Analytics Engine SQL", () => {
  it("string literals are escaped, so a hostile service name cannot end the literal", () => {
    expect(sqlString("a'b\\c")).toBe("'a\\'b\\\\c'");
    const sql = buildWindowSql("edgeslo_events", { project: "p", service: "x' OR 1=1 --", fromMs: 0, toMs: 1 }, { byVersion: false });
    expect(sql).toContain("index1 = 'p:x\\' OR 1=1 --'");
  });

  it("counts are weighted by _sample_interval and quantiles use quantileExactWeighted", () => {
    const sql = buildWindowSql("edgeslo_events", { project: "p", service: "s", fromMs: 1_000_000, toMs: 2_000_000 }, { byVersion: true });
    expect(sql).toContain("SUM(IF(blob14 IN ('request', 'request+usage'), 1 * _sample_interval, 0)) AS requests");
    expect(sql).toContain("quantileExactWeighted(0.95)(IF(blob14 IN ('request', 'request+usage'), double1, NULL), _sample_interval) AS p95");
    expect(sql).toContain("double6 >= 1000000 AND double6 < 2000000");
    expect(sql).toMatch(/GROUP BY blob4$/);
  });

  it("the client posts the SQL with the bearer token to the configured base URL and maps rows to figures", async () => {
    const calls: { url: string; auth: string | null; body: string }[] = [];
    const fakeApi = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = String(init?.body);
      calls.push({ url: String(input), auth: new Headers(init?.headers).get("authorization"), body });
      const row = { requests: "200", errors: "4", cache_hits: "50", cache_misses: "150", cache_bypasses: "0", latency_sum_ms: "4000", input_tokens: "1000", output_tokens: "500", cost_usd: "0.2", p50: 15, p95: 80, p99: 120 };
      const data = body.includes("GROUP BY") ? [{ version: "v1", ...row }] : [row];
      return Response.json({ meta: [], data, rows: data.length });
    }) as typeof fetch;
    const answer = await queryAnalyticsEngineWindow(config, { project: "p", service: "s", fromMs: 0, toMs: 10 }, fakeApi);
    expect(calls.map((c) => [c.url, c.auth])).toEqual([
      ["http://cf-api.test/client/v4/accounts/acc-1/analytics_engine/sql", "Bearer tok"],
      ["http://cf-api.test/client/v4/accounts/acc-1/analytics_engine/sql", "Bearer tok"],
    ]);
    expect(answer.total.requests).toBe(200);
    expect(answer.total.errorRate).toBeCloseTo(0.02, 10);
    expect(answer.total.cacheHitRate).toBeCloseTo(0.25, 10);
    expect(answer.total.latencyMs).toEqual({ p50: 15, p95: 80, p99: 120, mean: 20 });
    expect(answer.total.costUsd.perRequest).toBeCloseTo(0.001, 10);
    expect(answer.versions[0]!.version).toBe("v1");
  });

  it("an API error surfaces as a 502 with the API's message", async () => {
    const failing = (async () => new Response('{"errors":[{"message":"bad token"}]}', { status: 403 })) as typeof fetch;
    await expect(queryAnalyticsEngineWindow(config, { project: "p", service: "s", fromMs: 0, toMs: 10 }, failing)).rejects.toMatchObject({ status: 502 });
  });
});
