// Fault check: far more concurrent exporters than the collector admits. Overload must answer 429/503 with Retry-After
// (not time out), and clients that honour it must get every span in, counted once.
import { mkdirSync, rmSync } from "node:fs";
import { postWithRetry, requestCount, uniqueExport } from "./client.mjs";
import { startCollector } from "./local-collector.mjs";

const CLIENTS = Number(process.env.CLIENTS ?? 96);
const REQUESTS_PER_CLIENT = Number(process.env.REQUESTS_PER_CLIENT ?? 10);
const SPANS = Number(process.env.SPANS ?? 500);
const service = `overload-${Date.now().toString(36)}`;
const stateDir = `bench/results/state-overload-${Date.now()}`;
mkdirSync(stateDir, { recursive: true });
const collector = await startCollector({ stateDir });
const statuses = {};
let slowest = 0;
try {
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let r = 0; r < REQUESTS_PER_CLIENT; r++) {
      const started = Date.now();
      const seen = await postWithRetry(() => collector.base, uniqueExport(service, "v1", client * 1000 + r, SPANS), { maxWaitMs: 1000 });
      slowest = Math.max(slowest, Date.now() - started);
      for (const s of seen) statuses[s] = (statuses[s] ?? 0) + 1;
    }
  }));
  const expected = CLIENTS * REQUESTS_PER_CLIENT * SPANS;
  const counted = await requestCount(collector.base, service);
  console.log(JSON.stringify({ clients: CLIENTS, statuses, slowestRequestIncludingRetriesMs: slowest, spansSent: expected, spansCounted: counted }, null, 2));
  if (!statuses[429] && !statuses[503]) console.log("note: the collector was never overloaded at this concurrency");
  if (counted !== expected) {
    console.error(`FAIL: counted ${counted}, expected ${expected}`);
    process.exitCode = 1;
  } else console.log(`PASS: ${expected} spans from ${CLIENTS} concurrent clients, all in, counted once`);
} finally {
  await collector.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
