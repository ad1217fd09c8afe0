// Builds collector/fixtures/README.md from what was actually recorded (never from what we hoped to send),
// and checks the OTLP recordings against the scenario in scenario.mjs. Returns { markdown, problems }.
import zlib from 'node:zlib';
import { decodeExportTraceServiceRequest } from './otlp-proto-decode.mjs';
import { LANGFUSE, RESOURCE, SCOPE, T0_MS, TRACES, llmAttributes, serverAttributes } from './scenario.mjs';

const KIND = { 0: 'UNSPECIFIED', 1: 'INTERNAL', 2: 'SERVER', 3: 'CLIENT', 4: 'PRODUCER', 5: 'CONSUMER' };
const STATUS = { 0: 'UNSET', 1: 'OK', 2: 'ERROR' };

// ---------- generic helpers ----------

function body(f) {
  const enc = (f.rec.headers['content-encoding'] || '').toLowerCase();
  return enc === 'gzip' ? zlib.gunzipSync(f.rec.body) : f.rec.body;
}

function scalar(v) {
  if (!v || typeof v !== 'object') return { type: 'missing', value: null };
  if ('stringValue' in v) return { type: 'string', value: v.stringValue };
  if ('intValue' in v) return { type: 'int', value: String(v.intValue), json: typeof v.intValue };
  if ('doubleValue' in v) return { type: 'double', value: Number(v.doubleValue) };
  if ('boolValue' in v) return { type: 'bool', value: v.boolValue };
  if ('arrayValue' in v) return { type: 'array', value: (v.arrayValue.values || []).map((x) => scalar(x).value) };
  if ('kvlistValue' in v) return { type: 'kvlist', value: v.kvlistValue };
  if ('bytesValue' in v) return { type: 'bytes', value: v.bytesValue };
  return { type: 'empty', value: null };
}

function expectedScalar(js) {
  if (typeof js === 'string') return { type: 'string', value: js };
  if (typeof js === 'boolean') return { type: 'bool', value: js };
  if (Number.isInteger(js)) return { type: 'int', value: String(js) };
  return { type: 'double', value: js };
}

const sameScalar = (a, b) => a.type === b.type && JSON.stringify(a.value) === JSON.stringify(b.value);

function attrMap(list) {
  const m = {};
  for (const kv of list || []) m[kv.key] = scalar(kv.value);
  return m;
}

function summarize(decoded) {
  const spans = [];
  const resources = [];
  const scopes = [];
  for (const rs of decoded.resourceSpans || []) {
    resources.push(attrMap(rs.resource?.attributes));
    for (const ss of rs.scopeSpans || []) {
      scopes.push(ss.scope || {});
      for (const s of ss.spans || []) {
        const start = BigInt(s.startTimeUnixNano);
        const end = BigInt(s.endTimeUnixNano);
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId || '',
          name: s.name,
          kind: s.kind,
          startNs: start.toString(),
          endNs: end.toString(),
          durationMs: Number(end - start) / 1e6,
          attrs: attrMap(s.attributes),
          status: { code: s.status?.code ?? 0, ...(s.status?.message ? { message: s.status.message } : {}) },
          events: (s.events || []).map((e) => ({ name: e.name, attrs: attrMap(e.attributes) })),
          flags: s.flags,
        });
      }
    }
  }
  return { resources, scopes, spans };
}

function comparable(summary) {
  // drop the JSON-only detail (how intValue was typed) before comparing encodings
  const strip = (attrs) => Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, { type: v.type, value: v.value }]));
  return JSON.stringify({
    resources: summary.resources.map(strip),
    scopes: summary.scopes.map((s) => ({ name: s.name, version: s.version })),
    spans: summary.spans.map((s) => ({ ...s, attrs: strip(s.attrs), events: s.events.map((e) => ({ name: e.name, attrs: strip(e.attrs) })) })),
  });
}

