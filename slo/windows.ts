// The multiwindow, multi-burn-rate alert table, as data, and the burn-rate factor each row implies for an SLO period.
import type { AlertWindow } from "./definition";

/**
 * Source: Google, "The Site Reliability Workbook", chapter 5 "Alerting on SLOs", table 5-8 (recommended parameters),
 * also slok/sloth internal/alert/windows/google-30d.yaml. The shares of budget are the data; the workbook's factors
 * (14.4, 6, 3, 1 for 30 days) follow from them, and a 28-day SLO gets 13.44, 5.6, 2.8, 0.933.
 */
export const SRE_WORKBOOK_WINDOWS: readonly AlertWindow[] = [
  { severity: "page-fast", budgetShare: 0.02, longWindowMinutes: 60, shortWindowMinutes: 5 },
  { severity: "page-slow", budgetShare: 0.05, longWindowMinutes: 6 * 60, shortWindowMinutes: 30 },
  { severity: "ticket-fast", budgetShare: 0.1, longWindowMinutes: 24 * 60, shortWindowMinutes: 2 * 60 },
  { severity: "ticket-slow", budgetShare: 0.1, longWindowMinutes: 3 * 24 * 60, shortWindowMinutes: 6 * 60 },
];

/**
 * Burn rate at which `budgetShare` of the period's budget is spent within the long window:
 * share × period / long window (2% of 30 days in 1 hour = 0.02 × 720 h / 1 h = 14.4).
 */
export function burnRateFactor(window: AlertWindow, periodMinutes: number): number {
  return (window.budgetShare * periodMinutes) / window.longWindowMinutes;
}

/** Every window length (minutes) an SLO's evaluation reads: its alert windows, the last hour, and its period. */
export function windowMinutesOf(windows: readonly AlertWindow[], periodMinutes: number): number[] {
  const all = new Set<number>([periodMinutes, 60]);
  for (const w of windows) all.add(w.longWindowMinutes).add(w.shortWindowMinutes);
  return [...all].sort((a, b) => a - b);
}

/** "5m", "6h", "3d", "28d": the label of a window length. */
export function formatWindowMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
