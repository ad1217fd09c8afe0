// Evaluation: one window read per service (through the RollupReader port), then budget, burn rates, alert conditions and canary per SLO.
import type { WindowCounts, WindowsAnswer, WindowsQuery } from "../collector/window-counts";
import { deserialiseSketch } from "../collector/sketch";
import { computeErrorBudget, type ErrorBudget } from "./budget";
import { computeBurnRate, evaluateAlertConditions, measureSli, type AlertCondition, type SliCounts } from "./burn-rate";
import { analyseCanary, DEFAULT_CANARY_OPTIONS, type CanaryOptions, type CanaryResult } from "./canary";
import { SERVICE_SCOPE, versionScope, type Severity } from "./conventions";
import { latencyThresholdMsOf, type SloDefinition } from "./definition";
import { formatWindowMinutes, windowMinutesOf } from "./windows";

const MINUTE_MS = 60_000;
/**
 * Quantiles merge every row's sketch, so they are read for windows up to an hour (60 minute rows per version);
 * longer windows report quantileMs null. Budgets and alerts never need them: they count requests under the threshold.
 */
const QUANTILE_WINDOW_LIMIT_MS = 60 * MINUTE_MS;

/** The port evaluation reads through; production: one RollupShard.readWindows() call per service. */
export interface RollupReader {
  readWindows(project: string, service: string, query: WindowsQuery): Promise<WindowsAnswer>;
}

export interface EvaluationOptions {
  canary: CanaryOptions;
  /** The window both versions are compared on. */
  canaryWindowMinutes: number;
  /** Both versions must have served within this many minutes (a rolled-back canary stops being compared). */
  canaryLiveMinutes: number;
  /** Parallel shard reads. */
  readConcurrency: number;
}

export const DEFAULT_EVALUATION_OPTIONS: EvaluationOptions = { canary: DEFAULT_CANARY_OPTIONS, canaryWindowMinutes: 60, canaryLiveMinutes: 5, readConcurrency: 8 };

export type SloStatus = "no-data" | "ok" | "exhausted" | "ticket" | "paging" | "unsupported";

export interface WindowReading {
  window: string;
  windowMinutes: number;
  validEvents: number;
  /** good / valid, or USD per request. */
  sli: number | null;
  burnRate: number | null;
  /** Only for latency-quantile SLOs: the measured quantile over this window. */
  quantileMs?: number | null;
}

export interface ScopeEvaluation {
  scope: string;
  version: string | null;
  status: SloStatus;
  budget: ErrorBudget | null;
  windows: WindowReading[];
  alerts: (AlertCondition & { longWindow: string; shortWindow: string })[];
}

export interface SloEvaluation {
  slo: SloDefinition;
  reason: string | null;
  scopes: ScopeEvaluation[];
}

export interface ServiceEvaluation {
  project: string;
  service: string;
  evaluatedAtMs: number;
  slos: SloEvaluation[];
  canary: CanaryResult | null;
}

export interface ServicePlan {
  project: string;
  service: string;
  slos: SloDefinition[];
  query: WindowsQuery;
}

/** Groups SLOs by project+service and plans one read each: every window, threshold and quantile those SLOs need. */
export function planReads(slos: SloDefinition[], nowMs: number, options: EvaluationOptions = DEFAULT_EVALUATION_OPTIONS): ServicePlan[] {
  const groups = new Map<string, SloDefinition[]>();
  for (const slo of slos) {
    const key = `${slo.project}\u0000${slo.service}`;
    groups.set(key, [...(groups.get(key) ?? []), slo]);
  }
  return [...groups.values()].map((group) => {
    const windows = new Set<number>([options.canaryWindowMinutes]);
    for (const slo of group) for (const m of windowMinutesOf(slo.alerting.windows, slo.periodMinutes)) windows.add(m);
    const thresholds = [...new Set(group.map(latencyThresholdMsOf).filter((t): t is number => t !== null))];
    const quantiles = [...new Set(group.flatMap((s) => (s.indicator.kind === "latency-quantile" ? [s.indicator.quantile] : [])))];
    return {
      project: group[0]!.project,
      service: group[0]!.service,
      slos: group,
      query: {
        toMs: nowMs,
        windowsMs: [...windows].sort((a, b) => a - b).map((m) => m * MINUTE_MS),
        latencyThresholdsMs: thresholds,
        quantiles,
        quantilesUpToWindowMs: QUANTILE_WINDOW_LIMIT_MS,
        sketchesForWindowMs: options.canaryWindowMinutes * MINUTE_MS,
      },
    };
  });
}

function toSliCounts(counts: WindowCounts, thresholds: number[]): SliCounts {
  return {
    requests: counts.requests, errors: counts.errors, cacheHits: counts.cacheHits, cacheMisses: counts.cacheMisses, costUsd: counts.costUsd,
    requestsAtOrBelowMs: new Map(thresholds.map((t, i) => [t, counts.latencyAtOrBelow[i] ?? 0])),
  };
}