function table(headers, rows) {
  const esc = (c) => String(c ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

const code = (s) => `\`${s}\``;
const fmtScalar = (v) => (v.type === 'string' ? JSON.stringify(v.value) : v.type === 'empty' ? '`{}` (empty AnyValue)' : v.type === 'int' ? `${v.value} (intValue as JSON ${v.json ?? 'string'})` : `${JSON.stringify(v.value)} (${v.type})`);
const isoNs = (ns) => {
  const ms = Number(BigInt(ns) / 1_000_000n);
  const rest = BigInt(ns) % 1_000_000n;
  return rest === 0n ? new Date(ms).toISOString() : `${new Date(ms).toISOString()} + ${rest} ns`;
};

// ---------- OTLP (Node SDK) ----------

function checkOtlp(byName, problems) {
  const names = ['otlp-proto', 'otlp-proto-gzip', 'otlp-json', 'otlp-json-gzip'].filter((n) => byName[n]);
  if (names.length === 0) return null;
  const summaries = {};
  for (const n of names) {
    const f = byName[n];
    const decoded = n.startsWith('otlp-proto') ? decodeExportTraceServiceRequest(body(f)) : JSON.parse(body(f).toString('utf8'));
    summaries[n] = summarize(decoded);
  }
  // same content in all four
  const ref = summaries['otlp-json'] ?? summaries[names[0]];
  const refName = summaries['otlp-json'] ? 'otlp-json' : names[0];
  const sameContent = [];
  for (const n of names) {
    if (n === refName) continue;
    if (comparable(summaries[n]) === comparable(ref)) sameContent.push(n);
    else problems.push(`${n} does not carry the same spans as ${refName}`);
  }
  const gzipIdentical = [];
  for (const [gz, plain] of [['otlp-proto-gzip', 'otlp-proto'], ['otlp-json-gzip', 'otlp-json']]) {
    if (byName[gz] && byName[plain] && body(byName[gz]).equals(byName[plain].rec.body)) gzipIdentical.push([gz, plain]);
  }

  // against the scenario
  const s = ref;
  const expectRes = Object.fromEntries(Object.entries(RESOURCE).map(([k, v]) => [k, expectedScalar(v)]));
  const res = s.resources[0] || {};
  for (const [k, v] of Object.entries(expectRes)) if (!res[k] || !sameScalar(res[k], v)) problems.push(`${refName}: resource ${k} is not ${JSON.stringify(v.value)}`);
  if (s.resources.length !== 1) problems.push(`${refName}: expected 1 resourceSpans, got ${s.resources.length}`);
  const expectedSpanCount = TRACES.reduce((n, t) => n + 1 + (t.llm ? 1 : 0), 0);
  if (s.spans.length !== expectedSpanCount) problems.push(`${refName}: expected ${expectedSpanCount} spans, got ${s.spans.length}`);
  const bySpan = Object.fromEntries(s.spans.map((x) => [x.spanId, x]));
  const t0ns = BigInt(T0_MS) * 1_000_000n;
  const checkSpan = (label, sp, want) => {
    if (!sp) return problems.push(`${refName}: ${label} span missing`);
    for (const key of ['traceId', 'parentSpanId', 'name', 'kind', 'durationMs']) {
      if (sp[key] !== want[key]) problems.push(`${refName}: ${label} ${key} is ${sp[key]}, expected ${want[key]}`);
    }
    if (sp.startNs !== (t0ns + BigInt(want.startOffsetMs) * 1_000_000n).toString()) problems.push(`${refName}: ${label} start time differs`);
    if (sp.status.code !== want.statusCode) problems.push(`${refName}: ${label} status ${sp.status.code}, expected ${want.statusCode}`);
    const keys = new Set([...Object.keys(sp.attrs), ...Object.keys(want.attrs)]);
    for (const k of keys) {
      const exp = want.attrs[k] === undefined ? null : expectedScalar(want.attrs[k]);
      if (!exp || !sp.attrs[k] || !sameScalar(sp.attrs[k], exp)) problems.push(`${refName}: ${label} attribute ${k} is ${JSON.stringify(sp.attrs[k])}, expected ${JSON.stringify(exp)}`);
    }
  };
  for (const t of TRACES) {
    checkSpan(`${t.label} server`, bySpan[t.server.spanId], {
      traceId: t.traceId, parentSpanId: '', name: 'POST /optimize', kind: 2, durationMs: t.server.durationMs,
      startOffsetMs: t.server.startOffsetMs, statusCode: t.error ? 2 : 0, attrs: serverAttributes(t),
    });
    if (t.llm) {
      checkSpan(`${t.label} llm`, bySpan[t.llm.spanId], {
        traceId: t.traceId, parentSpanId: t.server.spanId, name: 'chat gpt-4o-mini', kind: 3, durationMs: t.llm.durationMs,
        startOffsetMs: t.llm.startOffsetMs, statusCode: 0, attrs: llmAttributes(t),
      });
    }
  }
  return { names, summaries, ref, refName, sameContent, gzipIdentical };
}

function otlpSection(byName, otlp) {
  const L = [];
  const { ref, refName } = otlp;
  L.push('## OpenTelemetry JS SDK → OTLP/HTTP (`otlp-proto`, `otlp-proto-gzip`, `otlp-json`, `otlp-json-gzip`)');
  L.push('');
  for (const n of otlp.names) L.push(`- \`${n}.json\`: ${byName[n].recordedWith}`);
  L.push('');
  L.push(
    `All four carry the same ${ref.spans.length} spans of ${TRACES.length} traces in ONE request (checked: the protobuf bodies were decoded and compared span by span, attribute by attribute, with \`${refName}\`` +
      `${otlp.sameContent.length ? `; identical: ${otlp.sameContent.map(code).join(', ')}` : ''})` +
      `${otlp.gzipIdentical.length ? `. ${otlp.gzipIdentical.map(([g, p]) => `\`${g}\` gunzips to exactly the body bytes of \`${p}\``).join('; ')}` : ''}.` +
      ' Ids and timestamps are fixed by the driver (an `IdGenerator` and explicit start/end times), so a re-recording is byte-identical unless the client changed.',
  );
  L.push('');
  const res = ref.resources[0];
  L.push(`Resource attributes (exactly these, nothing else): ${Object.entries(res).map(([k, v]) => `\`${k}\`=${fmtScalar(v)}`).join(', ')}.`);
  L.push(`Instrumentation scope: ${ref.scopes.map((s) => `name \`${s.name}\`, version \`${s.version}\``).join('; ')}.`);
  L.push(`Base time T0 = ${new Date(T0_MS).toISOString()} (${BigInt(T0_MS) * 1_000_000n} ns).`);
  L.push('');
  const bySpan = Object.fromEntries(ref.spans.map((x) => [x.spanId, x]));
  const rows = [];
  for (const t of TRACES) {
    const sv = bySpan[t.server.spanId];
    const llm = t.llm ? bySpan[t.llm.spanId] : null;
    rows.push([
      code(t.traceId),
      code(t.server.spanId),
      sv ? isoNs(sv.startNs) : '?',
      sv ? sv.durationMs : '?',
      sv ? sv.attrs['http.response.status_code']?.value : '?',
      sv ? `${STATUS[sv.status.code]} (${sv.status.code})` : '?',
      sv ? sv.attrs['edgeslo.cache.result']?.value : '?',
      sv ? sv.attrs['edgeslo.cache.tier']?.value ?? '—' : '?',
      llm ? code(llm.spanId) : '— (no LLM call)',
      llm ? llm.durationMs : '—',
      llm ? llm.attrs['gen_ai.usage.input_tokens'].value : '—',
      llm ? llm.attrs['gen_ai.usage.output_tokens'].value : '—',
      llm ? llm.attrs['gen_ai.usage.cost'].value : '—',
    ]);
  }
  L.push(
    table(
      ['trace id', 'SERVER span id', 'start', 'duration ms', 'http.response.status_code', 'span status', 'edgeslo.cache.result', 'edgeslo.cache.tier', 'CLIENT span id', 'CLIENT duration ms', 'input tokens', 'output tokens', 'cost USD'],
      rows,
    ),
  );
  L.push('');
  const servers = ref.spans.filter((x) => x.kind === 2);
  const anyLlm = ref.spans.find((x) => x.kind === 3);
  const errServer = ref.spans.find((x) => x.status.code === 2);
  const serverKeys = new Map();
  for (const sp of servers) for (const [k, v] of Object.entries(sp.attrs)) serverKeys.set(k, { type: v.type, n: (serverKeys.get(k)?.n ?? 0) + 1 });
  L.push(`Every SERVER span is named \`POST /optimize\` (kind SERVER) with attributes: ${[...serverKeys].map(([k, v]) => `\`${k}\` (${v.type}${v.n < servers.length ? `, only on ${v.n} of ${servers.length}` : ''})`).join(', ')}${errServer ? `; the 500 one has status ERROR with ${errServer.status.message ? `message ${JSON.stringify(errServer.status.message)}` : 'no message'}${errServer.attrs['error.type'] ? ` and \`error.type\`=${JSON.stringify(errServer.attrs['error.type'].value)}` : ''}` : ''}.`);
  if (anyLlm) L.push(`Every CLIENT span is named \`${anyLlm.name}\`, child of its trace's SERVER span, with attributes: ${Object.entries(anyLlm.attrs).map(([k, v]) => `\`${k}\`=${v.type === 'string' ? JSON.stringify(v.value) : `(${v.type})`}`).join(', ')}.`);
  L.push(`Span order in the request: ${ref.spans.map((x) => `\`${x.name}\`/${x.spanId.slice(0, 4)}…`).join(', ')} (end order: a child precedes its parent).`);
  L.push('');
  // encoding facts from the JSON recording
  const j = byName['otlp-json'] ? JSON.parse(body(byName['otlp-json']).toString('utf8')) : null;
  if (j) {
    const s0 = j.resourceSpans[0].scopeSpans[0].spans[0];
    const intAttr = s0.attributes.find((a) => 'intValue' in a.value);
    const dblAttr = j.resourceSpans[0].scopeSpans[0].spans.flatMap((s) => s.attributes).find((a) => 'doubleValue' in a.value);
    L.push('Encoding as sent (OTLP/JSON fixtures):');
    L.push(`- \`traceId\`/\`spanId\`/\`parentSpanId\`: ${/^[0-9a-f]{32}$/.test(s0.traceId) ? 'lowercase **hex** strings (32/16 chars), not base64' : `NOT hex: ${JSON.stringify(s0.traceId)}`}; a root span has no \`parentSpanId\` key at all. In protobuf they are raw 16/8-byte \`bytes\`.`);
    L.push(`- 64-bit ints: \`intValue\` is a JSON **${typeof intAttr.value.intValue}** (e.g. \`"${intAttr.key}": {"intValue": ${JSON.stringify(intAttr.value.intValue)}}\`), not the string the proto3 JSON mapping prescribes; a collector must accept both. Doubles: \`{"doubleValue": ${JSON.stringify(dblAttr.value.doubleValue)}}\`.`);
    L.push(`- Timestamps: \`startTimeUnixNano\`/\`endTimeUnixNano\` are decimal **${typeof s0.startTimeUnixNano}s** of nanoseconds (e.g. ${JSON.stringify(s0.startTimeUnixNano)}).`);
    L.push(`- \`kind\` is the numeric enum (${[...new Set(j.resourceSpans[0].scopeSpans[0].spans.map((s) => s.kind))].map((k) => `${k} = ${KIND[k]}`).join(', ')}); \`status\` is \`${JSON.stringify(s0.status)}\` when unset and \`{"code":2}\` on error (numeric, no message).`);
    L.push(`- \`flags\`: ${JSON.stringify(s0.flags)} (0x${Number(s0.flags).toString(16)}: sampled + "has is_remote" bit). Empty \`events\`/\`links\` arrays and \`dropped*Count: 0\` are always present.`);
  }
  const hdrs = (n) => byName[n]?.rec.headers || {};
  L.push(`- HTTP: ${otlp.names.map((n) => `\`${n}\`: content-type \`${hdrs(n)['content-type']}\`${hdrs(n)['content-encoding'] ? `, content-encoding \`${hdrs(n)['content-encoding']}\`` : ''}, user-agent \`${hdrs(n)['user-agent']}\`${hdrs(n)['transfer-encoding'] ? `, transfer-encoding \`${hdrs(n)['transfer-encoding']}\`` : ''}`).join('; ')}. The \`authorization\` header arrives lower-cased as \`Bearer test-ingest-key\`.`);
  if (Object.values(byName).some((f) => f.name.startsWith('otlp-') && f.rec.headers['transfer-encoding'] && !f.rec.headers['content-length'])) {
    L.push('- The Node exporters stream the body (`transfer-encoding: chunked`) and send **no `content-length`**: a collector cannot size-check from headers.');
  }
  L.push('- Expected reply (what the capture server answered): `200` with `{}` (`application/json`), or an empty `application/x-protobuf` body for protobuf requests.');
  L.push('');
  return L.join('\n');
}

