// Soak: sustained ingest at a fixed rate (default half the measured maximum) for DURATION_S (default 600 s).
// Reports workerd RSS at start and end, and checks that the figures are exact: every span sent counted once.
import { execSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { postWithRetry, requestCount, uniqueExport } from "./client.mjs";
import { isolateHeapMiB, memoryMiB, rssMiB, startCollector } from "./local-collector.mjs";

const DURATION_S = Number(process.env.DURATION_S ?? 600);
const SPANS_PER_S = Number(process.env.SPANS_PER_S ?? 20_000);
const SPANS = 1000;
const SERVICES = Array.from({ length: 10 }, (_, i) => `soak-${Date.now().toString(36)}-${i}`);
const stateDir = `bench/results/state-soak-${Date.now()}`;
mkdirSync(stateDir, { recursive: true });
// DEDUPE_WINDOW_HOURS bounds the stored dedupe keys (one row per span); a short window shows steady-state memory.
const vars = process.env.DEDUPE_WINDOW_HOURS ? { DEDUPE_WINDOW_HOURS: process.env.DEDUPE_WINDOW_HOURS } : {};
const collector = await startCollector({ stateDir, vars });
// The load goes to the runtime process itself unless SOAK_VIA=proxy: wrangler's dev proxy grows per request whatever
// the Worker does (README "Under load and faults"), and it is not part of the collector.
const VIA_PROXY = process.env.SOAK_VIA === "proxy";
const base = VIA_PROXY ? collector.base : await collector.runtimeBase();
const rss = () => {
  const now = collector.currentWorkerdPids();
  if (now.join() !== collector.workerdPids.join()) {
    throw new Error(`workerd processes changed (${collector.workerdPids} → ${now}): the runtime restarted.\n${collector.output().slice(-3000)}`);
  }
  return now.reduce((sum, pid) => sum + rssMiB(pid), 0);
};
const anonMiB = () => collector.currentWorkerdPids().reduce((sum, pid) => sum + memoryMiB(pid).anon, 0);
/** Anonymous memory per workerd process: the runtime (Worker + Durable Objects + queues) is the last one. */
const anonByProcess = () => collector.currentWorkerdPids().map((pid) => memoryMiB(pid).anon.toFixed(0)).join(" + ");
const samples = [];
/** V8 heap of the collector's isolate (Worker, Durable Objects, queue consumers): what our code can hold on to. */
const heapSamples = [];
const sampleHeap = (atS) =>
  isolateHeapMiB(collector.workerdPids.at(-1)).then((heap) => heap && heapSamples.push({ atS, usedMiB: heap.usedMiB, arrayBuffersMiB: heap.arrayBuffersMiB }));
const pendingHeapSamples = [];
const sent = new Map(SERVICES.map((s) => [s, 0]));
let seq = 0;
let retried = 0;
const started = performance.now();
try {
  // Warm up briefly so the start RSS is the running footprint, not the empty process.
  await postWithRetry(() => base, uniqueExport(SERVICES[0], "v1", seq++, SPANS));
  sent.set(SERVICES[0], sent.get(SERVICES[0]) + SPANS);
  samples.push({ atS: 0, rssMiB: rss(), anonMiB: anonMiB() });
  pendingHeapSamples.push(sampleHeap(0));
  const anonAtStart = anonByProcess();
  const intervalMs = (SPANS / SPANS_PER_S) * 1000;
  const inFlight = new Set();
  let nextAt = performance.now();
  let lastSample = performance.now();
  while (performance.now() - started < DURATION_S * 1000) {
    const service = SERVICES[seq % SERVICES.length];
    const version = `v${(seq % 3) + 1}`;
    const p = postWithRetry(() => base, uniqueExport(service, version, seq++, SPANS)).then((statuses) => {
      if (statuses.length > 1) retried += 1;
      sent.set(service, sent.get(service) + SPANS);
      inFlight.delete(p);
    });
    inFlight.add(p);
    nextAt += intervalMs;
    const wait = nextAt - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (performance.now() - lastSample > 30_000) {
      samples.push({ atS: Math.round((performance.now() - started) / 1000), rssMiB: rss(), anonMiB: anonMiB() });
      pendingHeapSamples.push(sampleHeap(samples.at(-1).atS));
      lastSample = performance.now();
    }
  }
  await Promise.all(inFlight);
  await Promise.all(pendingHeapSamples);
  samples.push({ atS: Math.round((performance.now() - started) / 1000), rssMiB: rss(), anonMiB: anonMiB() });
  const loadElapsedS = (performance.now() - started) / 1000;
  // Idle afterwards: memory that is backlog (queues still draining) or garbage should come back down.
  const idle = [];
  for (let i = 0; i < Number(process.env.IDLE_S ?? 60) / 15; i++) {
    await new Promise((r) => setTimeout(r, 15_000));
    idle.push({ atS: Math.round((performance.now() - started) / 1000), rssMiB: rss(), anonMiB: anonMiB() });
  }
  const stateMiB = Number(execSync(`du -sm ${stateDir}`).toString().split("\t")[0]);
  let exact = true;
  for (const service of SERVICES) {
    const counted = await requestCount(base, service);
    if (counted !== sent.get(service)) {
      exact = false;
      console.error(`${service}: counted ${counted}, sent ${sent.get(service)}`);
    }
  }
  const total = [...sent.values()].reduce((a, b) => a + b, 0);
  const elapsed = loadElapsedS;
  console.log(`
| soak: ${DURATION_S} s at ${SPANS_PER_S} spans/s target, ${VIA_PROXY ? "through wrangler's dev proxy" : "straight to the runtime process"}${vars.DEDUPE_WINDOW_HOURS ? `, DEDUPE_WINDOW_HOURS=${vars.DEDUPE_WINDOW_HOURS}` : ""} | value |
|---|---|
| spans sent and acknowledged | ${total} (${Math.round(total / elapsed)} spans/s achieved; ${retried} requests needed a retry) |
| workerd RSS at start / end | ${samples[0].rssMiB.toFixed(0)} MiB / ${samples.at(-1).rssMiB.toFixed(0)} MiB |
| RSS samples (s: MiB) | ${samples.map((s) => `${s.atS}: ${s.rssMiB.toFixed(0)}`).join(", ")} |
| of which anonymous (heaps; the rest is file-backed) | ${samples.map((s) => `${s.atS}: ${s.anonMiB.toFixed(0)}`).join(", ")} |
| anonymous MiB per process (dev proxy + runtime), start → end | ${anonAtStart} → ${anonByProcess()} |
| V8 heap used by the collector's isolate, and its ArrayBuffers (s: MiB) | ${heapSamples.sort((a, b) => a.atS - b.atS).map((h) => `${h.atS}: ${h.usedMiB.toFixed(0)} + ${h.arrayBuffersMiB.toFixed(0)}`).join(", ") || "inspector did not answer"} |
| idle after the load (s: anonymous MiB) | ${idle.map((s) => `${s.atS}: ${s.anonMiB.toFixed(0)}`).join(", ")} |
| persisted state on disk at the end (SQLite: rollups + dedupe keys) | ${stateMiB} MiB |
| figures exact (every span counted once, per service) | ${exact ? "yes" : "NO"} |`);
  if (!exact) process.exitCode = 1;
} finally {
  await collector.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