function evaluateScope(slo: SloDefinition, plan: ServicePlan, answer: WindowsAnswer, version: string | null): ScopeEvaluation {
  const { latencyThresholdsMs: thresholds, quantiles } = plan.query;
  const countsAt = (minutes: number) => {
    const window = answer.windows.find((w) => w.windowMs === minutes * MINUTE_MS);
    if (!window) return null;
    return version === null ? window.total : (window.versions.find((v) => v.version === version) ?? null);
  };
  const quantileIndex = slo.indicator.kind === "latency-quantile" ? quantiles.indexOf(slo.indicator.quantile) : -1;
  const windows: WindowReading[] = windowMinutesOf(slo.alerting.windows, slo.periodMinutes).map((minutes) => {
    const counts = countsAt(minutes);
    const measure = counts ? measureSli(slo.indicator, slo.objectiveRatio, toSliCounts(counts, thresholds)) : null;
    return {
      window: formatWindowMinutes(minutes), windowMinutes: minutes, validEvents: measure?.validEvents ?? 0, sli: measure?.sliValue ?? null,
      burnRate: computeBurnRate(measure),
      ...(quantileIndex >= 0 ? { quantileMs: counts?.latencyQuantilesMs[quantileIndex] ?? null } : {}),
    };
  });
  const burnByMinutes = new Map(windows.map((w) => [w.windowMinutes, w.burnRate]));
  const periodCounts = countsAt(slo.periodMinutes);
  const periodMeasure = periodCounts ? measureSli(slo.indicator, slo.objectiveRatio, toSliCounts(periodCounts, thresholds)) : null;
  const budget = computeErrorBudget(periodMeasure, burnByMinutes.get(60) ?? null, slo.periodMinutes);
  const alerts = evaluateAlertConditions(slo.alerting.windows, slo.periodMinutes, burnByMinutes).map((c) => ({
    ...c, longWindow: formatWindowMinutes(c.longWindowMinutes), shortWindow: formatWindowMinutes(c.shortWindowMinutes),
  }));
  const active = (prefix: string) => alerts.some((a) => a.active && a.severity.startsWith(prefix));
  const status: SloStatus = !budget ? "no-data" : active("page") ? "paging" : active("ticket") ? "ticket" : budget.remainingRatio <= 0 ? "exhausted" : "ok";
  return { scope: version === null ? SERVICE_SCOPE : versionScope(version), version, status, budget, windows, alerts };
}

/** Versions to evaluate separately: those with requests in the SLO's longest alert window. */
function versionsInScope(slo: SloDefinition, answer: WindowsAnswer): string[] {
  const longest = Math.max(...slo.alerting.windows.map((w) => w.longWindowMinutes)) * MINUTE_MS;
  const window = answer.windows.find((w) => w.windowMs === longest);
  return (window?.versions ?? []).filter((v) => v.requests > 0).map((v) => v.version);
}

/**
 * Canary: the version first seen most recently against the busiest other version, both with traffic in the canary
 * window and both serving now (a bucket within canaryLiveMinutes; buckets are minute starts, hence the extra minute).
 */
function evaluateCanary(plan: ServicePlan, answer: WindowsAnswer, options: EvaluationOptions): CanaryResult | null {
  const window = answer.windows.find((w) => w.windowMs === options.canaryWindowMinutes * MINUTE_MS);
  const liveSinceMs = answer.toMs - (options.canaryLiveMinutes + 1) * MINUTE_MS;
  const live = (window?.versions ?? []).filter((v) => v.requests > 0 && v.lastBucketMs >= liveSinceMs);
  if (live.length < 2) return null;
  const canary = [...live].sort((a, b) => b.firstBucketMs - a.firstBucketMs || b.lastBucketMs - a.lastBucketMs)[0]!;
  const baseline = live.filter((v) => v !== canary).sort((a, b) => b.requests - a.requests)[0]!;
  const sketchOf = (version: string) => {
    const entry = answer.sketches.find((s) => s.version === version);
    return entry ? deserialiseSketch(entry.sketch) : null;
  };
  const indicators = plan.slos.filter((s) => s.version === null && s.route === null).map((s) => s.indicator);
  if (indicators.length === 0) return null;
  const side = (v: typeof canary) => ({ version: v.version, counts: toSliCounts(v, plan.query.latencyThresholdsMs), sketch: sketchOf(v.version) });
  return analyseCanary(side(baseline), side(canary), indicators, options.canary);
}