// ---------- Langfuse v3 ----------

function langfuseV3Section(fixtures) {
  const L = [];
  L.push('## `langfuse` v3 SDK → `POST /api/public/ingestion` (`langfuse-batch*.json`)');
  L.push('');
  for (const f of fixtures) L.push(`- \`${f.name}.json\`: ${f.recordedWith}`);
  L.push('');
  const h = fixtures[0].rec.headers;
  L.push(`Headers: ${Object.entries(h).filter(([k]) => k !== 'host' && k !== 'content-length').map(([k, v]) => `\`${k}: ${v}\``).join(', ')}${h['content-length'] ? ' (and a `content-length`)' : ''}. \`authorization\` is Basic base64(\`${LANGFUSE.publicKey}:${LANGFUSE.secretKey}\`). No compression.`);
  L.push('');
  L.push(`The SDK sent ${fixtures.length} request(s) for the whole scenario (flushAt 15, one \`flushAsync()\`).`);
  L.push('');
  const created = new Map();
  const inversions = [];
  const obs = new Map();
  for (const f of fixtures) {
    const d = JSON.parse(body(f).toString('utf8'));
    L.push(`### \`${f.name}.json\``);
    L.push('');
    L.push(`Top-level keys: ${Object.keys(d).map(code).join(', ')}; \`metadata\` = \`${JSON.stringify(d.metadata)}\`.`);
    L.push('');
    const rows = [];
    d.batch.forEach((e, i) => {
      const b = e.body || {};
      const [kind, op] = e.type.split('-');
      if (op === 'create') created.set(`${kind}:${b.id}`, i);
      if (op === 'update' && !created.has(`${kind}:${b.id}`)) {
        const later = d.batch.findIndex((x, j) => j > i && x.type === `${kind}-create` && x.body?.id === b.id);
        inversions.push({ file: f.name, updateIndex: i, createIndex: later, type: e.type, id: b.id });
      }
      if (kind === 'generation' || kind === 'span') {
        const o = obs.get(b.id) || { id: b.id, kind };
        Object.assign(o, Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
        obs.set(b.id, o);
      }
      const keys = Object.keys(b).filter((k) => !['id', 'traceId'].includes(k));
      rows.push([i, code(e.type), code(e.id), code(b.id), e.timestamp, keys.join(', ')]);
    });
    L.push(table(['#', 'type', 'event id', 'body.id', 'event timestamp', 'other body fields'], rows));
    L.push('');
  }
  L.push('Observations after applying the events in order (what a collector should end up with):');
  L.push('');
  const orows = [];
  for (const o of obs.values()) {
    const dur = o.startTime && o.endTime ? Date.parse(o.endTime) - Date.parse(o.startTime) : '?';
    orows.push([
      o.kind,
      code(o.id),
      o.name,
      o.model ?? '—',
      o.level ?? '—',
      o.statusMessage ?? '—',
      dur,
      o.usageDetails ? `usageDetails ${JSON.stringify(o.usageDetails)}` : o.usage ? `usage ${JSON.stringify(o.usage)}` : '—',
      o.costDetails ? JSON.stringify(o.costDetails) : '—',
      o.parentObservationId === null ? '`null`' : o.parentObservationId ?? '(absent)',
    ]);
  }
  L.push(table(['kind', 'id', 'name', 'model', 'level', 'statusMessage', 'duration ms (endTime−startTime)', 'usage', 'costDetails', 'parentObservationId'], orows));
  L.push('');
  L.push(`Trace: id \`${LANGFUSE.traceId}\` (32-hex, OTel style, given by the caller), name \`${LANGFUSE.traceName}\`, version \`${LANGFUSE.version}\`, release \`${LANGFUSE.release}\`, metadata \`${JSON.stringify(LANGFUSE.metadata)}\`, tags \`${JSON.stringify(LANGFUSE.tags)}\`. Observation, score and event ids are SDK-generated UUIDv4 strings. Score: \`${LANGFUSE.score.name}\` = ${LANGFUSE.score.value} on the first generation.`);
  L.push('');
  if (inversions.length) {
    L.push(`**Order is not causal: ${inversions.length} update event(s) arrive BEFORE the create of the same object in this recording:** ${inversions.map((x) => `\`${x.type}\` #${x.updateIndex} before its create #${x.createIndex}`).join('; ')}. The v3 SDK runs events that carry \`input\`/\`output\`/\`metadata\` through an async media-processing step before queueing them, so an update without those fields (e.g. \`update({ level: "ERROR" })\` right after \`generation()\`) overtakes its create. How many inversions occur depends on timing; a collector must upsert by \`body.id\` in any order.`);
  } else {
    L.push('No update event arrived before its create in this recording. (The v3 SDK queues events carrying `input`/`output`/`metadata` after an async media-processing step, so an update without those fields can overtake its create when both are emitted back to back; this run did not show it.)');
  }
  L.push('');
  L.push('Other things to expect: `end()` is sent as a separate `*-update` whose body is only `{id, traceId, endTime}` (the SDK stamps `endTime = now` and ignores an `endTime` passed to `end()`); `trace.update()` is sent as a second `trace-create` (an upsert) for the same id; times are ISO-8601 strings with milliseconds; the reply the SDK expects is `207` with `{"successes":[{"id","status":201}],"errors":[]}` keyed by the **event** id.');
  L.push('');
  return L.join('\n');
}

