// OpenSLO v1 (kind SLO, with inline indicator or indicatorRef to a kind SLI) → SloDefinition[] for edgeslo's own metrics.
import { z } from "zod";
import { sloDefinitionSchema, type Indicator, type SloDefinition } from "../definition";
import { SRE_WORKBOOK_WINDOWS } from "../windows";
import { DEFAULT_FOR_MINUTES, type DecodeOptions } from "./edgeslo-yaml";
import { durationMinutesSchema } from "./units";
import type { SourceDocument, SpecIssue } from "./yaml-source";

export const OPENSLO_API_VERSION = "openslo/v1";
/** Annotations (or labels) edgeslo reads on an OpenSLO SLO. */
export const OPENSLO_ANNOTATION = { project: "edgeslo.dev/project", version: "edgeslo.dev/version", perVersion: "edgeslo.dev/per-version" } as const;
/** metricSource.type edgeslo understands; its spec.metric names one of edgeslo's own figures. */
export const EDGESLO_METRIC_SOURCE = "edgeslo";
export const EDGESLO_METRICS = {
  requests: "requests",
  goodRequests: "requests.ok",
  badRequests: "requests.error",
  requestsUnderThreshold: "requests.latency_at_most",
  cacheHits: "cache.hits",
  cacheMisses: "cache.misses",
  cacheLookups: "cache.lookups",
  latencyMs: "request.duration_ms",
  costUsdPerRequest: "request.cost_usd",
} as const;

const metricSchema = z.object({
  metricSource: z.object({
    type: z.string().refine((t) => t.toLowerCase() === EDGESLO_METRIC_SOURCE, `edgeslo evaluates its own figures: use metricSource.type ${EDGESLO_METRIC_SOURCE}`),
    spec: z.object({ metric: z.enum(Object.values(EDGESLO_METRICS) as [string, ...string[]]), thresholdMs: z.number().positive().optional() }).loose(),
  }).loose(),
}).loose();

const sliSpecSchema = z.object({
  ratioMetric: z.object({ counter: z.boolean().optional(), good: metricSchema.optional(), bad: metricSchema.optional(), total: metricSchema }).loose().optional(),
  thresholdMetric: metricSchema.optional(),
}).loose().refine((s) => Boolean(s.ratioMetric) !== Boolean(s.thresholdMetric), "an SLI has exactly one of ratioMetric or thresholdMetric");

const metadataSchema = z.object({
  name: z.string(),
  displayName: z.string().optional(),
  labels: z.record(z.string(), z.union([z.string(), z.array(z.string())])).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
}).loose();

const objectiveSchema = z.object({
  displayName: z.string().optional(),
  target: z.number().gt(0).lte(1).optional(),
  targetPercent: z.number().gt(0).lte(100).optional(),
  op: z.enum(["lt", "lte", "gt", "gte"]).optional(),
  value: z.number().optional(),
}).loose();

const sloSchema = z.object({
  apiVersion: z.literal(OPENSLO_API_VERSION),
  kind: z.literal("SLO"),
  metadata: metadataSchema,
  spec: z.object({
    description: z.string().optional(),
    service: z.string().min(1),
    indicator: z.object({ metadata: metadataSchema.optional(), spec: sliSpecSchema }).loose().optional(),
    indicatorRef: z.string().optional(),
    timeWindow: z.array(z.object({ duration: z.string(), isRolling: z.boolean().optional(), calendar: z.unknown().optional() }).loose()).length(1, "exactly one timeWindow"),
    budgetingMethod: z.string().optional(),
    objectives: z.array(objectiveSchema).min(1),
    alertPolicies: z.unknown().optional(),
  }).loose(),
}).loose();

const sliDocSchema = z.object({ apiVersion: z.literal(OPENSLO_API_VERSION), kind: z.literal("SLI"), metadata: metadataSchema, spec: sliSpecSchema }).loose();
type SliSpec = z.infer<typeof sliSpecSchema>;

