import { describe, expect, it } from "vitest";
import { computeErrorBudget } from "./budget";
import { computeBurnRate, evaluateAlertConditions, measureSli } from "./burn-rate";
import { countsFixture, DAYS_28, DAYS_30 } from "./testing/slo-factory";
import { burnRateFactor, SRE_WORKBOOK_WINDOWS, windowMinutesOf } from "./windows";

const errorRate = { kind: "error-rate" } as const;
const burn = (objectiveRatio: number, requests: number, errors: number) =>
  computeBurnRate(measureSli(errorRate, objectiveRatio, countsFixture({ requests, errors })));

describe("burn-rate factors from the workbook table", () => {
  it("a 30-day period gives the workbook's 14.4, 6, 3 and 1", () => {
    expect(SRE_WORKBOOK_WINDOWS.map((w) => burnRateFactor(w, DAYS_30))).toEqual([14.4, 6, 3, 1].map((f) => expect.closeTo(f, 9)));
  });

  it("a 28-day period gives 13.44, 5.6, 2.8 and 0.933", () => {
    expect(SRE_WORKBOOK_WINDOWS.map((w) => burnRateFactor(w, DAYS_28))).toEqual([13.44, 5.6, 2.8, 0.9333].map((f) => expect.closeTo(f, 3)));
  });

  it("an SLO reads each distinct window once, plus the last hour and its period", () => {
    expect(windowMinutesOf(SRE_WORKBOOK_WINDOWS, DAYS_28)).toEqual([5, 30, 60, 120, 360, 1440, 4320, DAYS_28]);
  });
});

describe("burn rate (SRE workbook, chapter 5 worked examples)", () => {
  it("a 99.9% SLO at 0.1% errors burns at 1: the budget lasts exactly the period", () => {
    expect(burn(0.999, 100_000, 100)).toBeCloseTo(1, 9);
  });

  it("a 99.9% SLO at 1.44% errors burns at 14.4: 2% of a 30-day budget gone in one hour", () => {
    const rate = burn(0.999, 100_000, 1_440)!;
    expect(rate).toBeCloseTo(14.4, 9);
    expect((rate * 60) / DAYS_30).toBeCloseTo(0.02, 9);
  });

  it("a 99.9% SLO at 100% errors burns at 1000 and exhausts a 30-day budget in 43.2 minutes", () => {
    const rate = burn(0.999, 500, 500)!;
    expect(rate).toBeCloseTo(1000, 6);
    expect(computeErrorBudget(measureSli(errorRate, 0.999, countsFixture({ requests: 1e6, errors: 0 })), rate, DAYS_30)!.timeToExhaustionMinutes).toBeCloseTo(43.2, 6);
  });

  it("a window without requests has no burn rate (not zero)", () => {
    expect(burn(0.99, 0, 0)).toBeNull();
  });

  it("latency SLIs count requests at or below the threshold as good", () => {
    const measure = measureSli({ kind: "latency-quantile", quantile: 0.95, thresholdMs: 100 }, 0.95, countsFixture({ requests: 200, atOrBelow: [[100, 180]] }))!;
    expect(measure.sliValue).toBeCloseTo(0.9, 9);
    expect(computeBurnRate(measure)).toBeCloseTo(2, 9);
  });

  it("cache hit rate judges lookups only; cost per request spends a USD allowance", () => {
    expect(measureSli({ kind: "cache-hit-rate" }, 0.9, countsFixture({ requests: 50, cacheHits: 30, cacheMisses: 10 }))!.sliValue).toBeCloseTo(0.75, 9);
    const cost = measureSli({ kind: "cost-per-request", maxCostUsd: 0.05 }, 1, countsFixture({ requests: 100, costUsd: 7.5 }))!;
    expect(cost.sliValue).toBeCloseTo(0.075, 9);
    expect(computeBurnRate(cost)).toBeCloseTo(1.5, 9);
  });
});

describe("multiwindow alert conditions", () => {
  const conditions = (burnByWindow: [number, number | null][]) => evaluateAlertConditions(SRE_WORKBOOK_WINDOWS, DAYS_30, new Map(burnByWindow));

  it("a 30d SLO burning 14.4x+ for 1h and 5m pages fast (and slow, since 6h and 30m burn too)", () => {
    const active = conditions([[60, 15], [5, 20], [360, 7], [30, 16], [1440, 1], [120, 2], [4320, 0.5]]).filter((c) => c.active).map((c) => c.severity);
    expect(active).toEqual(["page-fast", "page-slow"]);
  });

  it("a burn that has stopped (short window calm) does not page even if the long window still burns", () => {
    expect(conditions([[60, 15], [5, 0.2]]).find((c) => c.severity === "page-fast")!.active).toBe(false);
  });

  it("a burn exactly at the factor does not fire; a window without data never fires", () => {
    expect(conditions([[60, 14.4], [5, 14.4]])[0]!.active).toBe(false);
    expect(conditions([[60, 20], [5, null]])[0]!.active).toBe(false);
  });

  it("a slow 1x burn over 3 days and 6 hours opens a ticket", () => {
    const c = conditions([[4320, 1.2], [360, 1.1]]);
    expect(c.filter((x) => x.active).map((x) => x.severity)).toEqual(["ticket-slow"]);
  });
});

describe("error budget", () => {
  const measure = (requests: number, errors: number) => measureSli(errorRate, 0.99, countsFixture({ requests, errors }));

  it("remaining budget is what the period's errors left of (1 − objective) × requests", () => {
    const budget = computeErrorBudget(measure(10_000, 25), null, DAYS_28)!;
    expect(budget.consumedRatio).toBeCloseTo(0.25, 9);
    expect(budget.remainingRatio).toBeCloseTo(0.75, 9);
    expect(budget.timeToExhaustionMinutes).toBeNull();
  });

  it("time to exhaustion is remaining × period ÷ burn rate", () => {
    expect(computeErrorBudget(measure(10_000, 50), 2, DAYS_28)!.timeToExhaustionMinutes).toBeCloseTo((0.5 * DAYS_28) / 2, 6);
  });

  it("an overspent budget is exhausted now, with a negative remainder", () => {
    const budget = computeErrorBudget(measure(1_000, 30), 3, DAYS_28)!;
    expect(budget.remainingRatio).toBeCloseTo(-2, 9);
    expect(budget.timeToExhaustionMinutes).toBe(0);
  });

  it("no traffic in the period means no budget figure", () => {
    expect(computeErrorBudget(measure(0, 0), 1, DAYS_28)).toBeNull();
  });
});