// ---------- @langfuse/otel ----------

function langfuseOtelSection(fixtures) {
  const L = [];
  L.push('## `@langfuse/otel` v5 (OTel-based SDK) → `POST /api/public/otel/v1/traces` (`langfuse-otel*.json`)');
  L.push('');
  for (const f of fixtures) L.push(`- \`${f.name}.json\`: ${f.recordedWith}`);
  L.push('');
  for (const f of fixtures) {
    const h = f.rec.headers;
    L.push(`Headers: ${Object.entries(h).filter(([k]) => k !== 'host' && k !== 'content-length').map(([k, v]) => `\`${k}: ${v}\``).join(', ')}${h['content-length'] ? ' (and a `content-length`)' : ' (no `content-length`: chunked)'}.`);
    L.push('');
    const s = summarize(JSON.parse(body(f).toString('utf8')));
    L.push(`Resource: ${Object.entries(s.resources[0] || {}).map(([k, v]) => `\`${k}\`=${fmtScalar(v)}`).join(', ')}. Scope: ${s.scopes.map((x) => `\`${x.name}\` \`${x.version}\``).join(', ')}.`);
    L.push('');
    const rows = s.spans.map((sp) => [
      code(sp.name),
      code(sp.spanId),
      sp.parentSpanId ? code(sp.parentSpanId) : '— (root)',
      `${KIND[sp.kind]} (${sp.kind})`,
      sp.durationMs,
      sp.attrs['langfuse.observation.type']?.value ?? '—',
      sp.attrs['langfuse.observation.level']?.value ?? '—',
      sp.attrs['langfuse.observation.model.name']?.value ?? '—',
      sp.attrs['langfuse.observation.usage_details']?.value ?? '—',
      sp.attrs['langfuse.observation.cost_details']?.value ?? '—',
      `${STATUS[sp.status.code]}`,
    ]);
    L.push(`Trace id \`${s.spans[0]?.traceId}\` (the same id the v3 fixture uses); span ids (an \`IdGenerator\`) and start/end times are fixed by the driver, so a re-recording is byte-identical unless the SDK changed. Spans in request order:`);
    L.push('');
    L.push(table(['name', 'span id', 'parent', 'kind', 'duration ms', 'langfuse.observation.type', 'level', 'model', 'usage_details (string attr)', 'cost_details (string attr)', 'OTel status'], rows));
    L.push('');
    const keys = [...new Set(s.spans.flatMap((sp) => Object.keys(sp.attrs)))];
    L.push(`Attribute keys seen: ${keys.map(code).join(', ')}.`);
    L.push('');
    const genAi = keys.filter((k) => k.startsWith('gen_ai.'));
    L.push(
      `Notes: every span has kind ${[...new Set(s.spans.map((x) => KIND[x.kind]))].join('/')}; ${genAi.length ? `gen_ai keys: ${genAi.join(', ')}` : 'there are **no `gen_ai.*` attributes**'} — model, usage and cost live in \`langfuse.observation.*\` attributes, and usage/cost/input/output/model parameters are **JSON encoded into string attributes**. Trace-level data is repeated on every span (\`langfuse.trace.name\`, \`langfuse.trace.tags\` as an array, \`langfuse.version\`, \`langfuse.release\`) and metadata is flattened into keys (\`langfuse.trace.metadata.service.name\`, \`langfuse.observation.metadata.edgeslo.cache.result\`). \`level: ERROR\` does **not** set the OTel span status. Ids/times/encoding rules are the same as the OTel JS JSON exporter above (hex ids, numeric kind, nanosecond strings).`,
    );
    L.push('');
  }
  return L.join('\n');
}

