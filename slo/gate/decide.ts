// The deploy gate's decision: from GET /api/slos (and /api/services) to healthy / blocked / undecidable, with reasons.

import type { ErrorBudget } from "../budget.ts";
import type { CanaryResult } from "../canary.ts";
import type { SloStatus } from "../evaluate.ts";

/** The parts of one entry of GET /api/slos the gate reads (see README "SLO engine and alerts"). */
export interface SloReport {
  name: string;
  service: string;
  status: SloStatus;
  window: string;
  budget: Pick<ErrorBudget, "remainingRatio" | "timeToExhaustionMinutes"> | null;
  versions: { version: string | null; status: SloStatus }[];
}

export type CanaryReport = { service: string } & Pick<CanaryResult, "baselineVersion" | "canaryVersion" | "verdict" | "score" | "metrics">;

export interface GateInput {
  service: string;
  version: string | null;
  minBudgetRatio: number;
  knownServices: string[];
  slos: SloReport[];
  canaries: CanaryReport[];
  unavailable: string[];
}

export type GateOutcome = "pass" | "fail" | "undecided";

export interface GateDecision {
  outcome: GateOutcome;
  /** Why it failed or could not decide; empty on pass. */
  reasons: string[];
  /** Worth knowing, never blocking (a ticket-level burn, an SLO without data). */
  notes: string[];
  checked: { slo: string; status: string; budgetRemainingRatio: number | null }[];
}

export const EXIT_CODES: Record<GateOutcome, number> = { pass: 0, fail: 1, undecided: 2 };

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/**
 * Blocks on what should stop a rollout: an SLO paging (fast or slow burn), a budget exhausted or below the minimum,
 * and with a version: that version paging or its canary analysis failing. A ticket-level burn is a note.
 */
export function decideGate(input: GateInput): GateDecision {
  const reasons: string[] = [];
  const notes: string[] = [];
  if (!input.knownServices.includes(input.service)) {
    return { outcome: "undecided", reasons: [`unknown service "${input.service}": the collector has no telemetry for it`], notes, checked: [] };
  }
  if (input.unavailable.includes(input.service)) {
    return { outcome: "undecided", reasons: [`the collector could not read ${input.service}'s rollups; retry`], notes, checked: [] };
  }
  const slos = input.slos.filter((s) => s.service === input.service);
  if (slos.length === 0) return { outcome: "undecided", reasons: [`no SLO is defined for ${input.service}`], notes, checked: [] };
  const checked = slos.map((s) => ({ slo: s.name, status: s.status, budgetRemainingRatio: s.budget?.remainingRatio ?? null }));
  const judged = slos.filter((s) => s.status !== "no-data" && s.status !== "unsupported");
  for (const slo of slos.filter((s) => !judged.includes(s))) notes.push(`${slo.name}: ${slo.status}`);
  if (judged.length === 0) return { outcome: "undecided", reasons: [`no SLO of ${input.service} has data yet`], notes, checked };

  for (const slo of judged) {
    if (slo.status === "paging") reasons.push(`${slo.name} is paging: its error budget is burning fast`);
    else if (slo.status === "ticket") notes.push(`${slo.name} burns its budget faster than it refills (ticket)`);
    // The budget is judged whatever the status: a slow burn (ticket) may already have spent it all.
    const remaining = slo.budget?.remainingRatio;
    if (slo.status === "exhausted" || (remaining !== undefined && remaining <= 0)) reasons.push(`${slo.name} has exhausted its ${slo.window} error budget`);
    else if (remaining !== undefined && remaining < input.minBudgetRatio) {
      reasons.push(`${slo.name} has ${percent(remaining)} of its error budget left (minimum ${percent(input.minBudgetRatio)})`);
    }
  }
  if (input.version !== null) {
    const version = input.version;
    const scopes = judged.flatMap((slo) => slo.versions.filter((v) => v.version === version).map((v) => ({ slo, v })));
    if (scopes.length === 0) notes.push(`version ${version} has no data of its own yet`);
    for (const { slo, v } of scopes) if (v.status === "paging") reasons.push(`${slo.name} pages for version ${version}`);
    const canary = input.canaries.find((c) => c.service === input.service && c.canaryVersion === version);
    if (canary?.verdict === "fail") {
      const failed = canary.metrics.filter((m) => m.verdict === "fail").map((m) => `${m.metric} (${m.reason})`);
      reasons.push(`canary analysis of ${version} against ${canary.baselineVersion} fails: ${failed.join("; ") || `score ${canary.score}`}`);
    } else if (canary) notes.push(`canary analysis against ${canary.baselineVersion}: ${canary.verdict} (score ${canary.score})`);
  }
  return { outcome: reasons.length > 0 ? "fail" : "pass", reasons, notes, checked };
}

export function renderGate(decision: GateDecision, input: Pick<GateInput, "service" | "version">, format: "text" | "json" | "markdown"): string {
  const subject = input.version ? `${input.service} @ ${input.version}` : input.service;
  const verdict = { pass: "PASS: safe to deploy", fail: "FAIL: do not deploy", undecided: "UNDECIDED: cannot tell" }[decision.outcome];
  if (format === "json") return JSON.stringify({ service: input.service, version: input.version, ...decision }, null, 2);
  if (format === "markdown") {
    const rows = decision.checked.map((c) => `| ${c.slo} | ${c.status} | ${c.budgetRemainingRatio === null ? "–" : percent(c.budgetRemainingRatio)} |`);
    return [
      `### edgeslo deploy gate: ${subject}`,
      ``,
      `**${verdict}**`,
      ...decision.reasons.map((r) => `- ${r}`),
      ...(decision.notes.length ? ["", ...decision.notes.map((n) => `- _${n}_`)] : []),
      ...(rows.length ? ["", "| SLO | status | budget left |", "|---|---|---|", ...rows] : []),
      "",
    ].join("\n");
  }
  return [
    `edgeslo gate ${subject}: ${verdict}`,
    ...decision.reasons.map((r) => `  ✗ ${r}`),
    ...decision.notes.map((n) => `  · ${n}`),
    ...decision.checked.map((c) => `  ${c.slo}: ${c.status}${c.budgetRemainingRatio === null ? "" : `, ${percent(c.budgetRemainingRatio)} budget left`}`),
  ].join("\n");
}
