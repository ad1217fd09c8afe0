// Canary analysis: a new version against the stable one on the same window, one statistical test per indicator, pass/fail/inconclusive.
import { sketchCountAtOrBelow, sketchQuantileMs, type LatencySketch } from "../collector/sketch";
import type { SliCounts } from "./burn-rate";
import type { Indicator } from "./definition";

export type Verdict = "pass" | "fail" | "inconclusive";

export interface CanaryOptions {
  /** One-sided confidence that the canary is worse before failing it (Kayenta's Mann-Whitney default is 98%). */
  confidence: number;
  /** Fewer requests (or cache lookups) than this on either side: inconclusive. */
  minSamples: number;
  /** A rate must also be worse by at least this much (absolute) to fail: 0.002 = 0.2 percentage points. */
  minRateDifference: number;
  /** A latency quantile must also be slower by at least this share (well above the sketches' 1% accuracy). */
  latencyTolerance: number;
}

export const DEFAULT_CANARY_OPTIONS: CanaryOptions = { confidence: 0.98, minSamples: 100, minRateDifference: 0.002, latencyTolerance: 0.1 };

export interface CanarySide {
  version: string;
  counts: SliCounts;
  sketch: LatencySketch | null;
}

export interface MetricJudgement {
  metric: string;
  verdict: Verdict;
  baseline: number | null;
  canary: number | null;
  /** One-sided p-value that the canary is not worse; null when not tested. */
  pValue: number | null;
  reason: string;
}

export interface CanaryResult {
  baselineVersion: string;
  canaryVersion: string;
  verdict: Verdict;
  /** Share of judged metrics that passed, 0-100 (as Kayenta scores). */
  score: number;
  metrics: MetricJudgement[];
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-proportion z-test, one-sided: is the canary's share of bad events larger than the baseline's?
 * Pooled standard error; returns the p-value (small = the canary is worse).
 */
export function twoProportionPValue(baselineBad: number, baselineTotal: number, canaryBad: number, canaryTotal: number): number {
  const pooled = (baselineBad + canaryBad) / (baselineTotal + canaryTotal);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / baselineTotal + 1 / canaryTotal));
  if (se === 0) return canaryBad / canaryTotal > baselineBad / baselineTotal ? 0 : 1;
  const z = (canaryBad / canaryTotal - baselineBad / baselineTotal) / se;
  return 1 - normalCdf(z);
}

function judgeRate(metric: string, bad: [number, number], total: [number, number], options: CanaryOptions, invert = false): MetricJudgement {
  const [baselineBad, canaryBad] = bad;
  const [baselineTotal, canaryTotal] = total;
  const shown = (b: number, t: number) => (t > 0 ? (invert ? 1 - b / t : b / t) : null);
  const base = { metric, baseline: shown(baselineBad, baselineTotal), canary: shown(canaryBad, canaryTotal) };
  if (baselineTotal < options.minSamples || canaryTotal < options.minSamples) {
    return { ...base, verdict: "inconclusive", pValue: null, reason: `fewer than ${options.minSamples} samples (baseline ${baselineTotal}, canary ${canaryTotal})` };
  }
  const pValue = twoProportionPValue(baselineBad, baselineTotal, canaryBad, canaryTotal);
  const difference = canaryBad / canaryTotal - baselineBad / baselineTotal;
  const worse = pValue < 1 - options.confidence && difference >= options.minRateDifference;
  return { ...base, verdict: worse ? "fail" : "pass", pValue, reason: worse ? `canary worse by ${(difference * 100).toFixed(2)} points (p=${pValue.toExponential(2)})` : "not significantly worse" };
}

/**
 * Latency: the canary's quantile against the baseline's, from the sketches. It fails when it is slower by more than the
 * tolerance AND significantly more of its requests exceed the baseline's quantile value than the baseline's own 1 − q
 * (a rank test on the sketch: two proportions of requests above one value).
 */
function judgeLatency(quantile: number, baseline: CanarySide, canary: CanarySide, options: CanaryOptions): MetricJudgement {
  const metric = `latency-p${+(quantile * 100).toFixed(1)}`;
  const b = baseline.sketch;
  const c = canary.sketch;
  const baselineValue = b ? sketchQuantileMs(b, quantile) : null;
  const canaryValue = c ? sketchQuantileMs(c, quantile) : null;
  const base = { metric, baseline: baselineValue, canary: canaryValue };
  if (!b || !c || baselineValue === null || canaryValue === null || b.count < options.minSamples || c.count < options.minSamples) {
    return { ...base, verdict: "inconclusive", pValue: null, reason: `fewer than ${options.minSamples} latency samples (baseline ${b?.count ?? 0}, canary ${c?.count ?? 0})` };
  }
  const baselineAbove = b.count - sketchCountAtOrBelow(b, baselineValue);
  const canaryAbove = c.count - sketchCountAtOrBelow(c, baselineValue);
  const pValue = twoProportionPValue(baselineAbove, b.count, canaryAbove, c.count);
  const slower = canaryValue > baselineValue * (1 + options.latencyTolerance);
  const worse = slower && pValue < 1 - options.confidence;
  return {
    ...base, verdict: worse ? "fail" : "pass", pValue,
    reason: worse ? `canary P${quantile * 100} ${canaryValue.toFixed(1)} ms vs ${baselineValue.toFixed(1)} ms (p=${pValue.toExponential(2)})` : "not significantly slower",
  };
}

/** One judgement per distinct indicator the service's SLOs use; cost per request has no per-request spread and is not judged. */
export function analyseCanary(baseline: CanarySide, canary: CanarySide, indicators: Indicator[], options: CanaryOptions = DEFAULT_CANARY_OPTIONS): CanaryResult {
  const metrics: MetricJudgement[] = [];
  const seen = new Set<string>();
  for (const indicator of indicators) {
    const key = indicator.kind === "latency-quantile" ? `q${indicator.quantile}` : indicator.kind === "latency-below" ? "q0.95" : indicator.kind;
    if (seen.has(key) || indicator.kind === "cost-per-request") continue;
    seen.add(key);
    const [bc, cc] = [baseline.counts, canary.counts];
    if (indicator.kind === "error-rate") metrics.push(judgeRate("error-rate", [bc.errors, cc.errors], [bc.requests, cc.requests], options));
    else if (indicator.kind === "cache-hit-rate") metrics.push(judgeRate("cache-hit-rate", [bc.cacheMisses, cc.cacheMisses], [bc.cacheHits + bc.cacheMisses, cc.cacheHits + cc.cacheMisses], options, true));
    else metrics.push(judgeLatency(indicator.kind === "latency-quantile" ? indicator.quantile : 0.95, baseline, canary, options));
  }
  const judged = metrics.filter((m) => m.verdict !== "inconclusive");
  const verdict: Verdict = metrics.some((m) => m.verdict === "fail") ? "fail" : metrics.length === 0 || judged.length < metrics.length ? "inconclusive" : "pass";
  const score = judged.length === 0 ? 0 : Math.round((100 * judged.filter((m) => m.verdict === "pass").length) / judged.length);
  return { baselineVersion: baseline.version, canaryVersion: canary.version, verdict, score, metrics };
}
