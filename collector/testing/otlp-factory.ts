// Builds OTLP/JSON export bodies in the shape the OpenTelemetry JS exporters send (see fixtures/), for generated load in tests.
export interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, string | number | boolean>;
  statusCode?: number;
}

function attribute(key: string, value: string | number | boolean) {
  if (typeof value === "string") return { key, value: { stringValue: value } };
  if (typeof value === "boolean") return { key, value: { boolValue: value } };
  return Number.isInteger(value) ? { key, value: { intValue: String(value) } } : { key, value: { doubleValue: value } };
}

export function otlpJsonExport(resource: Record<string, string>, spans: SpanSpec[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: Object.entries(resource).map(([k, v]) => attribute(k, v)) },
        scopeSpans: [
          {
            scope: { name: "edgeslo-test" },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name ?? "POST /optimize",
              kind: s.kind ?? 2,
              startTimeUnixNano: String(BigInt(Math.round(s.startMs * 1e3)) * 1000n),
              endTimeUnixNano: String(BigInt(Math.round((s.startMs + s.durationMs) * 1e3)) * 1000n),
              attributes: Object.entries(s.attributes ?? {}).map(([k, v]) => attribute(k, v)),
              status: { code: s.statusCode ?? 0 },
            })),
          },
        ],
      },
    ],
  };
}

/** Deterministic hex ids for generated spans. */
export function hexId(seed: number, bytes: 16 | 8): string {
  return (seed + 1).toString(16).padStart(bytes * 2, "0").slice(-bytes * 2);
}
