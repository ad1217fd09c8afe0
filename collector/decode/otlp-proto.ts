// Decodes an OTLP/protobuf ExportTraceServiceRequest with the generated static protobufjs code, and encodes the response.
import { otlp } from "./proto/otlp-trace.js";
import type { AttributeValue, Attributes, OtlpResourceSpans } from "./otlp-model";
import { bytesToHex } from "./otlp-model";
import { useNativeUtf8 } from "./protobuf-utf8";

useNativeUtf8();

type Int64 = number | { low: number; high: number; unsigned?: boolean } | null | undefined;

/** protobufjs yields numbers, or Long-like objects when a Long library is present: read both exactly. */
function int64ToBigInt(value: Int64, unsigned: boolean): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === "number") return BigInt(value);
  const low = BigInt(value.low >>> 0);
  const high = unsigned ? BigInt(value.high >>> 0) : BigInt(value.high | 0);
  return (high << 32n) + low;
}

function protoAnyValueToAttribute(value: otlp.IAnyValue | null | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue != null) return value.stringValue;
  if (value.boolValue != null) return value.boolValue;
  if (value.intValue != null) return Number(int64ToBigInt(value.intValue as Int64, false));
  if (value.doubleValue != null) return value.doubleValue;
  if (value.bytesValue != null) return bytesToHex(value.bytesValue);
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(protoAnyValueToAttribute);
  if (value.kvlistValue) return protoKeyValuesToAttributes(value.kvlistValue.values);
  return null;
}

function protoKeyValuesToAttributes(keyValues: otlp.IKeyValue[] | null | undefined): Attributes {
  const attributes: Attributes = {};
  for (const kv of keyValues ?? []) if (kv.key != null) attributes[kv.key] = protoAnyValueToAttribute(kv.value);
  return attributes;
}

/** Throws on bytes that are not a valid ExportTraceServiceRequest (the caller answers 400). */
export function decodeOtlpProto(body: Uint8Array): OtlpResourceSpans[] {
  const request = otlp.ExportTraceServiceRequest.decode(body);
  return request.resourceSpans.map((rs) => ({
    resource: protoKeyValuesToAttributes(rs.resource?.attributes),
    spans: (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((span) => ({
        traceId: bytesToHex(span.traceId ?? new Uint8Array()),
        spanId: bytesToHex(span.spanId ?? new Uint8Array()),
        parentSpanId: bytesToHex(span.parentSpanId ?? new Uint8Array()),
        name: span.name ?? "",
        kind: span.kind ?? 0,
        startTimeUnixNano: int64ToBigInt(span.startTimeUnixNano as Int64, true),
        endTimeUnixNano: int64ToBigInt(span.endTimeUnixNano as Int64, true),
        attributes: protoKeyValuesToAttributes(span.attributes),
        statusCode: span.status?.code ?? 0,
      })),
    ),
  }));
}

/** ExportTraceServiceResponse; an empty message means full success. */
export function encodeOtlpProtoResponse(partial?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  const response = partial
    ? { partialSuccess: { rejectedSpans: partial.rejectedSpans, errorMessage: partial.errorMessage } }
    : {};
  return otlp.ExportTraceServiceResponse.encode(response).finish();
}
