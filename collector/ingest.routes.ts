// Ingest routes: OTLP/HTTP traces (JSON or protobuf, gzip or not) and the Langfuse ingestion API, answered per their specs.
import { Hono, type Context } from "hono";
import { createMiddleware } from "hono/factory";
import { requireKey, type CollectorEnv } from "./auth";
import { DO_NAME, LANGFUSE_ASSEMBLER_SHARDS, ROUTES } from "./conventions";
import { decodeLangfuseBatch, langfuseBatchSchema, traceIdOfItem, type LangfuseItem } from "./decode/langfuse";
import { decodeOtlpJson, formatZodPath } from "./decode/otlp-json";
import type { OtlpResourceSpans } from "./decode/otlp-model";
import { decodeOtlpProto, encodeOtlpProtoResponse } from "./decode/otlp-proto";
import { normaliseOtlpSpans } from "./decode/otlp-spans";
import { DEFAULT_MAX_AGE_MS, DEFAULT_MAX_FUTURE_MS, type IngestClock } from "./decode/time-window";
import type { Rejection } from "./event";
import { httpError, overloaded, unavailable } from "./http-error";
import { mediaType, parseJsonBody, readBody } from "./request-body";
import { writeToShards } from "./shard-writer";

const PROTOBUF_TYPES = new Set(["application/x-protobuf", "application/protobuf"]);
const JSON_TYPE = "application/json";

function ingestClock(): IngestClock {
  return { nowMs: Date.now(), maxAgeMs: DEFAULT_MAX_AGE_MS, maxFutureMs: DEFAULT_MAX_FUTURE_MS };
}

function summariseRejections(rejected: Rejection[]): string {
  const shown = rejected.slice(0, 5).map((r) => `span ${r.id}: ${r.message}`);
  return rejected.length > shown.length ? `${shown.join("; ")}; and ${rejected.length - shown.length} more` : shown.join("; ");
}

async function handleOtlpTraces(c: Context<CollectorEnv>): Promise<Response> {
  const type = mediaType(c.req.header("content-type"));
  const isProtobuf = PROTOBUF_TYPES.has(type);
  if (!isProtobuf && type !== JSON_TYPE) {
    throw httpError(415, "unsupported_media_type", `content-type must be application/json or application/x-protobuf, got "${type || "none"}"`);
  }
  const body = await readBody(c.req.raw, c.get("config").maxBodyBytes);
  let resourceSpans: OtlpResourceSpans[];
  if (isProtobuf) {
    try {
      resourceSpans = decodeOtlpProto(body);
    } catch (error) {
      throw httpError(400, "bad_request", `body is not a valid OTLP ExportTraceServiceRequest: ${(error as Error).message}`, { cause: error });
    }
  } else {
    const decoded = decodeOtlpJson(parseJsonBody(body));
    if (!decoded.ok) throw httpError(400, "bad_request", `invalid OTLP/JSON at ${decoded.issue.path}: ${decoded.issue.message}`, { path: decoded.issue.path });
    resourceSpans = decoded.resourceSpans;
  }
  const config = c.get("config");
  const { events, rejected } = normaliseOtlpSpans(resourceSpans, { project: c.get("project"), pricing: config.pricing, clock: ingestClock() });
  try {
    const write = await writeToShards(c.env, c.get("project"), events);
    c.executionCtx.waitUntil(write.afterwards);
  } catch (error) {
    throw unavailable("rollup storage unavailable; retry", error);
  }
  const partial = rejected.length > 0 ? { rejectedSpans: rejected.length, errorMessage: summariseRejections(rejected) } : undefined;
  if (isProtobuf) {
    return c.body(encodeOtlpProtoResponse(partial) as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/x-protobuf" });
  }
  return c.json(partial ? { partialSuccess: partial } : {}, 200);
}

function assemblerShardOf(traceId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < traceId.length; i++) hash = Math.imul(hash ^ traceId.charCodeAt(i), 16777619);
  return (hash >>> 0) % LANGFUSE_ASSEMBLER_SHARDS;
}

async function handleLangfuseIngestion(c: Context<CollectorEnv>): Promise<Response> {
  const type = mediaType(c.req.header("content-type"));
  if (type !== JSON_TYPE) throw httpError(415, "unsupported_media_type", `content-type must be application/json, got "${type || "none"}"`);
  const body = await readBody(c.req.raw, c.get("config").maxBodyBytes);
  const envelope = langfuseBatchSchema.safeParse(parseJsonBody(body));
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    const path = formatZodPath(issue.path);
    throw httpError(400, "bad_request", `invalid ingestion batch at ${path}: ${issue.message}`, { path });
  }
  const project = c.get("project");
  const decoded = decodeLangfuseBatch(envelope.data.batch, ingestClock());
  const byShard = new Map<number, LangfuseItem[]>();
  for (const item of decoded.items) {
    const shard = assemblerShardOf(traceIdOfItem(item));
    byShard.set(shard, [...(byShard.get(shard) ?? []), item]);
  }
  try {
    await Promise.all(
      [...byShard].map(([shard, items]) => c.env.LANGFUSE_ASSEMBLER.getByName(DO_NAME.langfuseAssembler(project, shard)).add(project, items)),
    );
  } catch (error) {
    throw unavailable("Langfuse assembly storage unavailable; retry", error);
  }
  if (c.get("config").langfuseForward && decoded.items.length > 0) {
    c.executionCtx.waitUntil(c.env.LANGFUSE_FORWARD.send({ body: new TextDecoder().decode(body) }));
  }
  return c.json(
    {
      successes: [...decoded.items.map((i) => i.envelopeId), ...decoded.ignoredIds].map((id) => ({ id, status: 201 })),
      errors: decoded.rejected.map((r) => ({ id: r.id, status: 400, message: r.message, error: "InvalidRequestError" })),
    },
    207,
  );
}

/**
 * Load shedding: an isolate works on at most MAX_INGEST_IN_FLIGHT ingest requests at once. Beyond that a request is
 * answered 429 + Retry-After at once (OTLP clients and the Langfuse SDK retry), instead of queueing until it times out.
 */
let inFlight = 0;
const admission = createMiddleware<CollectorEnv>(async (c, next) => {
  if (inFlight >= c.get("config").maxIngestInFlight) throw overloaded();
  inFlight += 1;
  try {
    await next();
  } finally {
    inFlight -= 1;
  }
});

export const ingestRoutes = new Hono<CollectorEnv>()
  .post(ROUTES.otlpTraces, requireKey("ingest"), admission, handleOtlpTraces)
  .post(ROUTES.langfuseOtelTraces, requireKey("ingest"), admission, handleOtlpTraces)
  .post(ROUTES.langfuseIngestion, requireKey("ingest"), admission, handleLangfuseIngestion);
