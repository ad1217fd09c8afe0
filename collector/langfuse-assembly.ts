// Turns the stored Langfuse items of one trace into NormalisedEvents: one request per trace, one usage event per generation.
import { LANGFUSE, UNKNOWN_VERSION } from "./conventions";
import type { NormalisedEvent } from "./event";
import type { LangfuseItem, LangfuseObservationBody, LangfuseTraceBody } from "./decode/langfuse";
import { normaliseLangfuseTraceId } from "./decode/langfuse";
import { parseCacheResult, strongerCacheResult } from "./decode/otlp-spans";
import { costFromDetails, resolveCostUsd, type PricingTable } from "./pricing";

interface MergedObservation {
  id: string;
  type: "SPAN" | "GENERATION" | "EVENT";
  body: LangfuseObservationBody;
}

/** Creates first, then updates in envelope-time order, so a generation-update sent before its create still lands. */
function mergeObservations(items: LangfuseItem[]): MergedObservation[] {
  const observations = items.filter((i) => i.kind === "observation");
  observations.sort(
    (a, b) => Number(b.isCreate) - Number(a.isCreate) || a.timestamp.localeCompare(b.timestamp) || a.receivedOrder - b.receivedOrder,
  );
  const merged = new Map<string, MergedObservation>();
  for (const item of observations) {
    const existing = merged.get(item.body.id);
    const definedFields = Object.fromEntries(Object.entries(item.body).filter(([, v]) => v !== undefined && v !== null));
    if (existing) existing.body = { ...existing.body, ...definedFields };
    else merged.set(item.body.id, { id: item.body.id, type: item.observationType, body: { ...item.body } });
  }
  return [...merged.values()];
}

function mergeTrace(items: LangfuseItem[]): LangfuseTraceBody | null {
  let trace: LangfuseTraceBody | null = null;
  for (const item of items) {
    if (item.kind !== "trace") continue;
    const definedFields = Object.fromEntries(Object.entries(item.body).filter(([, v]) => v !== undefined && v !== null));
    trace = { ...(trace ?? {}), ...definedFields } as LangfuseTraceBody;
  }
  return trace;
}

function metadataService(metadata: unknown): string | null {
  if (!metadata || typeof metadata !== "object") return null;
  const value = (metadata as Record<string, unknown>)[LANGFUSE.serviceMetadataKey];
  return typeof value === "string" && value !== "" ? value : null;
}

/** edgeslo's convention, documented in the README: metadata service.name, then a service:<name> tag, then trace.name. */
export function langfuseServiceOf(trace: LangfuseTraceBody | null, observations: MergedObservation[]): string {
  const fromTag = trace?.tags?.find((t) => t.startsWith(LANGFUSE.serviceTagPrefix))?.slice(LANGFUSE.serviceTagPrefix.length);
  return (
    metadataService(trace?.metadata) ??
    observations.map((o) => metadataService(o.body.metadata)).find((s) => s !== null) ??
    (fromTag || null) ??
    trace?.name ??
    "unknown"
  );
}

function metadataValue(metadata: unknown, key: string): unknown {
  return metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>)[key] : undefined;
}

/** Cache outcome from observation metadata (edgeslo.cache.result / .tier), strongest first, like the OTLP path. */
function cacheOf(observations: MergedObservation[]): { cacheResult: NormalisedEvent["cacheResult"]; cacheTier: string | null } {
  let cacheResult: NormalisedEvent["cacheResult"] = null;
  let cacheTier: string | null = null;
  for (const o of observations) {
    const result = parseCacheResult(metadataValue(o.body.metadata, LANGFUSE.cacheResultMetadataKey));
    if (result === "hit" && cacheResult !== "hit") {
      const tier = metadataValue(o.body.metadata, LANGFUSE.cacheTierMetadataKey);
      cacheTier = typeof tier === "string" ? tier : null;
    }
    cacheResult = strongerCacheResult(cacheResult, result);
  }
  return { cacheResult, cacheTier };
}

function tokensOf(body: LangfuseObservationBody): { input: number; output: number } {
  const details = body.usageDetails ?? {};
  const usage = body.usage ?? {};
  return {
    input: details.input ?? usage.input ?? usage.promptTokens ?? 0,
    output: details.output ?? usage.output ?? usage.completionTokens ?? 0,
  };
}

/** Langfuse's order: costDetails.total → sum of costDetails → usage.totalCost → inputCost + outputCost. */
function sentCostOf(body: LangfuseObservationBody): number | null {
  const fromDetails = costFromDetails(body.costDetails);
  if (fromDetails !== null) return fromDetails;
  const usage = body.usage;
  if (usage?.totalCost != null) return usage.totalCost;
  if (usage?.inputCost != null || usage?.outputCost != null) return (usage.inputCost ?? 0) + (usage.outputCost ?? 0);
  return null;
}

function timeMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export interface AssemblyContext {
  project: string;
  pricing: PricingTable;
}

export function assembleLangfuseTrace(traceId: string, items: LangfuseItem[], ctx: AssemblyContext): NormalisedEvent[] {
  const trace = mergeTrace(items);
  const observations = mergeObservations(items);
  const service = langfuseServiceOf(trace, observations);
  const version = trace?.version ?? trace?.release ?? observations.find((o) => o.body.version)?.body.version ?? UNKNOWN_VERSION;
  const base = {
    source: "langfuse" as const,
    project: ctx.project,
    service,
    version,
    traceId: normaliseLangfuseTraceId(traceId),
    region: null,
    route: null,
    httpStatus: null,
    cacheResult: null,
    cacheTier: null,
  };
  const events: NormalisedEvent[] = [];
  const timed = observations
    .map((o) => ({ o, start: timeMs(o.body.startTime), end: timeMs(o.body.endTime) }))
    .filter((t): t is { o: MergedObservation; start: number; end: number } => t.start !== null && t.end !== null && t.end >= t.start);
  for (const { o, start, end } of timed.filter((t) => t.o.type === "GENERATION")) {
    const tokens = tokensOf(o.body);
    const cost = resolveCostUsd(ctx.pricing, {
      sentCostUsd: sentCostOf(o.body),
      model: o.body.model ?? null,
      inputTokens: tokens.input,
      outputTokens: tokens.output,
    });
    events.push({
      ...base,
      timestampMs: start,
      spanId: o.id,
      name: o.body.name ?? "generation",
      isRequest: false,
      hasUsage: true,
      outcome: o.body.level === LANGFUSE.errorLevel ? "error" : "ok",
      durationMs: end - start,
      provider: null,
      model: o.body.model ?? null,
      inputTokens: tokens.input,
      outputTokens: tokens.output,
      ...cost,
    });
  }
  // One trace is one request: its latency spans the generations (else all timed observations), error if any is ERROR.
  const requestSpan = timed.some((t) => t.o.type === "GENERATION") ? timed.filter((t) => t.o.type === "GENERATION") : timed;
  if (requestSpan.length > 0) {
    const start = Math.min(...requestSpan.map((t) => t.start));
    const end = Math.max(...requestSpan.map((t) => t.end));
    events.push({
      ...base,
      ...cacheOf(observations),
      timestampMs: start,
      spanId: `trace:${base.traceId}`,
      name: trace?.name ?? "trace",
      isRequest: true,
      hasUsage: false,
      outcome: observations.some((o) => o.body.level === LANGFUSE.errorLevel) ? "error" : "ok",
      durationMs: end - start,
      provider: null,
      model: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      costSource: "none",
    });
  }
  return events;
}
