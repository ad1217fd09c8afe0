// Helpers that keep tests independent and their latency assertions honest about the sketch's accuracy.
import { expect } from "vitest";

let serial = 0;

/** A service name of its own per test, so tests sharing storage never see each other's rollups. */
export function freshService(prefix: string): string {
  serial += 1;
  return `${prefix}-${Date.now().toString(36)}-${serial}`;
}

/** Latencies come back from a DDSketch at 1% relative accuracy. */
export function expectWithinSketchAccuracy(actual: number, expected: number): void {
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(0.01);
}
