// Error budget over the SLO period: consumed, remaining, and time to exhaustion at the current burn rate.
import type { SliMeasure } from "./burn-rate";

export interface ErrorBudget {
  /** Share of the period's budget spent so far (can exceed 1). */
  consumedRatio: number;
  /** 1 − consumed; negative once overspent. */
  remainingRatio: number;
  /** At the recent burn rate, minutes until nothing remains; 0 when exhausted, null when not burning. */
  timeToExhaustionMinutes: number | null;
}

/**
 * The budget of the period's traffic so far is (1 − objective) × valid events (or the cost allowance); a burn rate of 1
 * spends the whole budget in one period, so the remaining share lasts remaining × period ÷ burn rate.
 */
export function computeErrorBudget(period: SliMeasure | null, recentBurnRate: number | null, periodMinutes: number): ErrorBudget | null {
  if (!period || period.allowed <= 0) return null;
  const consumedRatio = period.spent / period.allowed;
  const remainingRatio = 1 - consumedRatio;
  let timeToExhaustionMinutes: number | null = null;
  if (remainingRatio <= 0) timeToExhaustionMinutes = 0;
  else if (recentBurnRate !== null && recentBurnRate > 0) timeToExhaustionMinutes = (remainingRatio * periodMinutes) / recentBurnRate;
  return { consumedRatio, remainingRatio, timeToExhaustionMinutes };
}
