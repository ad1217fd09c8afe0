// The wire-neutral form of an OTLP trace export: what both the JSON and the protobuf decoder produce.

export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export interface OtlpSpan {
  /** Lower-case hex as decoded; validity (length, not all zero) is judged by the normaliser, per span. */
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  statusCode: number;
}

export interface OtlpResourceSpans {
  resource: Attributes;
  spans: OtlpSpan[];
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Three ids per span: a table lookup per byte instead of formatting each one. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += HEX_BYTES[bytes[i]!];
  return hex;
}
