// Read API: the services a project has sent, a service's figures over a window (overall and per version), and its series.
import { Hono } from "hono";
import { z } from "zod";
import { requireKey, type CollectorEnv } from "./auth";
import { DO_NAME, ROUTES } from "./conventions";
import { formatZodPath } from "./decode/otlp-json";
import { httpError, unavailable } from "./http-error";
import { queryAnalyticsEngineWindow } from "./analytics-sql.client";
import { seriesStepMs } from "./series";
import { ROLLUP_RETENTION_MS, windowSchema } from "./window";

const metricsQuerySchema = z.object({
  service: z.string().min(1).max(256),
  window: z.string().default("1h").pipe(windowSchema),
  version: z.string().min(1).max(256).optional(),
  /** End of the window, Unix ms; defaults to now. */
  to: z.coerce.number().int().positive().optional(),
});

function parseWindowQuery(query: Record<string, string>): z.infer<typeof metricsQuerySchema> {
  const parsed = metricsQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = formatZodPath(issue.path);
    throw httpError(400, "bad_request", `invalid query parameter ${path}: ${issue.message}`, { path });
  }
  return parsed.data;
}

export const queryRoutes = new Hono<CollectorEnv>()
  .get(ROUTES.services, requireKey("read"), async (c) => {
    const project = c.get("project");
    try {
      const services = await c.env.DIRECTORY.getByName(DO_NAME.projectDirectory(project)).list();
      return c.json({ project, services });
    } catch (error) {
      throw unavailable("directory unavailable; retry", error);
    }
  })
  .get(ROUTES.metrics, requireKey("read"), async (c) => {
    const parsed = parseWindowQuery(c.req.query());
    const { service, window: windowMs, version } = parsed;
    const project = c.get("project");
    const toMs = parsed.to ?? Date.now();
    const fromMs = toMs - windowMs;
    const base = { project, service, window: c.req.query("window") ?? "1h", version: version ?? null };
    if (windowMs > ROLLUP_RETENTION_MS) {
      const analyticsSql = c.get("config").analyticsSql;
      if (!analyticsSql) {
        throw httpError(400, "window_unavailable", "windows over 30d are read from Analytics Engine: set CF_ACCOUNT_ID and CF_API_TOKEN", { path: "window" });
      }
      const answer = await queryAnalyticsEngineWindow(analyticsSql, { project, service, version, fromMs, toMs });
      return c.json({ ...base, source: "analytics-engine", ...answer });
    }
    try {
      const answer = await c.env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard(project, service)).query({ fromMs, toMs, version });
      return c.json({ ...base, source: "rollups", ...answer });
    } catch (error) {
      throw unavailable("rollup storage unavailable; retry", error);
    }
  })
  .get(ROUTES.series, requireKey("read"), async (c) => {
    const { service, window: windowMs, version, to } = parseWindowQuery(c.req.query());
    if (windowMs > ROLLUP_RETENTION_MS) {
      throw httpError(400, "window_unavailable", "series are read from the rollups, which keep 30d", { path: "window" });
    }
    const project = c.get("project");
    const toMs = to ?? Date.now();
    const fromMs = toMs - windowMs;
    try {
      const series = await c.env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard(project, service))
        .series({ fromMs, toMs, version, stepMs: seriesStepMs(windowMs) });
      return c.json({ project, service, window: c.req.query("window") ?? "1h", version: version ?? null, fromMs, toMs, ...series });
    } catch (error) {
      throw unavailable("rollup storage unavailable; retry", error);
    }
  });
