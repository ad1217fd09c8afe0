// Records wire fixtures from REAL telemetry clients into collector/fixtures.
//   cd scripts/record-fixtures && npm ci && npm run record
// Starts a capture server on 127.0.0.1, drives each client against it (child processes; wrangler dev for
// the Worker), writes <name>.json (+ <name>.decoded.json) per captured request and a generated README.md.
// Everything it starts is stopped before it exits; every wait is bounded.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { INGESTION_PATH, TRACE_PATHS, pathnameOf, startCapture } from './capture.mjs';
import { buildReadme } from './readme.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../../collector/fixtures');
const OVERALL_TIMEOUT_MS = 8 * 60_000;

const children = new Set(); // { child, group }

function log(...args) {
  console.log('[record]', ...args);
}

// ---------- helpers ----------

function pkgVersion(name, fromDir = HERE) {
  let dir = fromDir;
  for (;;) {
    const p = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(p)) return JSON.parse(fs.readFileSync(p, 'utf8')).version;
    if (dir === HERE || dir === path.dirname(dir)) break;
    dir = path.dirname(dir);
  }
  throw new Error(`package ${name} not installed (run npm ci in scripts/record-fixtures)`);
}
const pv = (name, fromDir) => `${name}@${pkgVersion(name, fromDir)}`;

function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(OTEL_|LANGFUSE_)/.test(k)) continue; // no ambient SDK configuration
    env[k] = v;
  }
  return { ...env, ...extra };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function killChild(entry, signal) {
  const { child, group } = entry;
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    /* already gone */
  }
}

function waitExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

async function stopChild(entry) {
  killChild(entry, 'SIGTERM');
  if (!(await waitExit(entry.child, 5000))) {
    killChild(entry, 'SIGKILL');
    await waitExit(entry.child, 5000);
  }
  children.delete(entry);
}

