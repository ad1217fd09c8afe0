// Fixture factories for SLO tests: a valid SloDefinition with overrides, and window counts.
import type { SliCounts } from "../burn-rate";
import { sloDefinitionSchema, type SloDefinition } from "../definition";
import { SRE_WORKBOOK_WINDOWS } from "../windows";

export const DAYS_28 = 28 * 24 * 60;
export const DAYS_30 = 30 * 24 * 60;

export function sloFixture(overrides: Partial<SloDefinition> = {}): SloDefinition {
  return sloDefinitionSchema.parse({
    name: "optimizer-errors", project: "test", service: "prompt-optimizer", route: null, version: null, description: null,
    indicator: { kind: "error-rate" }, objectiveRatio: 0.99, periodMinutes: DAYS_28,
    alerting: { windows: [...SRE_WORKBOOK_WINDOWS], forMinutes: 0, perVersion: true, rollbackOnPage: true },
    ...overrides,
  });
}

export function countsFixture(overrides: Partial<Omit<SliCounts, "requestsAtOrBelowMs">> & { atOrBelow?: [number, number][] } = {}): SliCounts {
  const { atOrBelow, ...rest } = overrides;
  return { requests: 0, errors: 0, cacheHits: 0, cacheMisses: 0, costUsd: 0, requestsAtOrBelowMs: new Map(atOrBelow ?? []), ...rest };
}
