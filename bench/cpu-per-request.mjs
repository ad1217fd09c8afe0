// CPU per 1,000-span request, one request at a time, for one or more builds side by side: each request goes to every
// build in turn, so machine noise hits them alike and the difference between builds reads as a ratio. A build is a
// checkout directory (default: this one), typically a clone with one stage removed; see README "Under load and faults".
//   node bench/cpu-per-request.mjs [dir ...]        FORMAT=proto|json|proto-gzip|json-gzip  N=100 (timed requests)
import path from "node:path";
import { rmSync } from "node:fs";
import { cpuSeconds, startCollector } from "./local-collector.mjs";
import { encodeBody, exportJson } from "./otlp-bodies.mjs";

const dirs = (process.argv.length > 2 ? process.argv.slice(2) : ["."]).map((d) => path.resolve(d));
const FORMAT = process.env.FORMAT ?? "proto";
const N = Number(process.env.N ?? 100);
const WARMUP = 20;
/** Longer than deferred work takes (waitUntil writer calls, alarms, queue batches' 1 s timeout), so it lands inside the measurement. */
const SETTLE_MS = 3_000;

const builds = [];
try {
  for (const dir of dirs) {
    process.chdir(dir);
    const stateDir = path.join(dir, `bench/results/state-cpu-${Date.now()}`);
    builds.push({ dir, stateDir, collector: await startCollector({ stateDir }), cpuS: 0, latenciesMs: [] });
  }
  const bodies = Array.from({ length: WARMUP + N }, (_, i) =>
    encodeBody(exportJson({ service: `s${i % 10}`, version: `v${i % 3}`, count: 1000, nowMs: Date.now(), seq: (Math.random() * 1e9) | 0 }), FORMAT),
  );
  const post = async ({ collector }, body) => {
    const started = performance.now();
    const response = await fetch(`${collector.base}/v1/traces`, { method: "POST", headers: { authorization: "Bearer edgeslo-demo-ingest", ...body.headers }, body: body.body });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${response.status} from ${collector.base}`);
    return performance.now() - started;
  };
  const cpuOf = ({ collector }) => collector.workerdPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  for (const body of bodies.slice(0, WARMUP)) for (const build of builds) await post(build, body);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  for (const build of builds) build.cpuS = -cpuOf(build);
  for (const body of bodies.slice(WARMUP)) {
    for (const build of builds) {
      build.latenciesMs.push(await post(build, body));
      await new Promise((r) => setTimeout(r, 30));
    }
  }
  // CPU is read over the whole timed phase plus a settle time, not per request: what a request leaves behind (waitUntil
  // work, alarms, queue batches in builds that have them) often runs during another build's turn, and would escape a window.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  for (const build of builds) build.cpuS += cpuOf(build);
  for (const { dir, cpuS, latenciesMs } of builds) {
    const sorted = latenciesMs.sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
    console.log(`${dir} ${FORMAT}: ${((cpuS / N) * 1000).toFixed(1)} ms CPU per 1,000-span request (both workerd processes); latency p50 ${at(0.5)} ms, p90 ${at(0.9)} ms`);
  }
} finally {
  for (const { collector, stateDir } of builds) {
    await collector.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