// ---------- otel-cf-workers ----------

function workerSection(fixtures, upstream) {
  const L = [];
  L.push('## `@microlabs/otel-cf-workers` in workerd (`wrangler dev`) → `POST /v1/traces` (`otel-cf-workers-*.json`)');
  L.push('');
  L.push('The Worker is `scripts/record-fixtures/cf-worker` (Hono app wrapped with `instrument(handler, config)`, exporter `{ url: CAPTURE_URL + "/v1/traces", headers: { authorization: "Bearer test-ingest-key" } }`, `service: { name: "prompt-optimizer" }`, no service version). `POST /optimize` calls the capture server (`POST /upstream`, standing in for the LLM provider) and then sets `edgeslo.cache.result` and `gen_ai.*` attributes on the active span; `GET /throw` throws out of the handler.');
  L.push('');
  const first = fixtures[0];
  const fh = first.rec.headers;
  L.push(`Headers (all requests alike): ${Object.entries(fh).filter(([k]) => k !== 'host' && k !== 'content-length').map(([k, v]) => `\`${k}: ${v}\``).join(', ')}${fh['content-length'] ? ' (and a `content-length`: the body is not streamed)' : ''}. Plain OTLP/JSON, no compression. One request per trace, sent after the response (\`waitUntil\`).`);
  L.push('');
  const rows = [];
  const summaries = fixtures.map((f) => ({ f, s: summarize(JSON.parse(body(f).toString('utf8'))) }));
  for (const { f, s } of summaries) {
    const root = s.spans.find((x) => !x.parentSpanId);
    const children = s.spans.filter((x) => x.parentSpanId);
    rows.push([
      `\`${f.name}.json\``,
      `${f.workerRequest.method} ${f.workerRequest.path} → ${f.workerRequest.status}`,
      code(root?.traceId),
      code(root?.name),
      root ? `${KIND[root.kind]} (${root.kind})` : '?',
      root ? `${STATUS[root.status.code]} (${root.status.code})${root.status.message ? ` ${JSON.stringify(root.status.message)}` : ''}` : '?',
      root?.attrs['http.response.status_code'] ? root.attrs['http.response.status_code'].value : '(absent)',
      root?.durationMs,
      root?.attrs['faas.coldstart'] ? String(root.attrs['faas.coldstart'].value) : '(absent)',
      root?.attrs['cf.workers_version_metadata.id'] ? code(root.attrs['cf.workers_version_metadata.id'].value) : '(absent)',
      root?.attrs['edgeslo.cache.result']?.value ?? '(absent)',
      root?.attrs['gen_ai.usage.input_tokens'] ? `${root.attrs['gen_ai.usage.input_tokens'].value}/${root.attrs['gen_ai.usage.output_tokens'].value}/${root.attrs['gen_ai.usage.cost'].value}` : '(absent)',
      children.map((c) => `\`${c.name}\` ${KIND[c.kind]} ${c.durationMs} ms, status_code ${c.attrs['http.response.status_code']?.value ?? '—'}`).join('; ') || '—',
      root?.events.map((e) => `\`${e.name}\` (${Object.keys(e.attrs).join(', ')})`).join('; ') || '—',
    ]);
  }
  L.push(table(['fixture', 'request', 'trace id', 'root span name', 'kind', 'span status', 'http.response.status_code', 'duration ms', 'faas.coldstart', 'cf.workers_version_metadata.id', 'edgeslo.cache.result', 'gen_ai tokens in/out/cost', 'child spans', 'events'], rows));
  L.push('');
  const s0 = summaries[0].s;
  L.push(`Resource attributes: ${Object.entries(s0.resources[0]).map(([k, v]) => `\`${k}\`=${fmtScalar(v)}`).join(', ')}. Scope: ${s0.scopes.map((x) => `\`${x.name}\`${x.version ? ` \`${x.version}\`` : ' (no version)'}`).join(', ')}.`);
  L.push('');
  const root0 = s0.spans.find((x) => !x.parentSpanId);
  L.push(`Root span attributes of \`${summaries[0].f.name}.json\`, in order: ${Object.entries(root0.attrs).map(([k, v]) => `\`${k}\`=${fmtScalar(v)}`).join(', ')}.`);
  L.push('');
  const notes = [];
  const byStatus = (st) => summaries.find(({ f }) => f.workerRequest.status === st && !f.workerRequest.path.startsWith('/throw'));
  const returned500 = byStatus(500);
  if (returned500) {
    const r = returned500.s.spans.find((x) => !x.parentSpanId);
    notes.push(`A 500 **returned** by the handler leaves the root span status ${STATUS[r.status.code]} (${r.status.code}); only \`http.response.status_code\`=${r.attrs['http.response.status_code']?.value} tells it failed. Derive errors from the status code attribute, not from span status.`);
  }
  const thrown = summaries.find(({ f }) => f.workerRequest.path.startsWith('/throw'));
  if (thrown) {
    const r = thrown.s.spans.find((x) => !x.parentSpanId);
    notes.push(`An exception **thrown** out of the handler gives status ${STATUS[r.status.code]} (${r.status.code})${r.status.message ? ` with message ${JSON.stringify(r.status.message)}` : ''}, an \`${r.events[0]?.name}\` event (${Object.keys(r.events[0]?.attrs || {}).map(code).join(', ')}), and **${r.attrs['http.response.status_code'] ? `http.response.status_code=${r.attrs['http.response.status_code'].value}` : 'no `http.response.status_code` at all'}** (the client still got HTTP ${thrown.f.workerRequest.status}). The stack trace contains local \`.wrangler/tmp\` paths.`);
  }
  const empties = [...new Set(summaries.flatMap(({ s }) => s.spans.flatMap((sp) => Object.entries(sp.attrs).filter(([, v]) => v.type === 'empty').map(([k]) => k))))];
  if (empties.length) notes.push(`Attributes whose value was \`undefined\` are sent as an **empty AnyValue \`"value": {}\`**: ${empties.map(code).join(', ')}. A strict OTLP/JSON parser must not choke on them.`);
  const strNums = [...new Set(summaries.flatMap(({ s }) => s.spans.flatMap((sp) => Object.entries(sp.attrs).filter(([, v]) => v.type === 'string' && /^\d+$/.test(v.value)).map(([k]) => k))))];
  if (strNums.length) notes.push(`Numbers sent as strings: ${strNums.map(code).join(', ')} (\`stringValue\`).`);
  const ints = summaries.flatMap(({ s }) => s.spans.flatMap((sp) => Object.values(sp.attrs).filter((v) => v.type === 'int')));
  if (ints.length) notes.push(`\`intValue\` is a JSON ${[...new Set(ints.map((v) => v.json))].join('/')}; ids are lowercase hex; times are nanosecond decimal strings; \`kind\` numeric.`);
  const noFlags = summaries.every(({ s }) => s.spans.every((sp) => sp.flags === undefined));
  if (noFlags) notes.push('Spans carry **no `flags` field** (unlike the Node SDK recordings).');
  const durs = summaries.flatMap(({ s }) => s.spans.map((sp) => sp.durationMs));
  notes.push(`Durations are tiny (${Math.min(...durs)}–${Math.max(...durs)} ms) and whole milliseconds: workerd's clock only advances across I/O, and the "upstream" is local.`);
  notes.push('`cloud.region` is the constant `earth`, `net.colo`/`net.country`/`net.asn`/`net.tls_*` come from wrangler\'s placeholder `request.cf` (it could not fetch the real one offline: values like DFW/US are not where the request came from), and `telemetry.sdk.build.node_version` is workerd\'s reported Node compatibility version, not a real Node.');
  notes.push('The version-metadata id is the random UUID `wrangler dev` gives each run (tag empty); it is the same in all fixtures of one recording and changes with every re-recording, as do trace/span ids, times and the ports in `url.full`/`server.address`.');
  if (upstream.length) {
    const hk = Object.keys(upstream[0].headers).filter((k) => k !== 'host' && k !== 'content-length');
    notes.push(`The Worker's outgoing \`fetch\` (to \`/upstream\`, not kept as a fixture) carried headers ${hk.map(code).join(', ')}${upstream[0].headers.traceparent ? ` — W3C trace context is propagated (\`traceparent: ${upstream[0].headers.traceparent}\`${/-03$/.test(upstream[0].headers.traceparent) ? ': trace-flags `03` = sampled + the W3C level-2 "random trace id" bit' : ''})` : ''}. workerd in dev adds \`cf-worker\` to every outbound request, including the exports.`);
  }
  for (const n of notes) L.push(`- ${n}`);
  L.push('');
  return L.join('\n');
}

