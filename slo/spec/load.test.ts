import { describe, expect, it } from "vitest";
import shippedSlos from "../slos.yaml";
import { burnRateFactor } from "../windows";
import { loadSloFiles } from "./load";
import { SloSpecError } from "./yaml-source";

const load = (text: string, defaultProject: string | null = "acme") => loadSloFiles([{ name: "slos.yaml", text }], { defaultProject });

function issuesOf(text: string): string[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof SloSpecError) return error.message.split("\n");
    throw error;
  }
  throw new Error("expected the file to be rejected");
}

describe("the shipped SLO file", () => {
  const slos = load(shippedSlos, null);

  it("holds the targets: P95 < 100 ms, P99 < 200 ms, cache hits ≥ 90%, errors ≤ 1%, cost ≤ $0.05 per optimisation", () => {
    const byName = new Map(slos.map((s) => [s.name, s]));
    expect(byName.get("prompt-optimizer-latency-p95")).toMatchObject({ indicator: { kind: "latency-quantile", quantile: 0.95, thresholdMs: 100 }, objectiveRatio: 0.95 });
    expect(byName.get("prompt-optimizer-latency-p99")).toMatchObject({ indicator: { kind: "latency-quantile", quantile: 0.99, thresholdMs: 200 }, objectiveRatio: 0.99 });
    expect(byName.get("prompt-optimizer-cache-hit-rate")).toMatchObject({ indicator: { kind: "cache-hit-rate" }, objectiveRatio: 0.9 });
    expect(byName.get("prompt-optimizer-errors")).toMatchObject({ indicator: { kind: "error-rate" }, objectiveRatio: 0.99 });
    expect(byName.get("prompt-optimizer-cost")).toMatchObject({ indicator: { kind: "cost-per-request", maxCostUsd: 0.05 }, objectiveRatio: 1 });
  });

  it("uses the SRE workbook windows over 28 days", () => {
    for (const slo of slos) {
      expect(slo.project).toBe("demo");
      expect(slo.periodMinutes).toBe(28 * 24 * 60);
      expect(slo.alerting.windows.map((w) => [w.severity, w.longWindowMinutes, w.shortWindowMinutes, Number(burnRateFactor(w, slo.periodMinutes).toFixed(3))])).toEqual([
        ["page-fast", 60, 5, 13.44], ["page-slow", 360, 30, 5.6], ["ticket-fast", 1440, 120, 2.8], ["ticket-slow", 4320, 360, 0.933],
      ]);
    }
  });
});

describe("edgeslo/v1 files", () => {
  it("accept percentages, ratios, durations with units and a custom window table", () => {
    const [slo] = load(`apiVersion: edgeslo/v1
slos:
  - name: api-latency
    service: api
    version: v7
    indicator: { kind: latency-below, thresholdMs: 1.5s }
    objective: 99.5
    window: 7d
    alerting:
      for: 30s
      windows:
        - { severity: page-fast, budgetShare: 50%, long: 10m, short: 1m }
`);
    expect(slo).toMatchObject({
      project: "acme", version: "v7", indicator: { kind: "latency-below", thresholdMs: 1500 }, objectiveRatio: 0.995, periodMinutes: 10080,
      alerting: { forMinutes: 0.5, windows: [{ severity: "page-fast", budgetShare: 0.5, longWindowMinutes: 10, shortWindowMinutes: 1 }] },
    });
  });

  it("a bad objective is rejected with its line, column and path", () => {
    expect(issuesOf(`apiVersion: edgeslo/v1
slos:
  - name: ok
    service: api
    indicator: { kind: error-rate }
    objective: 99%
  - name: bad
    service: api
    indicator: { kind: error-rate }
    objective: "ninety-nine"
`)).toEqual(['slos.yaml:10:16: slos[1].objective: expected a ratio such as 0.99, 99 or "99%", got "ninety-nine"']);
  });

  it("an unknown indicator kind, a misspelt key and a missing objective are each reported", () => {
    expect(issuesOf(`apiVersion: edgeslo/v1
slos:
  - name: a
    service: api
    indicator: { kind: throughput }
    objective: 99%
  - name: b
    service: api
    indicator: { kind: error-rate }
    objetive: 99%
  - name: c
    service: api
    indicator: { kind: cache-hit-rate }
`)).toEqual([
      "slos.yaml:5:24: slos[0].indicator.kind: one of latency-below, latency-quantile, error-rate, cache-hit-rate, cost-per-request",
      'slos.yaml:7:5: slos[1]: Unrecognized key: "objetive"',
      "slos.yaml:11:5: slos[2].objective: required for a cache-hit-rate indicator, e.g. objective: 99%",
    ]);
  });

  it("model checks point back at the spec's own field names", () => {
    expect(issuesOf(`apiVersion: edgeslo/v1
slos:
  - name: p95
    service: api
    indicator: { kind: latency-quantile, quantile: p95, thresholdMs: 100 }
    objective: 99%
    window: 40d
`)).toEqual([
      "slos.yaml:7:13: slos[0].window: Too big: expected number to be <=43200",
      "slos.yaml:6:16: slos[0].objective: a P95 objective is 0.95: at least that share of requests under the threshold",
    ]);
  });

  it("a window table whose short window is not shorter is rejected at that window", () => {
    expect(issuesOf(`apiVersion: edgeslo/v1
slos:
  - name: e
    service: api
    indicator: { kind: error-rate }
    objective: 99%
    alerting:
      windows:
        - { severity: page-fast, budgetShare: 2%, long: 1h, short: 1h }
`)).toEqual(["slos.yaml:9:68: slos[0].alerting.windows[0].short: the short window must be shorter than the long one"]);
  });

  it("YAML syntax errors, duplicate names and unknown apiVersions are reported with lines", () => {
    expect(issuesOf("apiVersion: edgeslo/v1\nslos: [\n")[0]).toMatch(/^slos\.yaml:\d+:\d+: /);
    expect(issuesOf("apiVersion: edgeslo/v2\nslos: []\n")).toEqual(['slos.yaml:1:13: apiVersion: apiVersion must be edgeslo/v1 or openslo/v1, got "edgeslo/v2"']);
    expect(issuesOf(`apiVersion: edgeslo/v1
slos:
  - { name: e, service: api, indicator: { kind: error-rate }, objective: 99% }
  - { name: e, service: api, indicator: { kind: error-rate }, objective: 99.9% }
`)).toEqual(["slos.yaml:1:1: SLO acme/e is defined twice (also in slos.yaml document 1)"]);
  });

  it("an SLO without a project is rejected when no default project is known", () => {
    expect(() => load("apiVersion: edgeslo/v1\nslos:\n  - { name: e, service: api, indicator: { kind: error-rate }, objective: 99% }\n", null)).toThrow(
      "slos.yaml:3:5: slos[0].project: no project: set project on the SLO or defaults.project in the file",
    );
  });
});

