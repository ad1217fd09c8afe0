import { describe, expect, it } from "vitest";
import type { WindowCounts, WindowsAnswer, WindowsQuery } from "../collector/window-counts";
import { evaluateSlos, planReads, toAlertObservations, type RollupReader } from "./evaluate";
import { sloFixture } from "./testing/slo-factory";

const MIN = 60_000;

function counts(requests: number, errors: number, thresholds: number): WindowCounts {
  return {
    requests, errors, cacheHits: 0, cacheMisses: 0, cacheBypasses: 0, usageEvents: 0, costUsd: 0, latencySumMs: 0,
    latencyAtOrBelow: new Array<number>(thresholds).fill(requests), latencyQuantilesMs: [],
  };
}

/** An in-memory RollupReader: every window holds `perMinute` requests a minute per version, with the version's error share. */
function fakeReader(errorShare: Record<string, number>, { failFor = "" } = {}): RollupReader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async readWindows(project: string, service: string, q: WindowsQuery): Promise<WindowsAnswer> {
      calls.push(`${project}/${service}`);
      if (service === failFor) throw new Error("shard unavailable");
      const windows = q.windowsMs.map((windowMs) => {
        const minutes = windowMs / MIN;
        const versions = Object.entries(errorShare).map(([version, share]) => ({
          version, firstBucketMs: q.toMs - 10 * 24 * 60 * MIN, lastBucketMs: q.toMs - MIN, ...counts(10 * minutes, Math.round(10 * minutes * share), q.latencyThresholdsMs.length),
        }));
        const total = counts(versions.reduce((n, v) => n + v.requests, 0), versions.reduce((n, v) => n + v.errors, 0), q.latencyThresholdsMs.length);
        return { windowMs, fromMs: q.toMs - windowMs, total, versions };
      });
      return { toMs: q.toMs, windows, sketches: [] };
    },
  };
}

describe("evaluation through the RollupReader port", () => {
  it("reads each service once, whatever its number of SLOs and windows", () => {
    const plans = planReads([sloFixture({ name: "a" }), sloFixture({ name: "b", objectiveRatio: 0.999 }), sloFixture({ name: "c", service: "other" })], 0);
    expect(plans.map((p) => [p.service, p.slos.length])).toEqual([["prompt-optimizer", 2], ["other", 1]]);
    expect(plans[0]!.query.windowsMs.map((ms) => ms / MIN)).toEqual([5, 30, 60, 120, 360, 1440, 4320, 40320]);
  });

  it("evaluates the service and each version; only the burning version pages", async () => {
    const result = await evaluateSlos(fakeReader({ stable: 0.001, canary: 0.2 }), [sloFixture()], 1_795_000_000_000);
    const [slo] = result.services[0]!.slos;
    expect(slo!.scopes.map((s) => [s.scope, s.status])).toEqual([["service", "paging"], ["version:stable", "ok"], ["version:canary", "paging"]]);
    const observations = toAlertObservations(result.services[0]!);
    const active = observations.filter((o) => o.active).map((o) => `${o.scope}/${o.severity}/${o.rollbackCandidate}`);
    expect(active).toContain("version:canary/page-fast/true");
    // The service as a whole burns at ≈ 10x: page-slow (5.6x), not page-fast (13.44x); never a rollback candidate.
    expect(active).toContain("service/page-slow/false");
    expect(active).not.toContain("service/page-fast/false");
    expect(active.some((a) => a.startsWith("version:stable"))).toBe(false);
  });

  it("a version-pinned SLO evaluates that version only; a route filter is reported unsupported", async () => {
    const result = await evaluateSlos(fakeReader({ stable: 0, canary: 0.2 }), [sloFixture({ name: "pinned", version: "canary" }), sloFixture({ name: "by-route", route: "/optimize" })], 1_795_000_000_000);
    const byName = new Map(result.services[0]!.slos.map((s) => [s.slo.name, s]));
    expect(byName.get("pinned")!.scopes.map((s) => s.scope)).toEqual(["version:canary"]);
    expect(byName.get("by-route")).toMatchObject({ scopes: [], reason: expect.stringContaining("per-route rollups") });
  });

  it("a service whose read fails is reported, not evaluated (its alerts keep their state); the others go on", async () => {
    const reader = fakeReader({ v1: 0 }, { failFor: "broken" });
    const result = await evaluateSlos(reader, [sloFixture({ name: "ok" }), sloFixture({ name: "b", service: "broken" })], 1_795_000_000_000);
    expect(result.services.map((s) => s.service)).toEqual(["prompt-optimizer"]);
    expect(result.failures).toEqual([{ project: "test", service: "broken", error: "Error: shard unavailable" }]);
  });
});
