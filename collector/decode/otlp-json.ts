// Decodes an OTLP/JSON ExportTraceServiceRequest (validated with zod) into the wire-neutral model.
import { z } from "zod";
import type { AttributeValue, Attributes, OtlpResourceSpans } from "./otlp-model";
import { bytesToHex } from "./otlp-model";

// 64-bit integers arrive as decimal strings or numbers (the OTLP/JSON mapping allows both).
const int64Schema = z.union([z.string().regex(/^-?\d+$/, "expected a decimal integer"), z.number().int()]);

// Attributes (KeyValue lists, whose AnyValue values nest) are checked by the converters below rather than by zod
// schemas: zod runs without its JIT inside workerd, where checking a dozen KeyValue objects per span was most of the
// decode (and a lazy recursive AnyValue union ~7x the rest of the request). They answer the same precise paths.

/** Attribute arrays and maps may nest; past this depth a body is rejected rather than walked. */
const MAX_VALUE_DEPTH = 16;

type Path = (string | number)[];
/** A field's path, built only when it is reported: a path per attribute would be thousands of arrays per request. */
type LazyPath = () => Path;

class AnyValueError extends Error {
  constructor(readonly path: Path, message: string) {
    super(message);
  }
}

const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  kind: z.number().int().optional(),
  startTimeUnixNano: int64Schema,
  endTimeUnixNano: int64Schema,
  attributes: z.array(z.unknown()).optional(),
  status: z.object({ code: z.number().int().optional(), message: z.string().optional() }).optional(),
});

export const otlpJsonRequestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes: z.array(z.unknown()).optional() }).optional(),
        scopeSpans: z.array(z.object({ spans: z.array(spanSchema).optional() })).optional(),
      }),
    )
    .optional(),
});

const isInt64 = (v: unknown) => (typeof v === "number" && Number.isInteger(v)) || (typeof v === "string" && /^-?\d+$/.test(v));
const isDouble = (v: unknown) => typeof v === "number" || v === "NaN" || v === "Infinity" || v === "-Infinity";

/** Converts an OTLP/JSON AnyValue, throwing AnyValueError with the path of the first field of a wrong type. */
function jsonAnyValueToAttribute(value: unknown, path: LazyPath, depth = 0): AttributeValue {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw new AnyValueError(path(), "expected an AnyValue object");
  if (depth > MAX_VALUE_DEPTH) throw new AnyValueError(path(), `attribute values nested deeper than ${MAX_VALUE_DEPTH}`);
  const v = value as Record<string, unknown>;
  if ("stringValue" in v) {
    if (typeof v.stringValue !== "string") throw new AnyValueError([...path(), "stringValue"], "expected a string");
    return v.stringValue;
  }
  if ("boolValue" in v) {
    if (typeof v.boolValue !== "boolean") throw new AnyValueError([...path(), "boolValue"], "expected a boolean");
    return v.boolValue;
  }
  if ("intValue" in v) {
    if (!isInt64(v.intValue)) throw new AnyValueError([...path(), "intValue"], "expected a decimal integer");
    return Number(v.intValue);
  }
  if ("doubleValue" in v) {
    if (!isDouble(v.doubleValue)) throw new AnyValueError([...path(), "doubleValue"], "expected a number");
    return Number(v.doubleValue);
  }
  if ("bytesValue" in v) {
    if (typeof v.bytesValue !== "string") throw new AnyValueError([...path(), "bytesValue"], "expected a base64 string");
    return v.bytesValue;
  }
  if ("arrayValue" in v) {
    const values = (v.arrayValue as { values?: unknown } | null)?.values ?? [];
    if (!Array.isArray(values)) throw new AnyValueError([...path(), "arrayValue", "values"], "expected an array");
    return values.map((item, i) => jsonAnyValueToAttribute(item, () => [...path(), "arrayValue", "values", i], depth + 1));
  }
  if ("kvlistValue" in v) {
    const values = (v.kvlistValue as { values?: unknown } | null)?.values ?? [];
    if (!Array.isArray(values)) throw new AnyValueError([...path(), "kvlistValue", "values"], "expected an array");
    return jsonKeyValuesToAttributes(values, () => [...path(), "kvlistValue", "values"], depth + 1);
  }
  return null;
}

/** A KeyValue list (span, resource or kvlist attributes) as a map; the last of a repeated key wins. */
function jsonKeyValuesToAttributes(keyValues: unknown[] | undefined, path: LazyPath, depth = 0): Attributes {
  const attributes: Attributes = {};
  if (!keyValues) return attributes;
  for (let i = 0; i < keyValues.length; i++) {
    const keyValue = keyValues[i];
    if (typeof keyValue !== "object" || keyValue === null || Array.isArray(keyValue)) throw new AnyValueError([...path(), i], "expected a KeyValue object");
    const { key, value } = keyValue as { key?: unknown; value?: unknown };
    if (typeof key !== "string") throw new AnyValueError([...path(), i, "key"], "expected a string");
    attributes[key] = jsonAnyValueToAttribute(value, () => [...path(), i, "value"], depth);
  }
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
  const parsed = otlpJsonRequestSchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, issue: { path: formatZodPath(first?.path ?? []), message: first?.message ?? "invalid" } };
  }
  try {
    const resourceSpans = (parsed.data.resourceSpans ?? []).map((rs, r) => ({
      resource: jsonKeyValuesToAttributes(rs.resource?.attributes, () => ["resourceSpans", r, "resource", "attributes"]),
      spans: (rs.scopeSpans ?? []).flatMap((ss, s) =>
        (ss.spans ?? []).map((span, i) => ({
          traceId: normaliseJsonId(span.traceId, 16),
          spanId: normaliseJsonId(span.spanId, 8),
          parentSpanId: span.parentSpanId ? normaliseJsonId(span.parentSpanId, 8) : "",
          name: span.name ?? "",
          kind: span.kind ?? 0,
          startTimeUnixNano: BigInt(span.startTimeUnixNano),
          endTimeUnixNano: BigInt(span.endTimeUnixNano),
          attributes: jsonKeyValuesToAttributes(span.attributes, () => ["resourceSpans", r, "scopeSpans", s, "spans", i, "attributes"]),
          statusCode: span.status?.code ?? 0,
        })),
      ),
    }));
    return { ok: true, resourceSpans };
  } catch (error) {
    if (error instanceof AnyValueError) return { ok: false, issue: { path: formatZodPath(error.path), message: error.message } };
    throw error;
  }
}

export function formatZodPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
}