// ---------- main ----------

export function buildReadme({ fixtures, upstream = [], failures = [] }) {
  const problems = [];
  const byName = Object.fromEntries(fixtures.map((f) => [f.name, f]));
  const L = [];
  L.push('# collector/fixtures: wire recordings from real telemetry clients');
  L.push('');
  L.push('**Generated. Do not edit by hand.** Every file here (this README included) is written by `scripts/record-fixtures`:');
  L.push('');
  L.push('```sh');
  L.push('cd scripts/record-fixtures && npm ci && npm run record');
  L.push('```');
  L.push('');
  L.push('The recorder starts a capture server on 127.0.0.1 that answers like a real collector, drives each client (unmodified, only configured) against it, and writes one file per HTTP request it received. The tables below are computed from the recorded bytes.');
  L.push('');
  L.push('## File format');
  L.push('');
  L.push('- `<name>.json`: `{ "recordedWith", "method", "path", "headers", "bodyBase64" }`. `headers` are all request headers, names lower-cased, in arrival order, minus `host` and `content-length`. `bodyBase64` is the body exactly as received (still gzipped when `content-encoding: gzip`).');
  L.push('- `<name>.decoded.json`: the body gunzipped (if needed) and JSON-parsed, for reading. There is none for protobuf bodies.');
  L.push('');
  L.push('## Index');
  L.push('');
  L.push(
    table(
      ['fixture', 'client', 'method + path', 'content-type', 'content-encoding', 'auth', 'body bytes (as sent)'],
      fixtures.map((f) => [
        `\`${f.name}.json\`${f.decoded != null ? ' + `.decoded.json`' : ''}`,
        f.recordedWith.split(' ')[0],
        `${f.rec.method} ${f.rec.path}`,
        f.rec.headers['content-type'] ?? '',
        f.rec.headers['content-encoding'] ?? '—',
        (f.rec.headers.authorization ?? '—').split(' ')[0],
        f.rec.body.length,
      ]),
    ),
  );
  L.push('');
  const otlp = checkOtlp(byName, problems);
  if (otlp) L.push(otlpSection(byName, otlp));
  const v3 = fixtures.filter((f) => /^langfuse-batch(-\d+)?$/.test(f.name));
  if (v3.length) L.push(langfuseV3Section(v3));
  const lo = fixtures.filter((f) => /^langfuse-otel(-\d+)?$/.test(f.name));
  if (lo.length) L.push(langfuseOtelSection(lo));
  const cf = fixtures.filter((f) => /^otel-cf-workers-\d+$/.test(f.name));
  if (cf.length) L.push(workerSection(cf, upstream));
  L.push('## Not recorded');
  L.push('');
  if (failures.length) for (const x of failures) L.push(`- ${x.phase}: FAILED in the last run (${x.error}); its older files, if any, were left as they were.`);
  else L.push('- Nothing failed in the last run.');
  L.push('');
  return { markdown: `${L.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`, problems };
}
