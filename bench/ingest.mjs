// `npm run bench:ingest`: ingest throughput, CPU per span, request latency and freshness of the local collector,
// side by side with the raw decode ceiling of the same bodies in plain Node. Prints a table; medians of RUNS runs.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { cpuSeconds, rssMiB, startCollector } from "./local-collector.mjs";
import { encodeBody, ExportTraceServiceRequest, exportJson } from "./otlp-bodies.mjs";

const RUNS = Number(process.env.RUNS ?? 3);
const DURATION_S = Number(process.env.DURATION_S ?? 10);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const SPANS = Number(process.env.SPANS ?? 1000);
// Enough bodies that the load phase ends on its deadline, not for want of bodies (each body is sent once).
const BODIES = Number(process.env.BODIES ?? 700);
/** Requests sent one at a time after each run's load: their p99 is the 2nd-highest of 120, not the maximum of a few. */
const UNLOADED = Number(process.env.UNLOADED ?? 120);
const INGEST = "Bearer edgeslo-demo-ingest";
const READ = "Bearer edgeslo-demo-read";
const FORMATS = ["proto", "json", "proto-gzip", "json-gzip"];
const SERVICES = Array.from({ length: 10 }, (_, i) => `bench-svc-${i}`);
const VERSIONS = ["v1", "v2", "v3"];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function makeBodies(count, runIndex) {
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const json = exportJson({
      service: SERVICES[i % SERVICES.length],
      version: VERSIONS[Math.floor(i / SERVICES.length) % VERSIONS.length],
      count: SPANS,
      nowMs: Date.now(),
      seq: runIndex * count + i,
    });
    bodies.push({ format: FORMATS[i % FORMATS.length], ...encodeBody(json, FORMATS[i % FORMATS.length]) });
  }
  return bodies;
}

/** The ceiling: decoding the same bytes in plain Node on one core (JSON.parse, protobufjs decode), no validation, no storage. */
function rawCeiling(bodies) {
  const sample = bodies.slice(0, 40);
  const time = (fn) => {
    const t = performance.now();
    for (let r = 0; r < 3; r++) for (const b of sample) fn(b);
    return (performance.now() - t) / 1000;
  };
  const jsonBodies = sample.filter((b) => b.format.startsWith("json"));
  const protoBodies = sample.filter((b) => b.format.startsWith("proto"));
  const jsonS = time((b) => b.format.startsWith("json") && JSON.parse(b.raw.toString("utf8")));
  const protoS = time((b) => b.format.startsWith("proto") && ExportTraceServiceRequest.decode(b.raw));
  return { jsonSpansPerS: (jsonBodies.length * 3 * SPANS) / jsonS, protoSpansPerS: (protoBodies.length * 3 * SPANS) / protoS };
}

