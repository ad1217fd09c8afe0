import { describe, expect, it } from "vitest";
import { chooseRollbackTarget, decideRollback, type RollbackRecord, type RollbackSettings } from "./rollback-policy";

const MIN = 60_000;
const settings: RollbackSettings = { dryRun: false, cooldownMinutes: 30, force: false, services: { "prompt-optimizer": { script: "prompt-optimizer-worker", enabled: true }, "eval-engine": { script: "eval", enabled: false } } };
const alert = { service: "prompt-optimizer", incidentId: "k@1", version: "v2" };
const done = (overrides: Partial<RollbackRecord>): RollbackRecord => ({
  id: "r1", project: "test", service: "prompt-optimizer", script: "prompt-optimizer-worker", incidentId: "k@0", alertKey: "k", badVersion: "v2",
  targetVersionId: "v1", deploymentId: "d", status: "performed", reason: "", dryRun: false, requestedAtMs: 0, completedAtMs: 0, ...overrides,
});

describe("rollback guard rails", () => {
  it("rolls back an opted-in service's version", () => {
    expect(decideRollback(alert, settings, [], 10 * MIN)).toEqual({ decision: "proceed", script: "prompt-optimizer-worker", dryRun: false });
  });

  it("skips services that are not opted in, or disabled", () => {
    expect(decideRollback({ ...alert, service: "unknown" }, settings, [], 0)).toMatchObject({ decision: "skip", reason: expect.stringContaining("not opted in") });
    expect(decideRollback({ ...alert, service: "eval-engine" }, settings, [], 0)).toMatchObject({ decision: "skip" });
  });

  it("never twice for one incident, and never twice for one service inside the cool-down", () => {
    expect(decideRollback(alert, settings, [done({ incidentId: "k@1", requestedAtMs: 0 })], 100 * MIN)).toEqual({ decision: "skip", reason: "already rolled back for this incident" });
    expect(decideRollback(alert, settings, [done({ requestedAtMs: 0 })], 20 * MIN)).toMatchObject({ decision: "skip", reason: expect.stringContaining("cool-down") });
    expect(decideRollback(alert, settings, [done({ requestedAtMs: 0 })], 31 * MIN)).toMatchObject({ decision: "proceed" });
    expect(decideRollback(alert, settings, [done({ requestedAtMs: 0, status: "failed" })], 1 * MIN)).toMatchObject({ decision: "proceed" });
  });
});

describe("rollback target", () => {
  const versions = [{ id: "ver-3", tag: "v3" }, { id: "ver-2", tag: "v2" }, { id: "ver-1", tag: "v1" }];

  it("a gradual deployment rolls back to the stable version beside the canary", () => {
    const deployments = [{ id: "dep-2", versions: [{ versionId: "ver-3", percentage: 10 }, { versionId: "ver-2", percentage: 90 }] }];
    expect(chooseRollbackTarget("ver-3", deployments, versions)).toEqual({ targetVersionId: "ver-2", badVersionId: "ver-3" });
  });

  it("a 100% deployment rolls back to the previous deployment's version; telemetry may name versions by tag", () => {
    const deployments = [
      { id: "dep-3", versions: [{ versionId: "ver-3", percentage: 100 }] },
      { id: "dep-2", versions: [{ versionId: "ver-2", percentage: 100 }] },
    ];
    expect(chooseRollbackTarget("v3", deployments, versions)).toEqual({ targetVersionId: "ver-2", badVersionId: "ver-3" });
  });

  it("the stable version paging beside a canary never promotes the newer canary", () => {
    const deployments = [{ id: "dep-2", versions: [{ versionId: "ver-3", percentage: 10 }, { versionId: "ver-2", percentage: 90 }] }];
    expect(chooseRollbackTarget("ver-2", deployments, versions)).toEqual({
      error: "version ver-2 is the older version of the gradual deployment dep-2: rolling back would promote a newer one; needs a human",
    });
  });

  it("a version that no longer serves is not rolled back", () => {
    const deployments = [{ id: "dep-2", versions: [{ versionId: "ver-2", percentage: 100 }] }];
    expect(chooseRollbackTarget("ver-3", deployments, versions)).toEqual({ error: "version ver-3 is not part of the current deployment dep-2: nothing to roll back" });
  });
});