/** Named SLIs (kind SLI) across the files being loaded, for indicatorRef. */
export function collectOpenSloSlis(docs: SourceDocument[]): Map<string, SliSpec> {
  const slis = new Map<string, SliSpec>();
  for (const doc of docs) {
    const sli = sliDocSchema.safeParse(doc.value);
    if (sli.success) slis.set(sli.data.metadata.name, sli.data.spec);
  }
  return slis;
}

type Path = PropertyKey[];
type IndicatorOrIssue = { indicator: Indicator; objectiveRatio: number } | { path: Path; message: string };

/** The OpenSLO objective's target as a ratio (target or targetPercent); lenient about which one, strict about having one. */
function targetOf(objective: z.infer<typeof objectiveSchema>): number | null {
  return objective.target ?? (objective.targetPercent !== undefined ? objective.targetPercent / 100 : null);
}

function ratioIndicator(sli: NonNullable<SliSpec["ratioMetric"]>, target: number | null, at: Path): IndicatorOrIssue {
  const m = EDGESLO_METRICS;
  const total = sli.total.metricSource.spec.metric;
  const good = sli.good?.metricSource.spec.metric;
  const bad = sli.bad?.metricSource.spec.metric;
  if (target === null) return { path: ["objectives"], message: "a ratio objective needs target (0-1) or targetPercent" };
  if (total === m.requests && (good === m.goodRequests || bad === m.badRequests)) return { indicator: { kind: "error-rate" }, objectiveRatio: target };
  if (total === m.requests && good === m.requestsUnderThreshold) {
    const thresholdMs = sli.good!.metricSource.spec.thresholdMs;
    if (!thresholdMs) return { path: [...at, "ratioMetric", "good", "metricSource", "spec", "thresholdMs"], message: `${m.requestsUnderThreshold} needs thresholdMs` };
    return { indicator: { kind: "latency-below", thresholdMs }, objectiveRatio: target };
  }
  if (total === m.cacheLookups && (good === m.cacheHits || bad === m.cacheMisses)) return { indicator: { kind: "cache-hit-rate" }, objectiveRatio: target };
  return {
    path: [...at, "ratioMetric"],
    message: `unsupported ratio ${good ? `good ${good}` : `bad ${bad}`} / total ${total}: use ${m.goodRequests} (or bad ${m.badRequests}) / ${m.requests}, ${m.requestsUnderThreshold} / ${m.requests}, or ${m.cacheHits} / ${m.cacheLookups}`,
  };
}

function thresholdIndicator(sli: NonNullable<SliSpec["thresholdMetric"]>, objective: z.infer<typeof objectiveSchema>, index: number, at: Path): IndicatorOrIssue {
  const metric = sli.metricSource.spec.metric;
  const here: Path = ["objectives", index];
  if (objective.value === undefined || objective.value <= 0) return { path: [...here, "value"], message: "a threshold objective needs a positive value" };
  // Lenient where the meaning is clear: a threshold objective without op reads as "at most value".
  if (objective.op === "gt" || objective.op === "gte") return { path: [...here, "op"], message: `${metric} objectives are upper bounds: op lt or lte` };
  const target = targetOf(objective);
  if (metric === EDGESLO_METRICS.latencyMs) {
    if (target === null || target >= 1) return { path: [...here, "target"], message: "a latency threshold objective needs a target below 1, e.g. 0.95 for P95" };
    return { indicator: { kind: "latency-quantile", quantile: target, thresholdMs: objective.value }, objectiveRatio: target };
  }
  if (metric === EDGESLO_METRICS.costUsdPerRequest) {
    if (target !== null && target !== 1) return { path: [...here, "target"], message: "edgeslo bounds the mean cost per request: omit target or use 1" };
    return { indicator: { kind: "cost-per-request", maxCostUsd: objective.value }, objectiveRatio: 1 };
  }
  return { path: [...at, "thresholdMetric", "metricSource", "spec", "metric"], message: `thresholdMetric supports ${EDGESLO_METRICS.latencyMs} and ${EDGESLO_METRICS.costUsdPerRequest}` };
}

