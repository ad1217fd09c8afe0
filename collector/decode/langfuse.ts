// Validates a Langfuse ingestion batch item by item: accepted items go on to assembly, bad ones become 207 errors.
import { z } from "zod";
import type { Rejection } from "../event";
import { LANGFUSE } from "../conventions";
import { formatZodPath } from "./otlp-json";
import { MAX_IDENTITY_LENGTH } from "./otlp-spans";
import { checkEventTime, type IngestClock } from "./time-window";

/** The envelope around a batch; a body that does not have this shape is a 400 for the whole request. */
export const langfuseBatchSchema = z.object({
  batch: z.array(z.unknown()).max(10_000),
  metadata: z.unknown().optional(),
});

const isoTimeSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "expected an ISO 8601 timestamp");
const numberish = z.number().nonnegative().nullable().optional();

const identity = z.string().max(MAX_IDENTITY_LENGTH);
/** Metadata is free JSON; only the service name edgeslo reads from it is checked. */
const metadataSchema = z
  .union([
    z.looseObject({ [LANGFUSE.serviceMetadataKey]: identity.optional() }),
    z.array(z.unknown()),
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
  ])
  .optional();

const traceBodySchema = z.looseObject({
  id: z.string().min(1).max(128),
  name: identity.nullable().optional(),
  timestamp: isoTimeSchema.nullable().optional(),
  metadata: metadataSchema,
  tags: z
    .array(z.string())
    .refine((tags) => tags.every((t) => !t.startsWith(LANGFUSE.serviceTagPrefix) || t.length <= LANGFUSE.serviceTagPrefix.length + MAX_IDENTITY_LENGTH), {
      message: `service:<name> tags are limited to ${MAX_IDENTITY_LENGTH} characters of name`,
    })
    .nullable()
    .optional(),
  release: identity.nullable().optional(),
  version: identity.nullable().optional(),
});

const observationBodySchema = z.looseObject({
  id: z.string().min(1).max(128),
  traceId: z.string().min(1).max(128).nullable().optional(),
  type: z.enum(["SPAN", "GENERATION", "EVENT"]).optional(),
  name: z.string().nullable().optional(),
  startTime: isoTimeSchema.nullable().optional(),
  endTime: isoTimeSchema.nullable().optional(),
  completionStartTime: isoTimeSchema.nullable().optional(),
  metadata: metadataSchema,
  level: z.enum(["DEBUG", "DEFAULT", "WARNING", "ERROR"]).nullable().optional(),
  version: identity.nullable().optional(),
  model: z.string().nullable().optional(),
  usage: z
    .looseObject({
      input: numberish,
      output: numberish,
      total: numberish,
      promptTokens: numberish,
      completionTokens: numberish,
      totalTokens: numberish,
      inputCost: numberish,
      outputCost: numberish,
      totalCost: numberish,
    })
    .nullable()
    .optional(),
  usageDetails: z.record(z.string(), z.number().nonnegative()).nullable().optional(),
  costDetails: z.record(z.string(), z.number().nonnegative()).nullable().optional(),
});

const OBSERVATION_TYPES = {
  "span-create": "SPAN",
  "span-update": "SPAN",
  "generation-create": "GENERATION",
  "generation-update": "GENERATION",
  "event-create": "EVENT",
} as const;

const envelopeSchema = z.object({
  id: z.string().min(1).max(256),
  timestamp: isoTimeSchema,
  type: z.string(),
  body: z.record(z.string(), z.unknown()),
  metadata: z.unknown().optional(),
});

export type LangfuseTraceBody = z.infer<typeof traceBodySchema>;
export type LangfuseObservationBody = z.infer<typeof observationBodySchema>;

/** One accepted item, reduced to what assembly needs. Kept as JSON in the assembler's storage. */
export type LangfuseItem =
  | { envelopeId: string; receivedOrder: number; timestamp: string; kind: "trace"; body: LangfuseTraceBody }
  | {
      envelopeId: string;
      receivedOrder: number;
      timestamp: string;
      kind: "observation";
      /** Updates merge over creates whatever order they arrive in. */
      isCreate: boolean;
      observationType: "SPAN" | "GENERATION" | "EVENT";
      body: LangfuseObservationBody;
    };

export interface LangfuseDecodeResult {
  items: LangfuseItem[];
  /** Items that are valid but carry nothing edgeslo measures (scores, sdk logs). They still get a 201. */
  ignoredIds: string[];
  rejected: Rejection[];
}

/** Langfuse accepts UUIDs and free-form ids; UUIDs lose their dashes so they equal the OTel trace id they came from. */
export function normaliseLangfuseTraceId(id: string): string {
  const lower = id.toLowerCase();
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(lower) ? lower.replaceAll("-", "") : lower;
}

function firstIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  return `${formatZodPath([...(prefix ? [prefix] : []), ...(issue?.path ?? [])])}: ${issue?.message ?? "invalid"}`;
}

export function decodeLangfuseBatch(batch: unknown[], clock: IngestClock): LangfuseDecodeResult {
  const result: LangfuseDecodeResult = { items: [], ignoredIds: [], rejected: [] };
  batch.forEach((raw, index) => {
    const envelope = envelopeSchema.safeParse(raw);
    const rawId = (raw as { id?: unknown } | null)?.id;
    if (!envelope.success) {
      result.rejected.push({ id: typeof rawId === "string" ? rawId : `batch[${index}]`, message: firstIssue(envelope.error, "") });
      return;
    }
    const { id: envelopeId, type, body, timestamp } = envelope.data;
    if (type === "trace-create") {
      const parsed = traceBodySchema.safeParse(body);
      if (!parsed.success) return void result.rejected.push({ id: envelopeId, message: firstIssue(parsed.error, "body") });
      const late = checkEventTime(Date.parse(parsed.data.timestamp ?? timestamp), clock);
      if (late) return void result.rejected.push({ id: envelopeId, message: `body.timestamp: ${late}` });
      result.items.push({ envelopeId, receivedOrder: index, timestamp, kind: "trace", body: parsed.data });
      return;
    }
    const legacyType = type === "observation-create" || type === "observation-update";
    if (type in OBSERVATION_TYPES || legacyType) {
      const parsed = observationBodySchema.safeParse(body);
      if (!parsed.success) return void result.rejected.push({ id: envelopeId, message: firstIssue(parsed.error, "body") });
      const observationType = legacyType ? parsed.data.type : OBSERVATION_TYPES[type as keyof typeof OBSERVATION_TYPES];
      if (!observationType) return void result.rejected.push({ id: envelopeId, message: "body.type: required for observation events" });
      if (!parsed.data.traceId) return void result.rejected.push({ id: envelopeId, message: "body.traceId: required" });
      if (parsed.data.startTime) {
        const late = checkEventTime(Date.parse(parsed.data.startTime), clock);
        if (late) return void result.rejected.push({ id: envelopeId, message: `body.startTime: ${late}` });
      }
      result.items.push({
        envelopeId,
        receivedOrder: index,
        timestamp,
        kind: "observation",
        isCreate: type.endsWith("-create"),
        observationType,
        body: parsed.data,
      });
      return;
    }
    if (type === "score-create" || type === "sdk-log") return void result.ignoredIds.push(envelopeId);
    result.rejected.push({ id: envelopeId, message: `type: unsupported event type "${type}"` });
  });
  return result;
}

export function traceIdOfItem(item: LangfuseItem): string {
  return normaliseLangfuseTraceId(item.kind === "trace" ? item.body.id : item.body.traceId!);
}
