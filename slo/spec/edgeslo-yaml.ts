// edgeslo's own SLO file format (apiVersion edgeslo/v1) → SloDefinition[], with issues pointing at file:line:column.
import { z } from "zod";
import { SEVERITIES } from "../conventions";
import { sloDefinitionSchema, type AlertWindow, type Indicator, type SloDefinition } from "../definition";
import { SRE_WORKBOOK_WINDOWS } from "../windows";
import { durationMinutesSchema, millisecondsSchema, quantileSchema, ratioSchema } from "./units";
import type { SourceDocument, SpecIssue } from "./yaml-source";

export const EDGESLO_API_VERSION = "edgeslo/v1";
/** `for` when an SLO file does not say: a condition must hold for two evaluations before it pages. */
export const DEFAULT_FOR_MINUTES = 2;

const indicatorSpecSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("latency-below"), thresholdMs: millisecondsSchema }),
    z.strictObject({ kind: z.literal("latency-quantile"), quantile: quantileSchema, thresholdMs: millisecondsSchema }),
    z.strictObject({ kind: z.literal("error-rate") }),
    z.strictObject({ kind: z.literal("cache-hit-rate") }),
    z.strictObject({ kind: z.literal("cost-per-request"), maxCostUsd: z.number().positive() }),
  ],
  { error: () => "one of latency-below, latency-quantile, error-rate, cache-hit-rate, cost-per-request" },
);

const windowSpecSchema = z.strictObject({
  severity: z.enum(SEVERITIES),
  budgetShare: ratioSchema,
  long: durationMinutesSchema,
  short: durationMinutesSchema,
});

const alertingSpecSchema = z.strictObject({
  for: durationMinutesSchema.optional(),
  perVersion: z.boolean().optional(),
  rollbackOnPage: z.boolean().optional(),
  /** "workbook" (the default) or a table of windows. */
  windows: z.union([z.literal("workbook"), z.array(windowSpecSchema).min(1)]).optional(),
});

const sloSpecSchema = z.strictObject({
  name: z.string(),
  project: z.string().optional(),
  service: z.string(),
  route: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  indicator: indicatorSpecSchema,
  objective: ratioSchema.optional(),
  window: durationMinutesSchema.optional(),
  alerting: alertingSpecSchema.optional(),
});

const fileSpecSchema = z.strictObject({
  apiVersion: z.literal(EDGESLO_API_VERSION),
  defaults: z.strictObject({ project: z.string().optional(), window: durationMinutesSchema.optional(), alerting: alertingSpecSchema.optional() }).optional(),
  slos: z.array(z.unknown()),
});

type SloSpec = z.infer<typeof sloSpecSchema>;
type AlertingSpec = z.infer<typeof alertingSpecSchema>;

/** Where each SloDefinition field came from in the spec, so the model's own checks point at the right line. */
const SPEC_PATH_OF: Record<string, PropertyKey[]> = {
  objectiveRatio: ["objective"],
  periodMinutes: ["window"],
  "alerting.forMinutes": ["alerting", "for"],
};

export interface DecodeOptions {
  /** Project for SLOs that name none (and whose file has no defaults.project). */
  defaultProject: string | null;
}

export function decodeEdgesloDocument(doc: SourceDocument, options: DecodeOptions): { slos: SloDefinition[]; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const file = fileSpecSchema.safeParse(doc.value);
  if (!file.success) {
    for (const issue of file.error.issues) issues.push(doc.issueAt(issue.path, issue.message));
    return { slos: [], issues };
  }
  const defaults = file.data.defaults ?? {};
  const slos: SloDefinition[] = [];
  file.data.slos.forEach((raw, index) => {
    const at = (path: PropertyKey[], message: string) => issues.push(doc.issueAt(["slos", index, ...path], message));
    const spec = sloSpecSchema.safeParse(raw);
    if (!spec.success) {
      for (const issue of spec.error.issues) at(issue.path, issue.message);
      return;
    }
    const project = spec.data.project ?? defaults.project ?? options.defaultProject;
    if (!project) return at(["project"], "no project: set project on the SLO or defaults.project in the file");
    if (spec.data.objective === undefined && ["latency-below", "error-rate", "cache-hit-rate"].includes(spec.data.indicator.kind)) {
      return at(["objective"], `required for a ${spec.data.indicator.kind} indicator, e.g. objective: 99%`);
    }
    const candidate = toDefinition(spec.data, project, defaults.window, { ...defaults.alerting, ...spec.data.alerting });
    const checked = sloDefinitionSchema.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const key = issue.path.slice(0, 2).join(".");
        const mapped = SPEC_PATH_OF[key] ?? SPEC_PATH_OF[String(issue.path[0])];
        const windowPath = issue.path[0] === "alerting" && issue.path[1] === "windows" ? ["alerting", "windows", issue.path[2]!, issue.path[3] === "longWindowMinutes" ? "long" : "short"] : null;
        at(windowPath ?? mapped ?? issue.path, issue.message);
      }
      return;
    }
    slos.push(checked.data);
  });
  return { slos, issues };
}

function toDefinition(spec: SloSpec, project: string, defaultWindow: number | undefined, alerting: AlertingSpec): unknown {
  const indicator: Indicator = spec.indicator;
  const objectiveRatio =
    indicator.kind === "cost-per-request" ? (spec.objective ?? 1) : indicator.kind === "latency-quantile" ? (spec.objective ?? indicator.quantile) : spec.objective;
  const windows: AlertWindow[] =
    alerting.windows === undefined || alerting.windows === "workbook"
      ? [...SRE_WORKBOOK_WINDOWS]
      : alerting.windows.map((w) => ({ severity: w.severity, budgetShare: w.budgetShare, longWindowMinutes: w.long, shortWindowMinutes: w.short }));
  return {
    name: spec.name,
    project,
    service: spec.service,
    route: spec.route ?? null,
    version: spec.version ?? null,
    description: spec.description ?? null,
    indicator,
    objectiveRatio,
    periodMinutes: spec.window ?? defaultWindow ?? 28 * 24 * 60,
    alerting: {
      windows,
      forMinutes: alerting.for ?? DEFAULT_FOR_MINUTES,
      perVersion: alerting.perVersion ?? true,
      rollbackOnPage: alerting.rollbackOnPage ?? true,
    },
  };
}
