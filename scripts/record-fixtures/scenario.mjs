// The trace content every OTLP fixture carries. Fixed ids and fixed timestamps make a re-recording
// byte-identical (for the OTLP fixtures), so `git diff` after `npm run record` only shows real changes
// in what a client sends. The README table in collector/fixtures is generated from these values and
// checked against the decoded recordings.

// 2026-11-25T12:00:00.000Z
export const T0_MS = Date.UTC(2026, 10, 25, 12, 0, 0, 0);

export const RESOURCE = {
  'service.name': 'prompt-optimizer',
  'service.version': 'v-2f1c9a',
};

export const SCOPE = { name: 'prompt-optimizer', version: 'v-2f1c9a' };

export const LLM = {
  provider: 'openai',
  requestModel: 'gpt-4o-mini',
  responseModel: 'gpt-4o-mini-2024-07-18',
};

/**
 * Three traces. Offsets and durations in milliseconds relative to T0_MS.
 * `llm` is the CLIENT child span `chat gpt-4o-mini` (only on the cache misses: a hit makes no LLM call).
 */
export const TRACES = [
  {
    label: 'hit',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    server: { spanId: '00f067aa0ba902b7', startOffsetMs: 0, durationMs: 42 },
    statusCode: 200,
    error: false,
    cacheResult: 'hit',
    cacheTier: 'memory',
    responseBodySize: 1834,
    llm: null,
  },
  {
    label: 'miss',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    server: { spanId: 'b7ad6b7169203331', startOffsetMs: 1000, durationMs: 287 },
    statusCode: 200,
    error: false,
    cacheResult: 'miss',
    cacheTier: null,
    responseBodySize: 2210,
    llm: {
      spanId: '53995c3f42cd8ad8',
      startOffsetMs: 1018, // 18 ms after the server span started
      durationMs: 251,
      inputTokens: 412,
      outputTokens: 128,
      costUsd: 0.000139,
    },
  },
  {
    label: 'miss-error',
    traceId: '5b8efff798038103d269b633813fc60c',
    server: { spanId: '9c1d5e2f7a3b4c60', startOffsetMs: 2000, durationMs: 196 },
    statusCode: 500,
    error: true,
    cacheResult: 'miss',
    cacheTier: null,
    responseBodySize: 87,
    llm: {
      spanId: 'e1f2a3b4c5d60718',
      startOffsetMs: 2012,
      durationMs: 158,
      inputTokens: 389,
      outputTokens: 57,
      costUsd: 0.0000926,
    },
  },
];

export const ATTR = {
  method: 'http.request.method',
  route: 'http.route',
  status: 'http.response.status_code',
  bodySize: 'http.response.body.size',
  region: 'cloud.region',
  cacheResult: 'edgeslo.cache.result',
  cacheTier: 'edgeslo.cache.tier',
  errorType: 'error.type',
};

/** Attributes of the SERVER span `POST /optimize`. */
export function serverAttributes(t) {
  const a = {
    [ATTR.method]: 'POST',
    [ATTR.route]: '/optimize',
    [ATTR.status]: t.statusCode,
    [ATTR.bodySize]: t.responseBodySize,
    [ATTR.region]: 'LHR',
    [ATTR.cacheResult]: t.cacheResult,
  };
  if (t.cacheTier) a[ATTR.cacheTier] = t.cacheTier;
  if (t.error) a[ATTR.errorType] = String(t.statusCode);
  return a;
}

/** Attributes of the CLIENT span `chat gpt-4o-mini`. */
export function llmAttributes(t) {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': LLM.provider,
    'gen_ai.request.model': LLM.requestModel,
    'gen_ai.response.model': LLM.responseModel,
    'gen_ai.usage.input_tokens': t.llm.inputTokens,
    'gen_ai.usage.output_tokens': t.llm.outputTokens,
    'gen_ai.usage.cost': t.llm.costUsd,
  };
}

/** An IdGenerator (OTel SDK config hook) that hands out the ids above in span-creation order. */
export function fixedIdGenerator(traceIds, spanIds) {
  const t = [...traceIds];
  const s = [...spanIds];
  return {
    generateTraceId() {
      const id = t.shift();
      if (!id) throw new Error('fixedIdGenerator: out of trace ids');
      return id;
    },
    generateSpanId() {
      const id = s.shift();
      if (!id) throw new Error('fixedIdGenerator: out of span ids');
      return id;
    },
  };
}

/** Span ids in the order the driver creates spans (server, then its llm child). */
export function spanIdsInCreationOrder() {
  const ids = [];
  for (const t of TRACES) {
    ids.push(t.server.spanId);
    if (t.llm) ids.push(t.llm.spanId);
  }
  return ids;
}

// ---- Langfuse scenario (both SDKs) ----
export const LANGFUSE = {
  publicKey: 'pk-lf-test',
  secretKey: 'sk-lf-test',
  traceId: '7d3f6c2a9e1b4f08a5c4d2e1f0b9a8c7',
  traceName: 'optimize',
  version: 'v-2f1c9a',
  release: 'r1',
  metadata: { 'service.name': 'prompt-optimizer' },
  tags: ['service:prompt-optimizer'],
  input: { prompt: 'Summarise the incident report in two sentences.' },
  output: { text: 'The cache tier in LHR evicted hot keys. Latency recovered after a restart.' },
  // generation 1: new-style usageDetails/costDetails on end()
  gen1: { startOffsetMs: 30, durationMs: 251, input: 412, output: 128, costTotal: 0.000139 },
  // generation 2: legacy usage {input, output, unit, inputCost, outputCost} + level ERROR on update()
  gen2: {
    startOffsetMs: 300,
    durationMs: 158,
    input: 389,
    output: 57,
    inputCost: 0.00005835,
    outputCost: 0.0000342,
    statusMessage: 'upstream returned 500',
  },
  span: { name: 'cache.lookup', startOffsetMs: 2, durationMs: 21 },
  score: { name: 'quality', value: 0.87, comment: 'auto-eval' },
  // @langfuse/otel: deterministic OTel ids (root span, cache.lookup, gen1, gen2)
  otelSpanIds: ['a1b2c3d4e5f60718', 'b2c3d4e5f6071829', 'c3d4e5f60718293a', 'd4e5f60718293a4b'],
  traceDurationMs: 480,
};
