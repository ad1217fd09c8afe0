import { describe, expect, it } from "vitest";
import { decideGate, renderGate, type GateInput, type SloReport } from "./decide";

const slo = (over: Partial<SloReport> = {}): SloReport => ({
  name: "optimizer-errors", service: "optimizer", status: "ok", window: "28d",
  budget: { remainingRatio: 0.8, timeToExhaustionMinutes: null }, versions: [], ...over,
});
const input = (over: Partial<GateInput> = {}): GateInput => ({
  service: "optimizer", version: null, minBudgetRatio: 0.25, knownServices: ["optimizer"], slos: [slo()], canaries: [], unavailable: [], ...over,
});

describe("deploy gate decision", () => {
  it("healthy SLOs with budget above the minimum pass", () => {
    expect(decideGate(input()).outcome).toBe("pass");
  });

  it("less budget than --min-budget fails, naming the SLO and both ratios", () => {
    const decision = decideGate(input({ slos: [slo({ budget: { remainingRatio: 0.1, timeToExhaustionMinutes: 600 } })] }));
    expect(decision.outcome).toBe("fail");
    expect(decision.reasons).toEqual(["optimizer-errors has 10.0% of its error budget left (minimum 25.0%)"]);
  });

  it("paging or exhausted SLOs fail; a ticket-level burn is only a note", () => {
    expect(decideGate(input({ slos: [slo({ status: "paging" })] })).outcome).toBe("fail");
    expect(decideGate(input({ slos: [slo({ status: "exhausted", budget: { remainingRatio: -0.2, timeToExhaustionMinutes: 0 } })] })).reasons)
      .toEqual(["optimizer-errors has exhausted its 28d error budget"]);
    const ticket = decideGate(input({ slos: [slo({ status: "ticket" })] }));
    expect(ticket.outcome).toBe("pass");
    expect(ticket.notes[0]).toMatch(/ticket/);
    const spentSlowly = decideGate(input({ slos: [slo({ status: "ticket", budget: { remainingRatio: -2.2, timeToExhaustionMinutes: 0 } })] }));
    expect(spentSlowly.reasons).toEqual(["optimizer-errors has exhausted its 28d error budget"]);
  });

  it("with --version, that version paging or failing its canary analysis fails the gate", () => {
    const paging = input({ version: "v2", slos: [slo({ versions: [{ version: "v2", status: "paging" }] })] });
    expect(decideGate(paging).reasons).toEqual(["optimizer-errors pages for version v2"]);
    const canary = input({
      version: "v2",
      canaries: [{ service: "optimizer", baselineVersion: "v1", canaryVersion: "v2", verdict: "fail", score: 50,
        metrics: [{ metric: "error-rate", verdict: "fail", baseline: 0.01, canary: 0.2, pValue: 0.001, reason: "20% vs 1%" }] }],
    });
    expect(decideGate(canary).reasons).toEqual(["canary analysis of v2 against v1 fails: error-rate (20% vs 1%)"]);
  });

  it("cannot decide for an unknown service, a service without SLOs or without data, or unreadable rollups", () => {
    expect(decideGate(input({ knownServices: [] })).outcome).toBe("undecided");
    expect(decideGate(input({ slos: [] })).outcome).toBe("undecided");
    expect(decideGate(input({ slos: [slo({ status: "no-data", budget: null })] })).outcome).toBe("undecided");
    expect(decideGate(input({ unavailable: ["optimizer"] })).outcome).toBe("undecided");
  });

  it("markdown output suits a GitHub step summary", () => {
    const decision = decideGate(input({ slos: [slo({ status: "paging" })] }));
    expect(renderGate(decision, { service: "optimizer", version: null }, "markdown")).toMatchInlineSnapshot(`
      "### edgeslo deploy gate: optimizer

      **FAIL: do not deploy**
      - optimizer-errors is paging: its error budget is burning fast

      | SLO | status | budget left |
      |---|---|---|
      | optimizer-errors | paging | 80.0% |
      "
    `);
  });
});
