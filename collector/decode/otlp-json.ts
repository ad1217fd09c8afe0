// Decodes an OTLP/JSON ExportTraceServiceRequest (validated with zod) into the wire-neutral model.
import { z } from "zod";
import type { AttributeValue, Attributes, OtlpResourceSpans } from "./otlp-model";
import { bytesToHex } from "./otlp-model";

// 64-bit integers arrive as decimal strings or numbers (the OTLP/JSON mapping allows both).
const int64Schema = z.union([z.string().regex(/^-?\d+$/, "expected a decimal integer"), z.number().int()]);

type JsonAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: JsonAnyValue[] };
  kvlistValue?: { values?: JsonKeyValue[] };
};
type JsonKeyValue = { key: string; value?: JsonAnyValue };

const anyValueSchema: z.ZodType<JsonAnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: int64Schema.optional(),
    // Non-finite doubles are encoded as the strings "NaN", "Infinity", "-Infinity".
    doubleValue: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(anyValueSchema).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(keyValueSchema).optional() }).optional(),
  }),
);
const keyValueSchema: z.ZodType<JsonKeyValue> = z.lazy(() =>
  z.object({ key: z.string(), value: anyValueSchema.optional() }),
);

const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  kind: z.number().int().optional(),
  startTimeUnixNano: int64Schema,
  endTimeUnixNano: int64Schema,
  attributes: z.array(keyValueSchema).optional(),
  status: z.object({ code: z.number().int().optional(), message: z.string().optional() }).optional(),
});

export const otlpJsonRequestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes: z.array(keyValueSchema).optional() }).optional(),
        scopeSpans: z.array(z.object({ spans: z.array(spanSchema).optional() })).optional(),
      }),
    )
    .optional(),
});

function jsonAnyValueToAttribute(value: JsonAnyValue | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(jsonAnyValueToAttribute);
  if (value.kvlistValue) return jsonKeyValuesToAttributes(value.kvlistValue.values);
  return null;
}

function jsonKeyValuesToAttributes(keyValues: JsonKeyValue[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const { key, value } of keyValues ?? []) attributes[key] = jsonAnyValueToAttribute(value);
  return attributes;
}

/** OTLP/JSON ids are hex; some older clients sent base64. Anything else passes through for the normaliser to reject. */
function normaliseJsonId(id: string, byteLength: number): string {
  if (id.length === byteLength * 2 && /^[0-9a-fA-F]+$/.test(id)) return id.toLowerCase();
  if (id.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(id)) {
    try {
      const bytes = Uint8Array.from(atob(id), (c) => c.charCodeAt(0));
      if (bytes.length === byteLength) return bytesToHex(bytes);
    } catch {
      // not base64 either: fall through
    }
  }
  return id.toLowerCase();
}

export type OtlpJsonParseResult =
  | { ok: true; resourceSpans: OtlpResourceSpans[] }
  | { ok: false; issue: { path: string; message: string } };

/** Validates an already JSON-parsed body; an invalid shape is undecodable (HTTP 400), never a partial success. */
export function decodeOtlpJson(body: unknown): OtlpJsonParseResult {
  let parsed: ReturnType<typeof otlpJsonRequestSchema.safeParse>;
  try {
    parsed = otlpJsonRequestSchema.safeParse(body);
  } catch (error) {
    // Only absurd nesting (attribute arrays inside arrays thousands deep) exhausts the stack here.
    if (error instanceof RangeError) return { ok: false, issue: { path: "(root)", message: "attribute values nested too deeply" } };
    throw error;
  }
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, issue: { path: formatZodPath(first?.path ?? []), message: first?.message ?? "invalid" } };
  }
  const resourceSpans = (parsed.data.resourceSpans ?? []).map((rs) => ({
    resource: jsonKeyValuesToAttributes(rs.resource?.attributes),
    spans: (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((span) => ({
        traceId: normaliseJsonId(span.traceId, 16),
        spanId: normaliseJsonId(span.spanId, 8),
        parentSpanId: span.parentSpanId ? normaliseJsonId(span.parentSpanId, 8) : "",
        name: span.name ?? "",
        kind: span.kind ?? 0,
        startTimeUnixNano: BigInt(span.startTimeUnixNano),
        endTimeUnixNano: BigInt(span.endTimeUnixNano),
        attributes: jsonKeyValuesToAttributes(span.attributes),
        statusCode: span.status?.code ?? 0,
      })),
    ),
  }));
  return { ok: true, resourceSpans };
}

export function formatZodPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
}
