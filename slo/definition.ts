// SloDefinition: THE SLO type. Both spec formats (edgeslo YAML, OpenSLO v1) decode to it; the model keeps no trace of its format.
import { z } from "zod";
import { SEVERITIES } from "./conventions";

const positiveMs = z.number().positive().finite();

/** What is measured. Ratio indicators count good events among valid ones; cost-per-request is a spend allowance. */
export const indicatorSchema = z.discriminatedUnion("kind", [
  /** Good = requests that took at most thresholdMs (counted from the latency sketches). */
  z.object({ kind: z.literal("latency-below"), thresholdMs: positiveMs }),
  /** "P95 under 100 ms": good = requests at most thresholdMs, and objectiveRatio equals quantile. */
  z.object({ kind: z.literal("latency-quantile"), quantile: z.number().gt(0).lt(1), thresholdMs: positiveMs }),
  /** Good = requests that did not fail. */
  z.object({ kind: z.literal("error-rate") }),
  /** Good = cache hits among hits + misses (bypasses are not cacheable). */
  z.object({ kind: z.literal("cache-hit-rate") }),
  /** Budget = maxCostUsd × requests; what was spent consumes it (see budget.ts). */
  z.object({ kind: z.literal("cost-per-request"), maxCostUsd: z.number().positive().finite() }),
]);
export type Indicator = z.infer<typeof indicatorSchema>;

/** One row of the multiwindow, multi-burn-rate table. The factor is computed from it (windows.ts), never stored. */
export const alertWindowSchema = z.object({
  severity: z.enum(SEVERITIES),
  /** Share of the period's error budget that, spent within longWindowMinutes, fires this alert (0.02 = 2%). */
  budgetShare: z.number().gt(0).lte(1),
  longWindowMinutes: z.number().int().positive(),
  shortWindowMinutes: z.number().int().positive(),
});
export type AlertWindow = z.infer<typeof alertWindowSchema>;

export const sloDefinitionSchema = z
  .object({
    /** Unique per project: lower-case letters, digits, . _ - */
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, "name: lower-case letters, digits, . _ - (1-128)"),
    project: z.string().min(1).max(64),
    service: z.string().min(1).max(256),
    /** Only this route (needs per-route rollups, which the collector does not keep yet: evaluated as unsupported). */
    route: z.string().min(1).nullable(),
    /** Only this version; null = the service as a whole and each version. */
    version: z.string().min(1).nullable(),
    description: z.string().nullable(),
    indicator: indicatorSchema,
    /** Target share of good events, 0 < r < 1 (99.5% → 0.995). For cost-per-request, 1: the allowance is the budget. */
    objectiveRatio: z.number().gt(0).lte(1),
    /** The rolling SLO period (28 days = 40320). At most the 30 days the rollups keep. */
    periodMinutes: z.number().int().positive().max(30 * 24 * 60),
    alerting: z.object({
      windows: z.array(alertWindowSchema).min(1),
      /** How long a burn-rate condition must hold before pending becomes firing. */
      forMinutes: z.number().nonnegative(),
      /** Evaluate (and alert on) each version separately as well as the whole service. */
      perVersion: z.boolean(),
      /** Roll back a version whose SLO pages (if the service is opted in, see the rollback config). */
      rollbackOnPage: z.boolean(),
    }),
  })
  .superRefine((slo, ctx) => {
    if (slo.indicator.kind === "latency-quantile" && Math.abs(slo.indicator.quantile - slo.objectiveRatio) > 1e-9) {
      ctx.addIssue({ code: "custom", path: ["objectiveRatio"], message: `a P${slo.indicator.quantile * 100} objective is ${slo.indicator.quantile}: at least that share of requests under the threshold` });
    }
    if (slo.indicator.kind === "cost-per-request" && slo.objectiveRatio !== 1) {
      ctx.addIssue({ code: "custom", path: ["objectiveRatio"], message: "a cost-per-request objective is the allowance itself (objectiveRatio 1)" });
    } else if (slo.indicator.kind !== "cost-per-request" && slo.objectiveRatio >= 1) {
      ctx.addIssue({ code: "custom", path: ["objectiveRatio"], message: "an objective of 100% leaves no error budget" });
    }
    for (const [i, w] of slo.alerting.windows.entries()) {
      if (w.shortWindowMinutes >= w.longWindowMinutes) ctx.addIssue({ code: "custom", path: ["alerting", "windows", i, "shortWindowMinutes"], message: "the short window must be shorter than the long one" });
      if (w.longWindowMinutes > slo.periodMinutes) ctx.addIssue({ code: "custom", path: ["alerting", "windows", i, "longWindowMinutes"], message: "the long window cannot exceed the SLO period" });
    }
  });
export type SloDefinition = z.infer<typeof sloDefinitionSchema>;

/** Latency thresholds an SLO needs counted (for the one-call window read). */
export function latencyThresholdMsOf(slo: SloDefinition): number | null {
  return slo.indicator.kind === "latency-below" || slo.indicator.kind === "latency-quantile" ? slo.indicator.thresholdMs : null;
}
