// Fault check: kill -9 the local collector in the middle of sustained load, restart it on the same persisted state,
// let the client retry what got no answer, and check that every span is counted exactly once.
import { mkdirSync, rmSync } from "node:fs";
import { INGEST, postWithRetry, requestCount, uniqueExport } from "./client.mjs";
import { startCollector } from "./local-collector.mjs";

const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const SPANS = Number(process.env.SPANS ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 6);
const KILL_AFTER_MS = Number(process.env.KILL_AFTER_MS ?? 3000);
const service = `crash-${Date.now().toString(36)}`;
const stateDir = `bench/results/state-crash-${Date.now()}`;
mkdirSync(stateDir, { recursive: true });

let collector = await startCollector({ stateDir });
let base = collector.base;
const outcome = { acknowledgedBeforeKill: 0, unanswered: 0, acknowledgedAfterRestart: 0 };
let killed = false;
let restarted = null;
const started = Date.now();
let next = 0;

// Phase 1: sustained load; the collector is SIGKILLed mid-way. A request either got its 200 or it did not.
const unanswered = [];
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < REQUESTS && !killed) {
    const seq = next++;
    if (Date.now() - started > KILL_AFTER_MS) {
      killed = true;
      console.log(`SIGKILL to the collector after ${outcome.acknowledgedBeforeKill} acknowledged requests, with requests in flight`);
      void collector.stop("SIGKILL");
    }
    try {
      const response = await fetch(`${base}/v1/traces`, { method: "POST", headers: { authorization: INGEST, "content-type": "application/json" }, body: JSON.stringify(uniqueExport(service, "v1", seq, SPANS)) });
      await response.arrayBuffer();
      if (response.status === 200) outcome.acknowledgedBeforeKill += 1;
      else unanswered.push(seq);
    } catch {
      unanswered.push(seq);
    }
  }
}));
outcome.unanswered = unanswered.length;
// Requests never sent before the crash are sent after the restart, after the retries.
for (let seq = next; seq < REQUESTS; seq++) unanswered.unshift(seq);

// Phase 2: restart on the same state; the client's retries (as an OTLP exporter would) re-send what got no 200.
restarted = await startCollector({ stateDir });
base = restarted.base;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (unanswered.length > 0) {
    const seq = unanswered.pop();
    await postWithRetry(() => base, uniqueExport(service, "v1", seq, SPANS));
    outcome.acknowledgedAfterRestart += 1;
  }
}));
const counted = await requestCount(base, service);
await restarted.stop();
rmSync(stateDir, { recursive: true, force: true });

const expected = REQUESTS * SPANS;
console.log(JSON.stringify({ service, ...outcome, spansSent: expected, spansCounted: counted }, null, 2));
if (counted !== expected) {
  console.error(`FAIL: counted ${counted} spans, expected exactly ${expected}`);
  process.exit(1);
}
console.log(`PASS: ${expected} spans counted exactly once across a SIGKILL and restart`);
