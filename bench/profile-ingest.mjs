// Takes a CPU profile of the collector's isolate (Chrome DevTools Protocol via wrangler's inspector) under ingest load
// and prints the functions with the most self time. For finding where ingest CPU goes; not part of CI.
import { startCollector } from "./local-collector.mjs";
import { encodeBody, exportJson } from "./otlp-bodies.mjs";

const FORMAT = process.env.FORMAT ?? "proto";
const REQUESTS = Number(process.env.REQUESTS ?? 60);
const inspectorPort = 9331;
const collector = await startCollector({ stateDir: `bench/results/state-profile-${Date.now()}`, extraArgs: ["--inspector-port", String(inspectorPort)] });
try {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const target = targets.find((t) => !/proxy/i.test(t.title ?? "")) ?? targets[0];
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((r) => ws.addEventListener("open", r, { once: true }));
  let id = 0;
  const pending = new Map();
  ws.addEventListener("message", (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && pending.has(msg.id)) pending.get(msg.id)(msg);
  });
  const send = (method, params = {}) => new Promise((resolve) => { const n = ++id; pending.set(n, resolve); ws.send(JSON.stringify({ id: n, method, params })); });
  const bodies = Array.from({ length: REQUESTS }, (_, i) => encodeBody(exportJson({ service: `p-${i % 10}`, version: "v1", count: 1000, nowMs: Date.now(), seq: i }), FORMAT));
  // warm up
  for (const b of bodies.slice(0, 10)) await (await fetch(`${collector.base}/v1/traces`, { method: "POST", headers: { authorization: "Bearer edgeslo-demo-ingest", ...b.headers }, body: b.body })).arrayBuffer();
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  for (const b of bodies.slice(10)) await (await fetch(`${collector.base}/v1/traces`, { method: "POST", headers: { authorization: "Bearer edgeslo-demo-ingest", ...b.headers }, body: b.body })).arrayBuffer();
  const { result } = await send("Profiler.stop");
  const { nodes, samples, timeDeltas } = result.profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map();
  samples.forEach((s, i) => {
    const n = byId.get(s);
    const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${FORMAT}: ${((total / 1000) / (REQUESTS - 10)).toFixed(1)} ms sampled per 1000-span request`);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  ws.close();
} finally {
  await collector.stop();
}