export function decodeOpenSloDocument(doc: SourceDocument, slis: Map<string, SliSpec>, options: DecodeOptions): { slos: SloDefinition[]; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const value = doc.value as { kind?: unknown };
  if (value.kind !== "SLO") return { slos: [], issues }; // SLI, Service, AlertPolicy, DataSource: read elsewhere or not needed.
  const parsed = sloSchema.safeParse(doc.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push(doc.issueAt(issue.path, issue.message));
    return { slos: [], issues };
  }
  const { metadata, spec } = parsed.data;
  const note = (path: Path, message: string) => issues.push(doc.issueAt(path, message));
  const window = spec.timeWindow[0]!;
  if (window.calendar !== undefined || window.isRolling === false) note(["spec", "timeWindow", 0], "edgeslo evaluates rolling windows only (isRolling: true, no calendar)");
  const periodMinutes = durationMinutesSchema.safeParse(window.duration);
  if (!periodMinutes.success) note(["spec", "timeWindow", 0, "duration"], periodMinutes.error.issues[0]!.message);
  if (spec.budgetingMethod !== undefined && spec.budgetingMethod !== "Occurrences") note(["spec", "budgetingMethod"], "edgeslo budgets by Occurrences (Timeslices and RatioTimeslices are not supported)");
  let sliPath: Path = ["spec", "indicator", "spec"];
  let sli: SliSpec | undefined = spec.indicator?.spec;
  if (!sli && spec.indicatorRef !== undefined) {
    sli = slis.get(spec.indicatorRef);
    sliPath = ["spec", "indicatorRef"];
    if (!sli) note(sliPath, `no SLI named ${JSON.stringify(spec.indicatorRef)} in the loaded files`);
  } else if (!sli) note(["spec"], "an SLO needs indicator or indicatorRef");
  if (issues.length > 0 || !sli || !periodMinutes.success) return { slos: [], issues };
  const project = metadata.annotations?.[OPENSLO_ANNOTATION.project] ?? firstLabel(metadata.labels?.[OPENSLO_ANNOTATION.project]) ?? options.defaultProject;
  if (!project) {
    note(["metadata"], `no project: add the annotation ${OPENSLO_ANNOTATION.project}`);
    return { slos: [], issues };
  }
  const slos: SloDefinition[] = [];
  spec.objectives.forEach((objective, index) => {
    const decoded = sli.ratioMetric ? ratioIndicator(sli.ratioMetric, targetOf(objective), sliPath) : thresholdIndicator(sli.thresholdMetric!, objective, index, sliPath);
    if ("message" in decoded) return note(decoded.path[0] === "objectives" ? ["spec", ...decoded.path] : decoded.path, decoded.message);
    const suffix = spec.objectives.length > 1 ? `-${slug(objective.displayName ?? String(index))}` : "";
    const candidate = {
      name: `${slug(metadata.name)}${suffix}`,
      project,
      service: spec.service,
      route: null,
      version: metadata.annotations?.[OPENSLO_ANNOTATION.version] ?? null,
      description: spec.description ?? metadata.displayName ?? null,
      indicator: decoded.indicator,
      objectiveRatio: decoded.objectiveRatio,
      periodMinutes: periodMinutes.data,
      alerting: {
        windows: [...SRE_WORKBOOK_WINDOWS],
        forMinutes: DEFAULT_FOR_MINUTES,
        perVersion: metadata.annotations?.[OPENSLO_ANNOTATION.perVersion] !== "false",
        rollbackOnPage: true,
      },
    };
    const checked = sloDefinitionSchema.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const path = issue.path[0] === "periodMinutes" ? ["spec", "timeWindow", 0, "duration"] : issue.path[0] === "name" ? ["metadata", "name"] : ["spec", "objectives", index];
        note(path, issue.message);
      }
      return;
    }
    slos.push(checked.data);
  });
  return { slos, issues };
}

function firstLabel(label: string | string[] | undefined): string | undefined {
  return Array.isArray(label) ? label[0] : label;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "slo";
}
