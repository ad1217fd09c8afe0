import { describe, expect, it } from "vitest";
import { markersFor, objectiveText, sloTile, sortWorstFirst, type SloEntry } from "./slo-view";

const entry = (over: Partial<SloEntry>): SloEntry => ({
  name: "errors", service: "optimizer", indicator: { kind: "error-rate" }, objectiveRatio: 0.99, window: "28d", status: "ok",
  budget: { remainingRatio: 0.75, timeToExhaustionMinutes: null },
  windows: [{ window: "5m", windowMinutes: 5, sli: 0.9, burnRate: 10 }, { window: "1h", windowMinutes: 60, sli: 0.995, burnRate: 0.5 }],
  ...over,
});

describe("dashboard SLO tiles", () => {
  it("sorts paging before exhausted before slow burns before healthy", () => {
    const sorted = sortWorstFirst([entry({ name: "a" }), entry({ name: "b", status: "paging" }), entry({ name: "c", status: "ticket" }), entry({ name: "d", status: "exhausted" })]);
    expect(sorted.map((s) => s.name)).toEqual(["b", "d", "c", "a"]);
  });

  it("a tile shows the objective, the last hour's value, the budget left and the burn rate", () => {
    expect(sloTile(entry({}))).toEqual({
      name: "errors", status: "ok", objective: "errors ≤ 1.0%", current: "0.50% errors", budgetLeft: "75.0%", burnRate: "0.5× (1h)",
    });
  });

  it("objectives read in the indicator's own terms", () => {
    expect(objectiveText({ indicator: { kind: "latency-quantile", quantile: 0.95, thresholdMs: 100 }, objectiveRatio: 0.95 })).toBe("P95 < 100 ms");
    expect(objectiveText({ indicator: { kind: "cost-per-request", maxCostUsd: 0.05 }, objectiveRatio: 1 })).toBe("≤ $0.050 / request");
    expect(objectiveText({ indicator: { kind: "cache-hit-rate" }, objectiveRatio: 0.9 })).toBe("hit rate ≥ 90.0%");
  });

  it("markers keep deployments, fired alerts and rollbacks inside the window, in time order", () => {
    const markers = markersFor({
      versions: [{ version: "0b6b6a8c-6d6f-4a43-9a7b-1d2a3b4c5d6e", firstSeenMs: 200 }, { version: "old", firstSeenMs: 1 }],
      alerts: [{ slo: "errors", severity: "page-fast", firedAtMs: 300 }, { slo: "errors", severity: "ticket-slow", firedAtMs: null }],
      rollbacks: [{ badVersion: "0b6b6a8c-6d6f-4a43-9a7b-1d2a3b4c5d6e", requestedAtMs: 400, status: "performed" }],
      fromMs: 100, toMs: 1000,
    });
    expect(markers.map((m) => [m.x, m.kind, m.label])).toEqual([
      [200, "deployment", "deployed 0b6b6a8c"], [300, "alert", "page-fast: errors"], [400, "rollback", "rollback of 0b6b6a8c (performed)"],
    ]);
  });
});
