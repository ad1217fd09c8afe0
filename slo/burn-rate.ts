// Burn rates: how fast a window spends error budget (1 = exactly the budget over the period), and the alert conditions.
import type { AlertWindow, Indicator } from "./definition";
import { burnRateFactor } from "./windows";

/** What a window holds for one scope (service or version); latency counts are keyed by threshold in ms. */
export interface SliCounts {
  requests: number;
  errors: number;
  cacheHits: number;
  cacheMisses: number;
  costUsd: number;
  requestsAtOrBelowMs: ReadonlyMap<number, number>;
}

export interface SliMeasure {
  /** Events the indicator judges (requests, or cache lookups). */
  validEvents: number;
  /** Budget spent: bad events, or USD for cost-per-request. */
  spent: number;
  /** Budget the objective allows for this window's traffic: (1 − objective) × valid, or maxCostUsd × requests. */
  allowed: number;
  /** The indicator's own reading: good/valid, or USD per request for cost-per-request. */
  sliValue: number;
}

/** Null when the window has nothing to judge. */
export function measureSli(indicator: Indicator, objectiveRatio: number, counts: SliCounts): SliMeasure | null {
  const ratio = (valid: number, good: number): SliMeasure | null =>
    valid > 0 ? { validEvents: valid, spent: valid - good, allowed: (1 - objectiveRatio) * valid, sliValue: good / valid } : null;
  switch (indicator.kind) {
    case "latency-below":
    case "latency-quantile":
      return ratio(counts.requests, Math.min(counts.requests, counts.requestsAtOrBelowMs.get(indicator.thresholdMs) ?? 0));
    case "error-rate":
      return ratio(counts.requests, counts.requests - counts.errors);
    case "cache-hit-rate":
      return ratio(counts.cacheHits + counts.cacheMisses, counts.cacheHits);
    case "cost-per-request":
      return counts.requests > 0
        ? { validEvents: counts.requests, spent: counts.costUsd, allowed: indicator.maxCostUsd * counts.requests, sliValue: counts.costUsd / counts.requests }
        : null;
  }
}

/** Spent ÷ allowed: a 99.9% SLO with 1.44% errors burns at 14.4. Null without data. */
export function computeBurnRate(measure: SliMeasure | null): number | null {
  return measure && measure.allowed > 0 ? measure.spent / measure.allowed : null;
}

export interface AlertCondition {
  severity: AlertWindow["severity"];
  factor: number;
  longWindowMinutes: number;
  shortWindowMinutes: number;
  longBurnRate: number | null;
  shortBurnRate: number | null;
  /** Both windows burn faster than the factor (the short one makes the alert stop soon after the burn stops). */
  active: boolean;
}

/** Floats compared with a tolerance: a burn exactly at the factor does not fire. */
const TOLERANCE = 1e-9;

export function evaluateAlertConditions(
  windows: readonly AlertWindow[],
  periodMinutes: number,
  burnRateByWindowMinutes: ReadonlyMap<number, number | null>,
): AlertCondition[] {
  return windows.map((w) => {
    const factor = burnRateFactor(w, periodMinutes);
    const longBurnRate = burnRateByWindowMinutes.get(w.longWindowMinutes) ?? null;
    const shortBurnRate = burnRateByWindowMinutes.get(w.shortWindowMinutes) ?? null;
    const active = longBurnRate !== null && shortBurnRate !== null && longBurnRate > factor + TOLERANCE && shortBurnRate > factor + TOLERANCE;
    return { severity: w.severity, factor, longWindowMinutes: w.longWindowMinutes, shortWindowMinutes: w.shortWindowMinutes, longBurnRate, shortBurnRate, active };
  });
}
