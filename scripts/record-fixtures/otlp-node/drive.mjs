// Drives the real OpenTelemetry JS SDK + OTLP exporter (unmodified, only configured) against the capture server.
// usage: node otlp-node/drive.mjs <proto|json> <none|gzip>   (env CAPTURE_URL)
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  RESOURCE,
  SCOPE,
  T0_MS,
  TRACES,
  fixedIdGenerator,
  llmAttributes,
  serverAttributes,
  spanIdsInCreationOrder,
} from '../scenario.mjs';

const [encoding, compression] = process.argv.slice(2);
const base = process.env.CAPTURE_URL;
if (!base || !['proto', 'json'].includes(encoding) || !['none', 'gzip'].includes(compression)) {
  console.error('usage: CAPTURE_URL=http://127.0.0.1:PORT node otlp-node/drive.mjs <proto|json> <none|gzip>');
  process.exit(2);
}

const Exporter = encoding === 'proto' ? ProtoExporter : JsonExporter;
const exporter = new Exporter({
  url: `${base}/v1/traces`,
  headers: { Authorization: 'Bearer test-ingest-key' },
  compression,
  timeoutMillis: 10_000,
});

// One BatchSpanProcessor that never fires on its own: the single forceFlush() below sends
// all five spans of the three traces in ONE request.
const provider = new TracerProvider({
  resource: resourceFromAttributes(RESOURCE),
  idGenerator: fixedIdGenerator(
    TRACES.map((t) => t.traceId),
    spanIdsInCreationOrder(),
  ),
  spanProcessors: [
    new BatchSpanProcessor({
      exporter,
      maxExportBatchSize: 512,
      maxQueueSize: 2048,
      scheduledDelayMillis: 600_000,
      exportTimeoutMillis: 10_000,
    }),
  ],
});

const tracer = provider.getTracer(SCOPE.name, SCOPE.version);
const at = (offsetMs) => new Date(T0_MS + offsetMs);

for (const t of TRACES) {
  const server = tracer.startSpan(
    'POST /optimize',
    { kind: SpanKind.SERVER, attributes: serverAttributes(t), startTime: at(t.server.startOffsetMs) },
    context.active(),
  );
  if (t.llm) {
    const llm = tracer.startSpan(
      'chat gpt-4o-mini',
      { kind: SpanKind.CLIENT, attributes: llmAttributes(t), startTime: at(t.llm.startOffsetMs) },
      trace.setSpan(context.active(), server),
    );
    llm.end(at(t.llm.startOffsetMs + t.llm.durationMs));
  }
  if (t.error) server.setStatus({ code: SpanStatusCode.ERROR });
  server.end(at(t.server.startOffsetMs + t.server.durationMs));
}

await provider.forceFlush();
await provider.shutdown();
console.log(`[otlp-node] exported ${TRACES.length} traces via ${encoding}/${compression}`);
