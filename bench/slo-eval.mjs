// SLO evaluation benchmark (npm run bench:slo): 1,000 SLOs (100 services × 10 SLOs, two versions each).
// Part 1, pure evaluation in Node: slo/evaluate.ts bundled with esbuild, fed realistic window answers (≈150-bin
//   sketches for the canary window); this is the work the cron invocation itself does besides its RPC calls.
// Part 2, the whole minute cron in workerd (wrangler dev on :8910): 100 rollup shards seeded through OTLP ingest with
//   28 days of hour rows and 6 hours of minute rows, then the cron triggered repeatedly; CPU of the workerd processes
//   from /proc (cron handler + 100 shard reads + 100 AlertBook calls, all in one local process: an upper bound).
import { build } from "esbuild";
import { mkdirSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { postWithRetry } from "./client.mjs";
import { cpuSeconds, workerdPids } from "./local-collector.mjs";
import { PORTS, startCollector, writeEnvFile } from "../scripts/local-stack.mjs";

const SERVICES = Number(process.env.SERVICES ?? 100);
const RUNS = Number(process.env.RUNS ?? 5);
const SKIP_WORKERD = process.env.SKIP_WORKERD === "1";
const MIN = 60_000;
const HOUR = 60 * MIN;
const outDir = `bench/results/slo-eval-${Date.now()}`;
mkdirSync(outDir, { recursive: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Ten SLOs per service, mixing indicators, objectives and periods (7, 28 and 30 days). */
function sloYaml(services) {
  const lines = ["apiVersion: edgeslo/v1", "defaults: { project: demo }", "slos:"];
  for (let s = 0; s < services; s++) {
    const svc = `bench-svc-${s}`;
    const add = (name, indicator, extra = "") => lines.push(`  - { name: ${svc}-${name}, service: ${svc}, indicator: ${indicator}${extra} }`);
    add("errors", "{ kind: error-rate }", ", objective: 99%");
    add("errors-999", "{ kind: error-rate }", ", objective: 99.9%, window: 30d");
    add("errors-7d", "{ kind: error-rate }", ", objective: 99.5%, window: 7d");
    add("p95", "{ kind: latency-quantile, quantile: p95, thresholdMs: 100 }");
    add("p99", "{ kind: latency-quantile, quantile: p99, thresholdMs: 200 }");
    add("p95-30d", "{ kind: latency-quantile, quantile: p95, thresholdMs: 150 }", ", window: 30d");
    add("under-250", "{ kind: latency-below, thresholdMs: 250 }", ", objective: 99%");
    add("cache", "{ kind: cache-hit-rate }", ", objective: 90%");
    add("cache-7d", "{ kind: cache-hit-rate }", ", objective: 80%, window: 7d");
    add("cost", "{ kind: cost-per-request, maxCostUsd: 0.05 }");
  }
  return lines.join("\n") + "\n";
}

// ---------- Part 1: pure evaluation in Node ----------
async function pureEvaluation() {
  const entry = `${outDir}/pure-entry.ts`;
  const { writeFileSync } = await import("node:fs");
  writeFileSync(entry, [
    'export { evaluateService, planReads, toAlertObservations } from "../../../slo/evaluate";',
    'export { loadSloFiles } from "../../../slo/spec/load";',
    'export { createLatencySketch, serialiseSketch } from "../../../collector/sketch";',
  ].join("\n"));
  const bundle = `${outDir}/pure.mjs`;
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "error", loader: { ".yaml": "text" }, external: ["yaml", "zod", "@datadog/sketches-js"] });
  const m = await import(pathToFileURL(bundle).href);
  const slos = m.loadSloFiles([{ name: "bench.yaml", text: sloYaml(SERVICES) }], { defaultProject: null });
  const nowMs = Date.now();
  const plans = m.planReads(slos, nowMs);
  // A realistic 60-minute canary sketch: latencies 5 ms–3 s, ≈150 occupied bins.
  const sketch = () => {
    const s = m.createLatencySketch();
    for (let i = 0; i < 3000; i++) s.accept(5 * Math.exp((i % 600) / 100));
    return m.serialiseSketch(s);
  };
  const counts = (requests, q) => ({
    requests, errors: Math.round(requests * 0.004), cacheHits: Math.round(requests * 0.9), cacheMisses: Math.round(requests * 0.1), cacheBypasses: 0,
    usageEvents: requests, costUsd: requests * 0.01, latencySumMs: requests * 60,
    latencyAtOrBelow: q.latencyThresholdsMs.map((t) => Math.round(requests * Math.min(1, t / 160))), latencyQuantilesMs: q.quantiles.map((x) => 40 + x * 100),
  });
  const answers = plans.map((plan) => ({
    toMs: nowMs,
    windows: plan.query.windowsMs.map((windowMs) => {
      const requests = Math.round((windowMs / MIN) * 50);
      return {
        windowMs, fromMs: nowMs - windowMs, total: counts(requests, plan.query),
        versions: [
          { version: "v1", firstBucketMs: nowMs - 28 * 24 * HOUR, lastBucketMs: nowMs, ...counts(Math.round(requests * 0.9), plan.query) },
          { version: "v2", firstBucketMs: nowMs - 2 * HOUR, lastBucketMs: nowMs, ...counts(Math.round(requests * 0.1), plan.query) },
        ],
      };
    }),
    sketches: [{ version: "v1", sketch: sketch() }, { version: "v2", sketch: sketch() }],
  }));
  const cpuMs = [];
  let observations = 0;
  for (let run = 0; run < RUNS + 1; run++) {
    // Each run decodes its answers as the RPC boundary hands them over (structured clone of the same data).
    const input = structuredClone(answers);
    const before = process.cpuUsage();
    observations = 0;
    for (let i = 0; i < plans.length; i++) observations += m.toAlertObservations(m.evaluateService(plans[i], input[i])).length;
    const used = process.cpuUsage(before);
    if (run > 0) cpuMs.push((used.user + used.system) / 1000); // run 0 warms the JIT
  }
  return { slos: slos.length, services: plans.length, observations, cpuMs: median(cpuMs), runs: cpuMs };
}

// ---------- Part 2: the cron in workerd ----------
const INGEST = "Bearer edgeslo-demo-ingest";
let serial = 0;
function otlp(service, version, spans) {
  return JSON.stringify({ resourceSpans: [{
    resource: { attributes: [{ key: "service.name", value: { stringValue: service } }, { key: "service.version", value: { stringValue: version } }] },
    scopeSpans: [{ spans: spans.map(([startMs, durationMs, error, hit]) => {
      serial += 1;
      const id = serial.toString(16);
      return {
        traceId: id.padStart(32, "0"), spanId: id.padStart(16, "0"), kind: 2, name: "POST /optimize",
        startTimeUnixNano: `${startMs}000000`, endTimeUnixNano: `${startMs + durationMs}000000`,
        attributes: [
          { key: "http.response.status_code", value: { intValue: error ? 500 : 200 } },
          { key: "edgeslo.cache.result", value: { stringValue: hit ? "hit" : "miss" } },
          { key: "gen_ai.usage.cost", value: { doubleValue: 0.012 } },
        ],
      };
    }) }],
  }] });
}

/** Per service: 28 days of hour rows (stable version) and 6 hours of minute rows (stable + a canary for the last 2 h). */
function seedBodies(service, nowMs) {
  const spans = { v1: [], v2: [] };
  let k = 0;
  const latency = () => Math.round(5 * Math.exp(((k * 7919) % 600) / 100)); // 5 ms – 2 s, log-spread
  for (let h = 7; h < 28 * 24; h++) for (let i = 0; i < 8; i++, k++) spans.v1.push([nowMs - h * HOUR + i * 7 * MIN, latency(), k % 250 === 0, k % 10 !== 0]);
  for (let m = 1; m < 6 * 60; m++) {
    for (let i = 0; i < 4; i++, k++) spans.v1.push([nowMs - m * MIN + i * 15_000, latency(), k % 250 === 0, k % 10 !== 0]);
    if (m < 120) for (let i = 0; i < 2; i++, k++) spans.v2.push([nowMs - m * MIN + i * 20_000, latency(), k % 100 === 0, k % 10 !== 0]);
  }
  const bodies = [];
  for (const version of ["v1", "v2"]) for (let i = 0; i < spans[version].length; i += 1000) bodies.push(otlp(service, version, spans[version].slice(i, i + 1000)));
  return bodies;
}

async function workerdCron() {
  const stateDir = `${outDir}/state`;
  const envFile = `${outDir}/bench.vars`;
  const { parse } = await import("yaml");
  writeEnvFile(envFile, { SLO_YAML: JSON.stringify(parse(sloYaml(SERVICES))), ALERT_TARGETS_JSON: "[]" });
  const collector = await startCollector({ stateDir, envFile, log: process.env.LOG === "1" });
  try {
    // The workerd processes now (wrangler restarts the runtime if a source file changes; a restart fails the run below).
    const cpu = () => workerdPids(collector.child.pid).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const pidsAtStart = workerdPids(collector.child.pid).join(",");
    const nowMs = Date.now();
    let spans = 0;
    const seedStart = Date.now();
    const queue = [];
    for (let s = 0; s < SERVICES; s++) queue.push(...seedBodies(`bench-svc-${s}`, nowMs));
    let next = 0;
    await Promise.all(Array.from({ length: 2 }, async () => {
      while (next < queue.length) {
        // Retries 429/503 and dropped connections (dedupe makes a retry harmless), as an OTLP exporter would.
        await postWithRetry(() => collector.base, JSON.parse(queue[next++]));
      }
    }));
    for (const body of queue) spans += (body.match(/"spanId"/g) ?? []).length;
    console.log(`seeded ${spans} spans into ${SERVICES} shards in ${((Date.now() - seedStart) / 1000).toFixed(0)} s`);
    await new Promise((r) => setTimeout(r, 3000)); // let deferred AE writes finish so they do not count
    const runs = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const before = cpu();
      const t = performance.now();
      const response = await fetch(`${collector.base}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`);
      if (!response.ok) throw new Error(`cron answered ${response.status}: ${await response.text()}`);
      const wallMs = performance.now() - t;
      await new Promise((r) => setTimeout(r, 500));
      const cpuMs = (cpu() - before) * 1000;
      if (workerdPids(collector.child.pid).join(",") !== pidsAtStart) throw new Error("the workerd runtime restarted during the measurement (a source file changed?)");
      if (run > 0) runs.push({ cpuMs, wallMs }); // run 0: cold isolates, first reads
    }
    const slos = await (await fetch(`${collector.base}/api/slos?service=bench-svc-0`, { headers: { authorization: "Bearer edgeslo-demo-read" } })).json();
    return { spans, cpuMs: median(runs.map((r) => r.cpuMs)), wallMs: median(runs.map((r) => r.wallMs)), runs, sampleStatus: slos.slos.map((s) => `${s.name.replace("bench-svc-0-", "")}=${s.status}`).join(" ") };
  } catch (error) {
    console.error(`collector output (tail):\n${collector.output().slice(-4000)}`);
    throw error;
  } finally {
    await collector.stop();
  }
}

