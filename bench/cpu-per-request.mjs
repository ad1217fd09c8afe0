// CPU per 1000-span request, one request at a time after a warm-up, per encoding: the unit cost behind spans/s per core.
// Used (with temporary builds that skip one stage each) to find where ingest CPU goes; see README "Under load".
import { rmSync } from "node:fs";
import { startCollector, cpuSeconds } from "./local-collector.mjs";
import { encodeBody, exportJson } from "./otlp-bodies.mjs";
const stateDir = `bench/results/state-cpu-${Date.now()}`;
const c = await startCollector({ stateDir });
const cpu = () => c.workerdPids.reduce((s, p) => s + cpuSeconds(p), 0);
const main = () => cpuSeconds(c.workerdPids.at(-1));
for (const f of (process.env.FORMATS ?? "proto,json").split(",")) {
  const bodies = Array.from({ length: 80 }, (_, i) => encodeBody(exportJson({ service: `s${i % 10}`, version: "v", count: 1000, nowMs: Date.now(), seq: Math.random() * 1e9 | 0 }), f));
  for (const b of bodies.slice(0, 20)) await (await fetch(`${c.base}/v1/traces`, { method: "POST", headers: { authorization: "Bearer edgeslo-demo-ingest", ...b.headers }, body: b.body })).arrayBuffer();
  const c0 = cpu(), m0 = main();
  for (const b of bodies.slice(20)) await (await fetch(`${c.base}/v1/traces`, { method: "POST", headers: { authorization: "Bearer edgeslo-demo-ingest", ...b.headers }, body: b.body })).arrayBuffer();
  console.log(process.env.LABEL ?? "build", f, "cpu/req", ((cpu() - c0) / 60 * 1000).toFixed(1), "ms", "main", ((main() - m0) / 60 * 1000).toFixed(1), "ms");
}
await c.stop();
rmSync(stateDir, { recursive: true, force: true });
