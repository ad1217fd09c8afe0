// Normalises decoded OTLP spans (JSON or protobuf alike) into NormalisedEvents, rejecting invalid spans one by one.
import { CACHE_RESULTS, LANGFUSE, RESOURCE_ATTR, SPAN_ATTR, SPAN_KIND, STATUS_CODE, UNKNOWN_VERSION } from "../conventions";
import type { DecodeResult, NormalisedEvent, Rejection } from "../event";
import { costFromDetails, resolveCostUsd, type PricingTable } from "../pricing";
import type { AttributeValue, Attributes, OtlpResourceSpans, OtlpSpan } from "./otlp-model";
import { checkEventTime, type IngestClock } from "./time-window";

export interface NormaliseContext {
  project: string;
  pricing: PricingTable;
  clock: IngestClock;
}

/** Service and version names key rollup rows and Durable Objects: long ones are rejected, not truncated. */
export const MAX_IDENTITY_LENGTH = 256;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

function firstString(attrs: Attributes, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = attrs[key];
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number") return String(value);
  }
  return null;
}

function firstNumber(attrs: Attributes, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = attrs[key];
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  }
  return null;
}

/** Attribute values that carry a JSON map as a string (Langfuse's OTel SDK) or as an OTLP kvlist. */
function mapAttribute(value: AttributeValue | undefined): Record<string, unknown> | null {
  if (value && typeof value === "object" && !Array.isArray(value)) return value;
  if (typeof value !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** hit | miss | bypass in any case, else null. Shared with Langfuse assembly, which reads it from metadata. */
export function parseCacheResult(value: unknown): NormalisedEvent["cacheResult"] {
  if (typeof value !== "string") return null;
  const lower = value.toLowerCase();
  return (CACHE_RESULTS as readonly string[]).includes(lower) ? (lower as NormalisedEvent["cacheResult"]) : null;
}

/** A hit in any tier makes the request a hit; otherwise a miss outranks a bypass. */
export function strongerCacheResult(a: NormalisedEvent["cacheResult"], b: NormalisedEvent["cacheResult"]): NormalisedEvent["cacheResult"] {
  const rank = { hit: 3, miss: 2, bypass: 1 } as const;
  if (a === null) return b;
  if (b === null) return a;
  return rank[b] > rank[a] ? b : a;
}

function cacheResultOf(attrs: Attributes): NormalisedEvent["cacheResult"] {
  for (const key of SPAN_ATTR.cacheResult) {
    const explicit = parseCacheResult(attrs[key]);
    if (explicit) return explicit;
  }
  const hit = attrs[SPAN_ATTR.cacheHitBoolean];
  if (typeof hit === "boolean") return hit ? "hit" : "miss";
  return null;
}

/** Sent cost in USD: Langfuse's cost_details (Langfuse endpoint), then gen_ai.usage.cost, then the proposed amount+currency pair. */
function sentCostOf(attrs: Attributes): number | null {
  const langfuse = costFromDetails(mapAttribute(attrs[SPAN_ATTR.langfuseCostDetails]));
  if (langfuse !== null) return langfuse;
  const direct = firstNumber(attrs, [SPAN_ATTR.costUsd]);
  if (direct !== null) return direct;
  const amount = firstNumber(attrs, [SPAN_ATTR.costAmount]);
  const currency = firstString(attrs, [SPAN_ATTR.costCurrency]);
  return amount !== null && (currency === null || currency.toUpperCase() === "USD") ? amount : null;
}

function tokensOf(attrs: Attributes): { input: number; output: number } {
  const details = mapAttribute(attrs[SPAN_ATTR.langfuseUsageDetails]);
  const fromDetails = (key: string) => (typeof details?.[key] === "number" ? (details[key] as number) : null);
  // Langfuse attributes take precedence over gen_ai.* on the Langfuse OTel endpoint (and are absent elsewhere).
  const input = fromDetails("input") ?? firstNumber(attrs, SPAN_ATTR.inputTokens) ?? 0;
  const output = fromDetails("output") ?? firstNumber(attrs, SPAN_ATTR.outputTokens) ?? 0;
  return { input: Math.max(0, input), output: Math.max(0, output) };
}

function validateSpan(span: OtlpSpan, clock: IngestClock): string | null {
  if (!/^[0-9a-f]{32}$/.test(span.traceId) || span.traceId === ZERO_TRACE) return "invalid traceId (need 16 non-zero bytes)";
  if (!/^[0-9a-f]{16}$/.test(span.spanId) || span.spanId === ZERO_SPAN) return "invalid spanId (need 8 non-zero bytes)";
  if (span.startTimeUnixNano <= 0n) return "missing startTimeUnixNano";
  if (span.endTimeUnixNano < span.startTimeUnixNano) return "endTimeUnixNano is before startTimeUnixNano";
  return checkEventTime(Number(span.startTimeUnixNano / 1_000_000n), clock);
}

interface TraceFacts {
  hasServerSpan: boolean;
  /** A Langfuse observation of the trace has level ERROR: the trace's request is an error (Langfuse's meaning). */
  hasErrorLevel: boolean;
  workerVersionId: string | null;
  /** Cache outcome seen anywhere in the trace, lifted onto the request span (otel-cf-workers puts cache.hit on child spans). */
  cacheResult: NormalisedEvent["cacheResult"];
  cacheTier: string | null;
}

function collectTraceFacts(spans: OtlpSpan[]): Map<string, TraceFacts> {
  const facts = new Map<string, TraceFacts>();
  for (const span of spans) {
    let trace = facts.get(span.traceId);
    if (!trace) {
      trace = { hasServerSpan: false, hasErrorLevel: false, workerVersionId: null, cacheResult: null, cacheTier: null };
      facts.set(span.traceId, trace);
    }
    if (span.kind === SPAN_KIND.server) trace.hasServerSpan = true;
    if (firstString(span.attributes, [SPAN_ATTR.langfuseLevel]) === LANGFUSE.errorLevel) trace.hasErrorLevel = true;
    const versionId = firstString(span.attributes, [SPAN_ATTR.workerVersionId]);
    if (versionId && (span.parentSpanId === "" || trace.workerVersionId === null)) trace.workerVersionId = versionId;
    const cache = cacheResultOf(span.attributes);
    if (cache === "hit" && trace.cacheResult !== "hit") trace.cacheTier = firstString(span.attributes, SPAN_ATTR.cacheTier);
    trace.cacheResult = strongerCacheResult(trace.cacheResult, cache);
  }
  return facts;
}

export function normaliseOtlpSpans(resourceSpans: OtlpResourceSpans[], ctx: NormaliseContext): DecodeResult {
  const events: NormalisedEvent[] = [];
  const rejected: Rejection[] = [];
  for (const rs of resourceSpans) {
    const service = firstString(rs.resource, [RESOURCE_ATTR.serviceName]);
    if (!service) {
      for (const span of rs.spans) rejected.push({ id: span.spanId, message: "resource has no service.name" });
      continue;
    }
    const resourceVersion = firstString(rs.resource, [RESOURCE_ATTR.serviceVersion]);
    if (service.length > MAX_IDENTITY_LENGTH || (resourceVersion?.length ?? 0) > MAX_IDENTITY_LENGTH) {
      for (const span of rs.spans) rejected.push({ id: span.spanId, message: `service.name and service.version are limited to ${MAX_IDENTITY_LENGTH} characters` });
      continue;
    }
    const traceFacts = collectTraceFacts(rs.spans);
    for (const span of rs.spans) {
      const problem = validateSpan(span, ctx.clock);
      if (problem) {
        rejected.push({ id: span.spanId, message: problem });
        continue;
      }
      events.push(spanToEvent(span, { ctx, service, resource: rs.resource, resourceVersion, trace: traceFacts.get(span.traceId)! }));
    }
  }
  return { events, rejected };
}

function spanToEvent(
  span: OtlpSpan,
  where: { ctx: NormaliseContext; service: string; resource: Attributes; resourceVersion: string | null; trace: TraceFacts },
): NormalisedEvent {
  const attrs = span.attributes;
  const isRoot = span.parentSpanId === "" || span.parentSpanId === ZERO_SPAN;
  const isRequest = span.kind === SPAN_KIND.server || (isRoot && !where.trace.hasServerSpan);
  const httpStatus = firstNumber(attrs, SPAN_ATTR.httpStatus);
  const level = firstString(attrs, [SPAN_ATTR.langfuseLevel]);
  const isError =
    span.statusCode === STATUS_CODE.error ||
    (httpStatus !== null && httpStatus >= 500) ||
    level === LANGFUSE.errorLevel ||
    (isRequest && where.trace.hasErrorLevel);
  const tokens = tokensOf(attrs);
  const model = firstString(attrs, SPAN_ATTR.model);
  const sentCostUsd = sentCostOf(attrs);
  const hasUsage = tokens.input + tokens.output > 0 || sentCostUsd !== null;
  const cost = hasUsage
    ? resolveCostUsd(where.ctx.pricing, { sentCostUsd, model, inputTokens: tokens.input, outputTokens: tokens.output })
    : { costUsd: 0, costSource: "none" as const };
  const ownCache = cacheResultOf(attrs);
  const cacheResult = ownCache ?? (isRequest ? where.trace.cacheResult : null);
  const cacheTier = ownCache
    ? firstString(attrs, SPAN_ATTR.cacheTier)
    : isRequest
      ? where.trace.cacheTier
      : null;
  const durationNs = span.endTimeUnixNano - span.startTimeUnixNano;
  return {
    source: "otlp",
    project: where.ctx.project,
    service: where.service,
    version:
      where.resourceVersion ??
      firstString(attrs, [SPAN_ATTR.langfuseVersion, SPAN_ATTR.langfuseRelease]) ??
      where.trace.workerVersionId ??
      UNKNOWN_VERSION,
    timestampMs: Number(span.startTimeUnixNano / 1_000_000n),
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    isRequest,
    hasUsage,
    region: firstString(attrs, SPAN_ATTR.region) ?? firstString(where.resource, SPAN_ATTR.region),
    route: firstString(attrs, SPAN_ATTR.route),
    httpStatus: httpStatus === null ? null : Math.trunc(httpStatus),
    outcome: isError ? "error" : "ok",
    durationMs: Number(durationNs) / 1e6,
    cacheResult,
    cacheTier: cacheResult === "hit" ? cacheTier : null,
    provider: firstString(attrs, SPAN_ATTR.provider),
    model,
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    costUsd: cost.costUsd,
    costSource: cost.costSource,
  };
}