/** Runs `node <script> ...args` (the pinned Node running this script) and resolves when it exits. */
async function runNode(script, args, { env, timeoutMs = 60_000 }) {
  const child = spawn(process.execPath, [path.join(HERE, script), ...args], {
    cwd: HERE,
    env: childEnv(env),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const entry = { child, group: false };
  children.add(entry);
  const exited = await waitExit(child, timeoutMs);
  if (!exited) {
    await stopChild(entry);
    throw new Error(`${script} ${args.join(' ')} did not finish within ${timeoutMs} ms`);
  }
  children.delete(entry);
  if (child.exitCode !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${child.exitCode ?? child.signalCode}`);
}

const isTelemetry = (r) =>
  r.method === 'POST' && (TRACE_PATHS.has(pathnameOf(r.path)) || pathnameOf(r.path) === INGESTION_PATH);

function numbered(base, recs, recordedWith) {
  if (recs.length === 1) return [{ name: base, recordedWith, rec: recs[0] }];
  return recs.map((rec, i) => ({ name: `${base}-${i + 1}`, recordedWith, rec }));
}

// ---------- phases ----------

async function phaseOtlpNode(capture) {
  const dir = path.join(HERE, 'otlp-node');
  const sdk = `${pv('@opentelemetry/sdk-trace', dir)} TracerProvider + BatchSpanProcessor (one forceFlush), ${pv('@opentelemetry/resources', dir)}, ${pv('@opentelemetry/api', dir)}`;
  const variants = [
    { name: 'otlp-proto', enc: 'proto', comp: 'none', pkg: '@opentelemetry/exporter-trace-otlp-proto' },
    { name: 'otlp-proto-gzip', enc: 'proto', comp: 'gzip', pkg: '@opentelemetry/exporter-trace-otlp-proto' },
    { name: 'otlp-json', enc: 'json', comp: 'none', pkg: '@opentelemetry/exporter-trace-otlp-http' },
    { name: 'otlp-json-gzip', enc: 'json', comp: 'gzip', pkg: '@opentelemetry/exporter-trace-otlp-http' },
  ];
  const out = [];
  for (const v of variants) {
    const mark = capture.requests.length;
    await runNode('otlp-node/drive.mjs', [v.enc, v.comp], { env: { CAPTURE_URL: capture.url } });
    const got = capture.requests.slice(mark).filter(isTelemetry);
    if (got.length !== 1) throw new Error(`${v.name}: expected exactly 1 export request, got ${got.length}`);
    out.push({
      name: v.name,
      recordedWith: `${pv(v.pkg, dir)} (OTLPTraceExporter, compression: '${v.comp}') + ${sdk}; Node ${process.version}; scripts/record-fixtures/otlp-node/drive.mjs ${v.enc} ${v.comp}`,
      rec: got[0],
    });
  }
  return out;
}

async function phaseLangfuseV3(capture) {
  const mark = capture.requests.length;
  await runNode('langfuse-v3/drive.mjs', [], { env: { CAPTURE_URL: capture.url } });
  const got = capture.requests.slice(mark).filter(isTelemetry);
  if (got.length === 0) throw new Error('langfuse v3: no ingestion request captured');
  const recordedWith = `${pv('langfuse')} (Langfuse client, flushAt 15, flushAsync + shutdownAsync); Node ${process.version}; scripts/record-fixtures/langfuse-v3/drive.mjs`;
  return numbered('langfuse-batch', got, recordedWith);
}

async function phaseLangfuseOtel(capture) {
  const dir = path.join(HERE, 'langfuse-otel');
  const mark = capture.requests.length;
  await runNode('langfuse-otel/drive.mjs', [], { env: { CAPTURE_URL: capture.url } });
  const got = capture.requests.slice(mark).filter(isTelemetry);
  if (got.length === 0) throw new Error('@langfuse/otel: no export captured');
  const recordedWith =
    `${pv('@langfuse/otel', dir)} LangfuseSpanProcessor + ${pv('@langfuse/tracing', dir)} startObservation/propagateAttributes` +
    ` on ${pv('@opentelemetry/sdk-trace-base', dir)} BasicTracerProvider (exporter ${pv('@opentelemetry/exporter-trace-otlp-http', dir)}, forceFlush);` +
    ` Node ${process.version}; scripts/record-fixtures/langfuse-otel/drive.mjs`;
  return numbered('langfuse-otel', got, recordedWith);
}

const WORKER_REQUESTS = [
  { label: 'POST /optimize -> 200', method: 'POST', path: '/optimize', body: { prompt: 'Summarise the incident report.' } },
  { label: 'POST /optimize?fail=1 -> 500 (returned by the handler)', method: 'POST', path: '/optimize?fail=1', body: { prompt: 'Summarise the incident report.' } },
  { label: 'GET /throw -> 500 (exception thrown out of the handler)', method: 'GET', path: '/throw' },
];

async function phaseWorker(capture) {
  const dir = path.join(HERE, 'cf-worker');
  const port = await freePort();
  const inspectorPort = await freePort();
  const wranglerJs = path.join(HERE, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const stateDir = path.join(dir, '.wrangler');
  fs.mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
  const args = [
    wranglerJs, 'dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--var', `CAPTURE_URL:${capture.url}`,
    '--show-interactive-dev-session=false',
    '--log-level', 'info',
  ];
  log(`starting wrangler dev on 127.0.0.1:${port}`);
  const child = spawn(process.execPath, args, {
    cwd: dir,
    detached: true, // own process group: wrangler + workerd are stopped together by the group id
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_LOG_PATH: path.join(stateDir, 'logs'),
      XDG_CONFIG_HOME: path.join(stateDir, 'config'), // keep wrangler's user config inside the recorder
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    }),
  });
  const entry = { child, group: true };
  children.add(entry);
  let output = '';
  const onData = (d) => {
    output += d.toString();
    for (const line of d.toString().split('\n')) if (line.trim()) console.log(`  [wrangler] ${line}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  try {
    const readyBy = Date.now() + 120_000;
    while (!output.includes(`Ready on http://127.0.0.1:${port}`)) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited early (${child.exitCode})`);
      if (Date.now() > readyBy) throw new Error('wrangler dev not ready within 120 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const versions = `${pv('@microlabs/otel-cf-workers', dir)} instrument() with ${pv('@opentelemetry/api', dir)}, ${pv('hono', dir)}; in workerd via ${pv('wrangler')} dev (compatibility_date 2026-08-01, nodejs_compat)`;
    const out = [];
    const upstream = [];
    let n = 0;
    for (const req of WORKER_REQUESTS) {
      const mark = capture.requests.length;
      const res = await fetch(`http://127.0.0.1:${port}${req.path}`, {
        method: req.method,
        headers: req.body ? { 'content-type': 'application/json' } : {},
        body: req.body ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      log(`worker ${req.label}: HTTP ${res.status}`);
      const newTelemetry = (r) => r.seq > mark && isTelemetry(r);
      await capture.waitFor(newTelemetry, 1, 20_000);
      await new Promise((r) => setTimeout(r, 750)); // anything else the same invocation sends
      const got = capture.requests.filter(newTelemetry);
      if (got.length === 0) throw new Error(`worker ${req.label}: no export captured within 20 s`);
      upstream.push(...capture.requests.filter((r) => r.seq > mark && pathnameOf(r.path) === '/upstream'));
      for (const rec of got) {
        n += 1;
        out.push({
          name: `otel-cf-workers-${n}`,
          recordedWith: `${versions}; request: ${req.label} (HTTP ${res.status}); scripts/record-fixtures/cf-worker`,
          rec,
          workerRequest: { ...req, status: res.status },
        });
      }
    }
    return { fixtures: out, upstream };
  } finally {
    await stopChild(entry);
    log('wrangler dev stopped');
  }
}

// ---------- writing ----------

const STALE = /^(otlp-(proto|json)(-gzip)?|langfuse-batch(-\d+)?|langfuse-otel(-\d+)?|otel-cf-workers-\d+)(\.decoded)?\.json$/;

function stalePrefixOf(name) {
  if (name.startsWith('otlp-')) return name;
  return name.replace(/-\d+$/, '');
}

function decodedJson(rec) {
  const ct = (rec.headers['content-type'] || '').toLowerCase();
  if (!ct.includes('json')) return null; // protobuf: no decoded file
  const enc = (rec.headers['content-encoding'] || '').toLowerCase();
  const raw = enc === 'gzip' ? zlib.gunzipSync(rec.body) : rec.body;
  return JSON.parse(raw.toString('utf8'));
}

function fixtureJson(f) {
  const headers = {};
  for (const [k, v] of Object.entries(f.rec.headers)) {
    if (k === 'host' || k === 'content-length') continue;
    headers[k] = v;
  }
  return {
    recordedWith: f.recordedWith,
    method: f.rec.method,
    path: f.rec.path,
    headers,
    bodyBase64: f.rec.body.toString('base64'),
  };
}

function writeFixtures(fixtures) {
  fs.mkdirSync(FIXTURES, { recursive: true });
  // remove what an earlier recording of the same phases left (e.g. a langfuse-batch-2.json that is no longer produced)
  const prefixes = new Set(fixtures.map((f) => stalePrefixOf(f.name)));
  for (const file of fs.readdirSync(FIXTURES)) {
    if (!STALE.test(file)) continue;
    const stem = file.replace(/(\.decoded)?\.json$/, '');
    if (prefixes.has(stem) || prefixes.has(stem.replace(/-\d+$/, ''))) fs.rmSync(path.join(FIXTURES, file));
  }
  for (const f of fixtures) {
    fs.writeFileSync(path.join(FIXTURES, `${f.name}.json`), `${JSON.stringify(fixtureJson(f), null, 2)}\n`);
    const decoded = decodedJson(f.rec);
    f.decoded = decoded;
    if (decoded !== null) fs.writeFileSync(path.join(FIXTURES, `${f.name}.decoded.json`), `${JSON.stringify(decoded, null, 2)}\n`);
    log(`wrote ${path.relative(path.resolve(HERE, '../..'), path.join(FIXTURES, f.name))}.json${decoded !== null ? ' (+ .decoded.json)' : ''}`);
  }
}

// ---------- main ----------

async function main() {
  const capture = await startCapture();
  log(`capture server on ${capture.url}`);
  const results = { fixtures: [], failures: [], upstream: [] };
  const phase = async (name, fn) => {
    log(`--- ${name}`);
    try {
      const r = await fn();
      if (Array.isArray(r)) results.fixtures.push(...r);
      else {
        results.fixtures.push(...r.fixtures);
        results.upstream.push(...r.upstream);
      }
    } catch (err) {
      console.error(`[record] ${name} FAILED: ${err.stack || err}`);
      results.failures.push({ phase: name, error: String(err.message || err) });
    }
  };
  try {
    await phase('OpenTelemetry JS OTLP exporters (Node)', () => phaseOtlpNode(capture));
    await phase('langfuse v3 (Node)', () => phaseLangfuseV3(capture));
    await phase('@langfuse/otel (Node)', () => phaseLangfuseOtel(capture));
    await phase('otel-cf-workers (workerd via wrangler dev)', () => phaseWorker(capture));
  } finally {
    await capture.close();
  }

  writeFixtures(results.fixtures);
  const readme = buildReadme({ fixtures: results.fixtures, upstream: results.upstream, failures: results.failures });
  fs.writeFileSync(path.join(FIXTURES, 'README.md'), readme.markdown);
  log('wrote collector/fixtures/README.md');
  for (const p of readme.problems) console.error(`[record] CHECK FAILED: ${p}`);
  if (results.failures.length || readme.problems.length) {
    console.error(`[record] finished with ${results.failures.length} failed phase(s) and ${readme.problems.length} failed check(s)`);
    return 1;
  }
  log(`done: ${results.fixtures.length} fixtures`);
  return 0;
}

const watchdog = setTimeout(async () => {
  console.error(`[record] watchdog: still running after ${OVERALL_TIMEOUT_MS / 1000} s, stopping everything`);
  for (const e of [...children]) killChild(e, 'SIGKILL');
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
watchdog.unref();

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const e of [...children]) killChild(e, 'SIGKILL');
    process.exit(130);
  });
}

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exitCode = code;
  },
  async (err) => {
    console.error(err);
    for (const e of [...children]) await stopChild(e);
    process.exitCode = 1;
  },
);
