// Pure shaping of GET /api/slos and /api/alerts for the dashboard: SLO tiles worst first, their figures, chart markers.
import type { SloStatus } from "../../slo/evaluate";
import type { Indicator } from "../../slo/definition";
import { formatValue } from "./series";

export interface SloEntry {
  name: string;
  service: string;
  indicator: Indicator;
  objectiveRatio: number;
  window: string;
  status: SloStatus;
  budget: { remainingRatio: number; timeToExhaustionMinutes: number | null } | null;
  windows: { window: string; windowMinutes: number; sli: number | null; burnRate: number | null; quantileMs?: number | null }[];
}

export interface SloTile {
  name: string;
  status: SloStatus;
  objective: string;
  current: string;
  budgetLeft: string;
  burnRate: string;
}

/** Worst first: what pages, then what has no budget left, then slow burns. */
const STATUS_RANK: Record<SloStatus, number> = { paging: 0, exhausted: 1, ticket: 2, ok: 3, "no-data": 4, unsupported: 5 };

export function sortWorstFirst<T extends { status: SloStatus }>(items: T[]): T[] {
  return [...items].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status]);
}

/** The window tiles report: one hour if the SLO has it, else its shortest. */
function currentWindow(slo: SloEntry) {
  return slo.windows.find((w) => w.windowMinutes === 60) ?? [...slo.windows].sort((a, b) => a.windowMinutes - b.windowMinutes)[0];
}

export function objectiveText(slo: Pick<SloEntry, "indicator" | "objectiveRatio">): string {
  const i = slo.indicator;
  switch (i.kind) {
    case "latency-below":
      return `${formatValue(slo.objectiveRatio, "ratio")} under ${i.thresholdMs} ms`;
    case "latency-quantile":
      return `P${Math.round(i.quantile * 100)} < ${i.thresholdMs} ms`;
    case "error-rate":
      return `errors ≤ ${formatValue(1 - slo.objectiveRatio, "ratio")}`;
    case "cache-hit-rate":
      return `hit rate ≥ ${formatValue(slo.objectiveRatio, "ratio")}`;
    case "cost-per-request":
      return `≤ ${formatValue(i.maxCostUsd, "usd")} / request`;
  }
}

function currentText(slo: SloEntry): string {
  const w = currentWindow(slo);
  if (!w || w.sli === null) return "–";
  switch (slo.indicator.kind) {
    case "latency-quantile":
      return formatValue(w.quantileMs ?? null, "ms");
    case "error-rate":
      return `${formatValue(1 - w.sli, "ratio")} errors`;
    case "cost-per-request":
      return formatValue(w.sli, "usd");
    default:
      return formatValue(w.sli, "ratio");
  }
}

export function sloTile(slo: SloEntry): SloTile {
  const w = currentWindow(slo);
  return {
    name: slo.name,
    status: slo.status,
    objective: objectiveText(slo),
    current: currentText(slo),
    budgetLeft: slo.budget ? formatValue(Math.max(0, slo.budget.remainingRatio), "ratio") : "–",
    burnRate: w?.burnRate === null || w?.burnRate === undefined ? "–" : `${w.burnRate.toFixed(1)}× (${w.window})`,
  };
}

export interface Marker {
  x: number;
  label: string;
  kind: "deployment" | "alert" | "rollback";
}

/** Deployments (a version's first sighting), alerts firing, rollbacks: vertical lines on the service's charts. */
export function markersFor(input: {
  versions: { version: string; firstSeenMs: number }[];
  alerts: { slo: string; severity: string; firedAtMs: number | null }[];
  rollbacks: { badVersion: string; requestedAtMs: number; status: string }[];
  fromMs: number;
  toMs: number;
}): Marker[] {
  const markers: Marker[] = [
    ...input.versions.map((v) => ({ x: v.firstSeenMs, label: `deployed ${v.version.slice(0, 8)}`, kind: "deployment" as const })),
    ...input.alerts.flatMap((a) => (a.firedAtMs === null ? [] : [{ x: a.firedAtMs, label: `${a.severity}: ${a.slo}`, kind: "alert" as const }])),
    ...input.rollbacks.map((r) => ({ x: r.requestedAtMs, label: `rollback of ${r.badVersion.slice(0, 8)} (${r.status})`, kind: "rollback" as const })),
  ];
  return markers.filter((m) => m.x >= input.fromMs && m.x <= input.toMs).sort((a, b) => a.x - b.x);
}
