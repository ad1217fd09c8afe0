// Drives the real `langfuse` v3 SDK (unmodified, only configured) against the capture server.
// usage: CAPTURE_URL=http://127.0.0.1:PORT node langfuse-v3/drive.mjs
import { Langfuse } from 'langfuse';
import { LANGFUSE as L, LLM } from '../scenario.mjs';

const base = process.env.CAPTURE_URL;
if (!base) {
  console.error('CAPTURE_URL is required');
  process.exit(2);
}
// The v3 SDK's end() always stamps endTime = new Date() (an explicit endTime is overwritten), so this
// driver runs on the real clock and really waits out each observation's duration.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const langfuse = new Langfuse({
  publicKey: L.publicKey,
  secretKey: L.secretKey,
  baseUrl: base,
  flushAt: 15,
  flushInterval: 600_000, // only the explicit flush below sends
  requestTimeout: 10_000,
  fetchRetryCount: 0,
});
langfuse.on('error', (err) => console.error('[langfuse-v3] sdk error:', err));

const trace = langfuse.trace({
  id: L.traceId,
  name: L.traceName,
  version: L.version,
  release: L.release,
  metadata: L.metadata,
  tags: L.tags,
  timestamp: new Date(),
  input: L.input,
});

const span = trace.span({
  name: L.span.name,
  startTime: new Date(),
  metadata: { 'edgeslo.cache.result': 'miss' },
});
await sleep(L.span.durationMs);
span.end();

const gen1 = trace.generation({
  name: 'chat',
  model: LLM.requestModel,
  modelParameters: { temperature: 0.2, max_tokens: 256 },
  startTime: new Date(),
  input: [{ role: 'user', content: L.input.prompt }],
});
await sleep(L.gen1.durationMs);
gen1.end({
  output: { role: 'assistant', content: L.output.text },
  usageDetails: { input: L.gen1.input, output: L.gen1.output },
  costDetails: { total: L.gen1.costTotal },
});

const gen2 = trace.generation({
  name: 'chat',
  model: LLM.requestModel,
  startTime: new Date(),
  input: [{ role: 'user', content: L.input.prompt }],
});
gen2.update({
  level: 'ERROR',
  statusMessage: L.gen2.statusMessage,
  usage: {
    input: L.gen2.input,
    output: L.gen2.output,
    unit: 'TOKENS',
    inputCost: L.gen2.inputCost,
    outputCost: L.gen2.outputCost,
  },
});
await sleep(L.gen2.durationMs);
gen2.end();

trace.update({ output: L.output });

langfuse.score({
  traceId: L.traceId,
  observationId: gen1.id,
  name: L.score.name,
  value: L.score.value,
  comment: L.score.comment,
});

await langfuse.flushAsync();
await langfuse.shutdownAsync();
console.log('[langfuse-v3] flushed');
