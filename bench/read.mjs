// Read-side benchmark: GET /api/metrics over 7 days for a service with 3 versions (minute rows for the last 6 h,
// hour rows before), p50/p95 over repeated queries against the local collector.
import { mkdirSync, rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { postWithRetry, READ } from "./client.mjs";
import { startCollector } from "./local-collector.mjs";
import { sevenDayBodies } from "./otlp-bodies.mjs";

const QUERIES = Number(process.env.QUERIES ?? 200);
const service = "read-bench";
const VERSIONS = ["v1", "v2", "v3"];
const stateDir = `bench/results/state-read-${Date.now()}`;
mkdirSync(stateDir, { recursive: true });
const collector = await startCollector({ stateDir });

try {
  const bodies = sevenDayBodies({ service, versions: VERSIONS, perMinute: 4, nowMs: Date.now() });
  console.log(`seeding ${bodies.length} requests (7 days × ${VERSIONS.length} versions) ...`);
  for (const body of bodies) await postWithRetry(() => collector.base, body);
  const url = `${collector.base}/api/metrics?service=${service}&window=7d`;
  const first = await (await fetch(url, { headers: { authorization: READ } })).json();
  const latencies = [];
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    const response = await fetch(url, { headers: { authorization: READ } });
    await response.arrayBuffer();
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(`
| GET /api/metrics window=7d, ${VERSIONS.length} versions (${first.total.requests} requests stored; ${QUERIES} queries) | value |
|---|---|
| p50 | ${q(0.5).toFixed(1)} ms |
| **p95** (target < 100 ms) | **${q(0.95).toFixed(1)} ms** |
| versions in the answer | ${first.versions.map((v) => v.version).join(", ")} |`);
} finally {
  await collector.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
