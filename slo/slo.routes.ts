// GET /api/slos: every SLO of the key's project evaluated now: status, error budget, burn rate per window, alert conditions, canary.
import { Hono } from "hono";
import { z } from "zod";
import { requireKey, type CollectorEnv } from "../collector/auth";
import { formatZodPath } from "../collector/decode/otlp-json";
import { httpError } from "../collector/http-error";
import { parseSloConfig } from "./config";
import { SLO_ROUTES } from "./conventions";
import { evaluateSlos, type ScopeEvaluation } from "./evaluate";
import { rollupReader } from "./evaluate.cron";
import { formatWindowMinutes } from "./windows";

const slosQuerySchema = z.object({
  service: z.string().min(1).max(256).optional(),
  slo: z.string().min(1).max(128).optional(),
  /** Evaluate as of this instant (Unix ms); defaults to now. */
  to: z.coerce.number().int().positive().optional(),
});

function scopeView(scope: ScopeEvaluation) {
  return { status: scope.status, budget: scope.budget, windows: scope.windows, alerts: scope.alerts };
}

export const sloRoutes = new Hono<CollectorEnv>().get(SLO_ROUTES.slos, requireKey("read"), async (c) => {
  const parsed = slosQuerySchema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = formatZodPath(issue.path);
    throw httpError(400, "bad_request", `invalid query parameter ${path}: ${issue.message}`, { path });
  }
  const project = c.get("project");
  const config = parseSloConfig(c.env as unknown as Record<string, unknown>);
  const slos = config.slos.filter((s) => s.project === project && (!parsed.data.service || s.service === parsed.data.service) && (!parsed.data.slo || s.name === parsed.data.slo));
  const nowMs = parsed.data.to ?? Date.now();
  const evaluation = await evaluateSlos(rollupReader(c.env), slos, nowMs, config.evaluation);
  const unavailable = new Set(evaluation.failures.map((f) => f.service));
  const results = evaluation.services.flatMap((service) =>
    service.slos.map(({ slo, reason, scopes }) => {
      const whole = scopes.find((s) => s.version === null) ?? scopes.find((s) => s.version === slo.version) ?? null;
      return {
        name: slo.name, service: slo.service, description: slo.description, indicator: slo.indicator, objectiveRatio: slo.objectiveRatio,
        window: formatWindowMinutes(slo.periodMinutes), periodMinutes: slo.periodMinutes, route: slo.route, version: slo.version,
        ...(whole ? scopeView(whole) : { budget: null, windows: [], alerts: [] }),
        status: reason ? "unsupported" : (whole?.status ?? "no-data"), reason,
        versions: scopes.filter((s) => s.version !== null && s !== whole).map((s) => ({ version: s.version, ...scopeView(s) })),
      };
    }),
  );
  return c.json({
    project,
    evaluatedAtMs: nowMs,
    slos: results.sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name)),
    canaries: evaluation.services.flatMap((s) => (s.canary ? [{ service: s.service, ...s.canary }] : [])),
    unavailable: [...unavailable],
  });
});
