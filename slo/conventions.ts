// Contract strings of the SLO stage: API routes, alert severities, indicator kinds, the cron expression.

export const SLO_ROUTES = {
  slos: "/api/slos",
} as const;

/** Alert severities, fastest first: two pages and two tickets, as in the SRE workbook's multiwindow table. */
export const SEVERITIES = ["page-fast", "page-slow", "ticket-fast", "ticket-slow"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INDICATOR_KINDS = ["latency-below", "latency-quantile", "error-rate", "cache-hit-rate", "cost-per-request"] as const;

/** The cron trigger the evaluation runs on (wrangler.toml [triggers]). */
export const EVALUATION_CRON = "* * * * *";

/** Scope of an evaluation: the service as a whole, or one version of it. */
export const SERVICE_SCOPE = "service";
export const versionScope = (version: string) => `version:${version}`;