async function probeFreshness(base, probeState) {
  probeState.sent += 1;
  const now = Date.now();
  const traceId = (BigInt(now) * 1000n + BigInt(probeState.sent)).toString(16).padStart(32, "0");
  const body = JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: probeState.service } }] },
      scopeSpans: [{ spans: [{ traceId, spanId: traceId.slice(16), kind: 2, startTimeUnixNano: `${now}000000`, endTimeUnixNano: `${now + 5}000000` }] }] }],
  });
  const response = await fetch(`${base}/v1/traces`, { method: "POST", headers: { authorization: INGEST, "content-type": "application/json" }, body });
  if (response.status !== 200) return null;
  const acknowledgedAt = performance.now();
  for (let i = 0; i < 200; i++) {
    const metrics = await (await fetch(`${base}/api/metrics?service=${probeState.service}&window=1h`, { headers: { authorization: READ } })).json();
    if (metrics.total.requests >= probeState.sent) return performance.now() - acknowledgedAt;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

/** Latency of one request at a time (no queueing behind other requests): what a single exporter sees. */
async function unloadedLatency(collector, bodies) {
  const latencies = [];
  for (const body of bodies) {
    const t = performance.now();
    const response = await fetch(`${collector.base}/v1/traces`, { method: "POST", headers: { authorization: INGEST, ...body.headers }, body: body.body });
    await response.arrayBuffer();
    if (response.status === 200) latencies.push(performance.now() - t);
  }
  return { p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
}

async function loadRun(collector, bodies, runIndex) {
  const latencies = [];
  const statuses = {};
  let acceptedSpans = 0;
  let next = 0;
  const freshness = [];
  const probeState = { service: `freshness-probe-${runIndex}`, sent: 0 };
  const cpuOf = () => collector.workerdPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  // The last workerd is the one running the Worker and its Durable Objects; the other is wrangler's dev proxy.
  const runtimePid = collector.workerdPids.at(-1);
  const cpuBefore = cpuOf();
  const runtimeCpuBefore = cpuSeconds(runtimePid);
  const started = performance.now();
  const deadline = started + DURATION_S * 1000;
  const worker = async () => {
    while (performance.now() < deadline && next < bodies.length) {
      const body = bodies[next++];
      const t = performance.now();
      try {
        const response = await fetch(`${collector.base}/v1/traces`, { method: "POST", headers: { authorization: INGEST, ...body.headers }, body: body.body });
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status === 200) acceptedSpans += SPANS;
      } catch (error) {
        statuses.network_error = (statuses.network_error ?? 0) + 1;
      }
    }
  };
  const prober = async () => {
    while (performance.now() < deadline && next < bodies.length) {
      const ms = await probeFreshness(collector.base, probeState);
      if (ms !== null) freshness.push(ms);
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  await Promise.all([...Array.from({ length: CONCURRENCY }, worker), prober()]);
  const elapsedS = (performance.now() - started) / 1000;
  // Work the accepted requests left behind (Analytics Engine writer calls in waitUntil, alarms) belongs to this run's CPU:
  // wait until workerd is idle again (under 2 % of a core over 500 ms, at most 15 s) before reading it.
  for (let waited = 0, last = cpuOf(); waited < 15_000; waited += 500) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuOf();
    if (now - last < 0.01) break;
    last = now;
  }
  const cpuS = cpuOf() - cpuBefore;
  const runtimeCpuS = cpuSeconds(runtimePid) - runtimeCpuBefore;
  return {
    elapsedS,
    requests: latencies.length,
    statuses,
    spansPerS: acceptedSpans / elapsedS,
    workerdCpuS: cpuS,
    cpuSPer100kSpans: (cpuS / acceptedSpans) * 100_000,
    spansPerCoreS: acceptedSpans / cpuS,
    runtimeOnlySpansPerCoreS: acceptedSpans / runtimeCpuS,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    freshnessMedianMs: median(freshness),
    freshnessMaxMs: Math.max(...freshness),
  };
}

const stateDir = `bench/results/state-ingest-${Date.now()}`;
mkdirSync(stateDir, { recursive: true });
console.log(`starting the collector (workerd via wrangler dev, state in ${stateDir}) ...`);
const collector = await startCollector({ stateDir });
const rssStart = collector.workerdPids.reduce((sum, pid) => sum + rssMiB(pid), 0);
const runs = [];
let ceiling;
try {
  for (let run = 0; run < RUNS; run++) {
    process.stdout.write(`run ${run + 1}/${RUNS}: generating ${BODIES} bodies of ${SPANS} spans ... `);
    const bodies = makeBodies(BODIES, run);
    ceiling ??= rawCeiling(bodies);
    process.stdout.write(`loading for ${DURATION_S} s at concurrency ${CONCURRENCY} ... `);
    const result = await loadRun(collector, bodies.slice(0, -UNLOADED), run);
    // Let the loaded phase's deferred work (AE writer calls, alarms) finish first: this measures an idle collector.
    await new Promise((r) => setTimeout(r, 8000));
    result.unloaded = await unloadedLatency(collector, bodies.slice(-UNLOADED));
    runs.push(result);
    console.log(`${Math.round(result.spansPerS)} spans/s, ${Math.round(result.spansPerCoreS)} spans/s per core, statuses ${JSON.stringify(result.statuses)}`);
  }
} finally {
  await collector.stop();
}
const rssEnd = rssMiB;
const summary = {
  date: new Date().toISOString(),
  machine: `${(await import("node:os")).cpus().length} cores, ${Math.round((await import("node:os")).totalmem() / 2 ** 30)} GiB`,
  params: { RUNS, DURATION_S, CONCURRENCY, SPANS, formats: FORMATS, services: SERVICES.length, versions: VERSIONS.length },
  medians: {
    spansPerS: median(runs.map((r) => r.spansPerS)),
    cpuSPer100kSpans: median(runs.map((r) => r.cpuSPer100kSpans)),
    spansPerCoreS: median(runs.map((r) => r.spansPerCoreS)),
    runtimeOnlySpansPerCoreS: median(runs.map((r) => r.runtimeOnlySpansPerCoreS)),
    unloadedP50Ms: median(runs.map((r) => r.unloaded.p50Ms)),
    unloadedP99Ms: median(runs.map((r) => r.unloaded.p99Ms)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    freshnessMedianMs: median(runs.map((r) => r.freshnessMedianMs)),
  },
  ceiling,
  rssStartMiB: rssStart,
  runs,
};
void rssEnd;
const m = summary.medians;
console.log(`
| figure (median of ${RUNS} runs, ${SPANS}-span requests, concurrency ${CONCURRENCY}) | value |
|---|---|
| spans/s accepted | ${Math.round(m.spansPerS)} |
| workerd CPU s per 100k spans | ${m.cpuSPer100kSpans.toFixed(2)} |
| **spans/s per core** (target ≥ 45,000), both workerd processes | **${Math.round(m.spansPerCoreS)}** |
| spans/s per core, the runtime process alone (without wrangler's dev proxy) | ${Math.round(m.runtimeOnlySpansPerCoreS)} |
| request latency p50 / p99, one request at a time (target p99 < 50 ms) | ${m.unloadedP50Ms.toFixed(1)} ms / ${m.unloadedP99Ms.toFixed(1)} ms |
| request latency p50 / p99 at concurrency ${CONCURRENCY} (saturated: queueing in one isolate) | ${m.p50Ms.toFixed(1)} ms / ${m.p99Ms.toFixed(1)} ms |
| freshness, 200 → figure in /api/metrics (target < 2 s) | ${m.freshnessMedianMs.toFixed(0)} ms |
| ceiling: JSON.parse in Node, one core | ${Math.round(ceiling.jsonSpansPerS)} spans/s (collector per core = ${((m.spansPerCoreS / ceiling.jsonSpansPerS) * 100).toFixed(1)}%) |
| ceiling: protobuf decode in Node, one core | ${Math.round(ceiling.protoSpansPerS)} spans/s (collector per core = ${((m.spansPerCoreS / ceiling.protoSpansPerS) * 100).toFixed(1)}%) |
`);
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/ingest-${summary.date.replace(/[:.]/g, "-")}.json`, JSON.stringify(summary, null, 2));
rmSync(stateDir, { recursive: true, force: true });
