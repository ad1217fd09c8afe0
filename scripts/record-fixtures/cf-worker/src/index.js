// A tiny Worker wrapped with otel-cf-workers' instrument(); the recorder sends it a few requests and
// records the OTLP exports it makes to the capture server (CAPTURE_URL + /v1/traces).
import { instrument } from '@microlabs/otel-cf-workers';
import { trace } from '@opentelemetry/api';
import { Hono } from 'hono';

const USAGE = {
  ok: { input: 412, output: 128, cost: 0.000139 },
  fail: { input: 389, output: 57, cost: 0.0000926 },
};

const app = new Hono();

app.post('/optimize', async (c) => {
  const fail = c.req.query('fail') === '1';
  const prompt = await c.req.json().catch(() => ({}));
  // the "LLM provider" call (a cache miss); auto-instrumented as a CLIENT fetch span
  const upstream = await fetch(`${c.env.CAPTURE_URL}/upstream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt.prompt ?? '' }] }),
  });
  await upstream.json();
  const u = fail ? USAGE.fail : USAGE.ok;
  trace.getActiveSpan()?.setAttributes({
    'edgeslo.cache.result': 'miss',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.usage.input_tokens': u.input,
    'gen_ai.usage.output_tokens': u.output,
    'gen_ai.usage.cost': u.cost,
  });
  if (fail) return c.json({ error: 'upstream model error' }, 500);
  return c.json({ text: 'optimised prompt' });
});

const handler = {
  fetch(request, env, ctx) {
    // an exception that escapes the handler entirely (not caught by Hono's error handler)
    if (new URL(request.url).pathname === '/throw') throw new Error('boom: unhandled error in handler');
    return app.fetch(request, env, ctx);
  },
};

export default instrument(handler, (env) => ({
  exporter: {
    url: `${env.CAPTURE_URL}/v1/traces`,
    headers: { authorization: 'Bearer test-ingest-key' },
  },
  service: { name: 'prompt-optimizer' },
}));