export function evaluateService(plan: ServicePlan, answer: WindowsAnswer, options: EvaluationOptions = DEFAULT_EVALUATION_OPTIONS): ServiceEvaluation {
  const slos = plan.slos.map((slo): SloEvaluation => {
    if (slo.route !== null) return { slo, reason: "route filters need per-route rollups, which the collector does not keep yet", scopes: [] };
    const versions = slo.version !== null ? [slo.version] : slo.alerting.perVersion ? versionsInScope(slo, answer) : [];
    const scopes = [...(slo.version === null ? [evaluateScope(slo, plan, answer, null)] : []), ...versions.map((v) => evaluateScope(slo, plan, answer, v))];
    return { slo, reason: null, scopes };
  });
  return { project: plan.project, service: plan.service, evaluatedAtMs: plan.query.toMs, slos, canary: evaluateCanary(plan, answer, options) };
}

export interface ProjectEvaluation {
  services: ServiceEvaluation[];
  /** Services whose read failed this time: their alerts keep their state (nothing resolves on a failed read). */
  failures: { project: string; service: string; error: string }[];
}

export async function evaluateSlos(reader: RollupReader, slos: SloDefinition[], nowMs: number, options: EvaluationOptions = DEFAULT_EVALUATION_OPTIONS): Promise<ProjectEvaluation> {
  const plans = planReads(slos, nowMs, options);
  const result: ProjectEvaluation = { services: [], failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const plan = plans[next++]!;
      try {
        result.services.push(evaluateService(plan, await reader.readWindows(plan.project, plan.service, plan.query), options));
      } catch (error) {
        result.failures.push({ project: plan.project, service: plan.service, error: String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.readConcurrency, plans.length) }, worker));
  return result;
}

/** What the alert book is told per alert each evaluation: its condition now, and what to say if it fires. */
export interface AlertObservation {
  /** Stable identity: project/slo/scope/severity (dedup key, PagerDuty dedup_key). */
  key: string;
  project: string;
  service: string;
  slo: string;
  scope: string;
  version: string | null;
  severity: Severity;
  active: boolean;
  forMinutes: number;
  /** Whether firing may roll the version back (SLO opted in, version scope, a page; or a failed canary). */
  rollbackCandidate: boolean;
  summary: string;
  details: Record<string, unknown>;
}

/** The canary's alert: a page on the canary version when analysis fails. */
export const CANARY_ALERT_SLO = "canary-analysis";

export function toAlertObservations(evaluation: ServiceEvaluation): AlertObservation[] {
  const observations: AlertObservation[] = [];
  for (const { slo, scopes } of evaluation.slos) {
    for (const scope of scopes) {
      for (const alert of scope.alerts) {
        const burn = (b: number | null) => (b === null ? "n/a" : `${b.toFixed(2)}x`);
        observations.push({
          key: `${slo.project}/${slo.name}/${scope.scope}/${alert.severity}`,
          project: slo.project, service: slo.service, slo: slo.name, scope: scope.scope, version: scope.version, severity: alert.severity,
          active: alert.active, forMinutes: slo.alerting.forMinutes,
          rollbackCandidate: slo.alerting.rollbackOnPage && scope.version !== null && alert.severity.startsWith("page"),
          summary: `${slo.name} (${scope.scope === SERVICE_SCOPE ? slo.service : `${slo.service} ${scope.version}`}) burning error budget: ${burn(alert.longBurnRate)} over ${alert.longWindow}, ${burn(alert.shortBurnRate)} over ${alert.shortWindow} (threshold ${alert.factor.toFixed(2)}x)`,
          details: {
            indicator: slo.indicator, objectiveRatio: slo.objectiveRatio, window: formatWindowMinutes(slo.periodMinutes), factor: alert.factor,
            longWindow: alert.longWindow, longBurnRate: alert.longBurnRate, shortWindow: alert.shortWindow, shortBurnRate: alert.shortBurnRate,
            budgetRemainingRatio: scope.budget?.remainingRatio ?? null,
          },
        });
      }
    }
  }
  const canary = evaluation.canary;
  if (canary) {
    const forMinutes = Math.min(...evaluation.slos.map((s) => s.slo.alerting.forMinutes));
    observations.push({
      key: `${evaluation.project}/${CANARY_ALERT_SLO}.${evaluation.service}/${versionScope(canary.canaryVersion)}/page-fast`,
      project: evaluation.project, service: evaluation.service, slo: CANARY_ALERT_SLO, scope: versionScope(canary.canaryVersion), version: canary.canaryVersion,
      severity: "page-fast", active: canary.verdict === "fail", forMinutes, rollbackCandidate: true,
      summary: `canary ${canary.canaryVersion} of ${evaluation.service} fails against ${canary.baselineVersion}: ${canary.metrics.filter((m) => m.verdict === "fail").map((m) => m.reason).join("; ") || canary.verdict}`,
      details: { baselineVersion: canary.baselineVersion, canaryVersion: canary.canaryVersion, verdict: canary.verdict, score: canary.score, metrics: canary.metrics },
    });
  }
  return observations;
}