try {
  const pure = await pureEvaluation();
  console.log(`pure evaluation: ${pure.slos} SLOs over ${pure.services} services, ${pure.observations} alert observations: ${pure.cpuMs.toFixed(1)} ms CPU (median of ${RUNS}: ${pure.runs.map((x) => x.toFixed(1)).join(", ")})`);
  const cron = SKIP_WORKERD ? null : await workerdCron();
  if (cron) console.log(`workerd cron: ${cron.cpuMs.toFixed(0)} ms CPU, ${cron.wallMs.toFixed(0)} ms wall (median of ${RUNS}; runs ${cron.runs.map((r) => `${r.cpuMs.toFixed(0)}/${r.wallMs.toFixed(0)}`).join(", ")} ms cpu/wall)\n  bench-svc-0: ${cron.sampleStatus}`);
  console.log(`
| \`npm run bench:slo\` (${new Date().toISOString().slice(0, 10)}, 2 cores, Node ${process.version}) | value | limit |
|---|---|---|
| pure evaluation of ${pure.slos} SLOs (${pure.services} services × 10, 2 versions), Node, median of ${RUNS} | ${pure.cpuMs.toFixed(0)} ms CPU | |
${cron ? `| whole minute cron in workerd (${pure.services} shard reads over ${cron.spans.toLocaleString("en")} seeded spans + ${pure.services} AlertBook calls), median of ${RUNS} | ${cron.cpuMs.toFixed(0)} ms CPU, ${cron.wallMs.toFixed(0)} ms wall | 30,000 ms CPU (cron default) |` : ""}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
