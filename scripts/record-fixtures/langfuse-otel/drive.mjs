// Drives the real @langfuse/otel + @langfuse/tracing SDK (v5, OTel-based; unmodified, only configured)
// against the capture server. usage: CAPTURE_URL=http://127.0.0.1:PORT node langfuse-otel/drive.mjs
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, setLangfuseTracerProvider, startObservation } from '@langfuse/tracing';
import { LANGFUSE as L, LLM, RESOURCE, T0_MS, fixedIdGenerator } from '../scenario.mjs';

const base = process.env.CAPTURE_URL;
if (!base) {
  console.error('CAPTURE_URL is required');
  process.exit(2);
}
const at = (offsetMs) => new Date(T0_MS + offsetMs);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const processor = new LangfuseSpanProcessor({
  publicKey: L.publicKey,
  secretKey: L.secretKey,
  baseUrl: base,
  release: L.release,
  flushAt: 512,
  flushInterval: 600, // seconds; only the explicit forceFlush below sends
  timeout: 10,
});
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes(RESOURCE),
  idGenerator: fixedIdGenerator([L.traceId], L.otelSpanIds),
  spanProcessors: [processor],
});
setLangfuseTracerProvider(provider);

propagateAttributes(
  { traceName: L.traceName, version: L.version, tags: L.tags, metadata: L.metadata },
  () => {
    const root = startObservation(L.traceName, { input: L.input }, { startTime: at(0) });

    // LangfuseObservation#startObservation() drops `startTime`, so children are started through the
    // top-level startObservation() with the root as explicit parent (same SDK, public API).
    const parentSpanContext = root.otelSpan.spanContext();

    const span = startObservation(
      L.span.name,
      { metadata: { 'edgeslo.cache.result': 'miss' } },
      { startTime: at(L.span.startOffsetMs), parentSpanContext },
    );
    span.end(at(L.span.startOffsetMs + L.span.durationMs));

    const gen1 = startObservation(
      'chat',
      {
        model: LLM.requestModel,
        modelParameters: { temperature: 0.2, max_tokens: 256 },
        input: [{ role: 'user', content: L.input.prompt }],
      },
      { asType: 'generation', startTime: at(L.gen1.startOffsetMs), parentSpanContext },
    );
    gen1.update({
      output: { role: 'assistant', content: L.output.text },
      usageDetails: { input: L.gen1.input, output: L.gen1.output },
      costDetails: { total: L.gen1.costTotal },
    });
    gen1.end(at(L.gen1.startOffsetMs + L.gen1.durationMs));

    const gen2 = startObservation(
      'chat',
      { model: LLM.requestModel, input: [{ role: 'user', content: L.input.prompt }] },
      { asType: 'generation', startTime: at(L.gen2.startOffsetMs), parentSpanContext },
    );
    gen2.update({
      level: 'ERROR',
      statusMessage: L.gen2.statusMessage,
      usageDetails: { input: L.gen2.input, output: L.gen2.output },
      costDetails: { input: L.gen2.inputCost, output: L.gen2.outputCost },
    });
    gen2.end(at(L.gen2.startOffsetMs + L.gen2.durationMs));

    root.update({ output: L.output });
    root.end(at(L.traceDurationMs));
  },
);

await provider.forceFlush();
await provider.shutdown();
console.log('[langfuse-otel] flushed');