describe("OpenSLO v1 SLO documents", () => {
  const openSlo = `apiVersion: openslo/v1
kind: SLI
metadata: { name: optimizer-availability }
spec:
  ratioMetric:
    counter: true
    good: { metricSource: { type: edgeslo, spec: { metric: requests.ok } } }
    total: { metricSource: { type: edgeslo, spec: { metric: requests } } }
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: Optimizer Availability
  annotations: { edgeslo.dev/project: teamx }
spec:
  service: prompt-optimizer
  indicatorRef: optimizer-availability
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ displayName: main, targetPercent: 99 }]
  alertPolicies:
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: optimizer-latency }
spec:
  service: prompt-optimizer
  indicator:
    metadata: { name: latency }
    spec:
      thresholdMetric: { metricSource: { type: edgeslo, spec: { metric: request.duration_ms } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives:
    - { displayName: p95, op: lte, value: 100, target: 0.95 }
    - { displayName: p99, value: 200, target: 0.99 }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: optimizer-cache }
spec:
  service: prompt-optimizer
  indicator:
    spec:
      ratioMetric:
        good: { metricSource: { type: edgeslo, spec: { metric: cache.hits } } }
        total: { metricSource: { type: edgeslo, spec: { metric: cache.lookups } } }
  timeWindow: [{ duration: 4w, isRolling: true }]
  objectives: [{ target: 0.9 }]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: optimizer-cost }
spec:
  service: prompt-optimizer
  indicator:
    spec:
      thresholdMetric: { metricSource: { type: edgeslo, spec: { metric: request.cost_usd } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  objectives: [{ op: lte, value: 0.05 }]
`;

  it("decode to the same SloDefinitions as edgeslo's own format", () => {
    const slos = load(openSlo);
    expect(slos.map((s) => [s.project, s.name, s.indicator, s.objectiveRatio, s.periodMinutes])).toEqual([
      ["teamx", "optimizer-availability", { kind: "error-rate" }, 0.99, 40320],
      ["acme", "optimizer-latency-p95", { kind: "latency-quantile", quantile: 0.95, thresholdMs: 100 }, 0.95, 40320],
      ["acme", "optimizer-latency-p99", { kind: "latency-quantile", quantile: 0.99, thresholdMs: 200 }, 0.99, 40320],
      ["acme", "optimizer-cache", { kind: "cache-hit-rate" }, 0.9, 40320],
      ["acme", "optimizer-cost", { kind: "cost-per-request", maxCostUsd: 0.05 }, 1, 40320],
    ]);
  });

  it("calendar windows, timeslice budgeting, foreign metric sources and dangling refs are rejected precisely", () => {
    expect(issuesOf(`apiVersion: openslo/v1
kind: SLO
metadata: { name: x }
spec:
  service: api
  indicatorRef: nowhere
  timeWindow: [{ duration: 1M, calendar: { startTime: "2026-01-01 00:00:00", timeZone: UTC } }]
  budgetingMethod: Timeslices
  objectives: [{ target: 0.99 }]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: y }
spec:
  service: api
  indicator:
    spec:
      ratioMetric:
        good: { metricSource: { type: Prometheus, spec: { query: "sum(rate(x[5m]))" } } }
        total: { metricSource: { type: edgeslo, spec: { metric: requests } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  objectives: [{ target: 0.99 }]
`)).toEqual([
      "slos.yaml:7:16: spec.timeWindow[0]: edgeslo evaluates rolling windows only (isRolling: true, no calendar)",
      'slos.yaml:7:28: spec.timeWindow[0].duration: expected a duration such as "5m", "1h" or "28d", got "1M"',
      "slos.yaml:8:20: spec.budgetingMethod: edgeslo budgets by Occurrences (Timeslices and RatioTimeslices are not supported)",
      'slos.yaml:6:17: spec.indicatorRef: no SLI named "nowhere" in the loaded files',
      "slos.yaml:19:39: spec.indicator.spec.ratioMetric.good.metricSource.type: edgeslo evaluates its own figures: use metricSource.type edgeslo",
      expect.stringMatching(/^slos\.yaml:19:57: spec\.indicator\.spec\.ratioMetric\.good\.metricSource\.spec\.metric: /),
    ]);
  });
});
