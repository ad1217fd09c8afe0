// `npm run bench:overhead`: what telemetry costs a request. The same prompt-optimizer Worker runs twice under
// `wrangler dev` (TELEMETRY=on: otel-cf-workers + Langfuse exporting to a local sink over HTTP; TELEMETRY=off: no
// instrument() at all), both against the same local LLM stand-in at zero latency. Requests alternate between the two
// (same load, same moment, order swapped every iteration), one at a time over loopback. Scenarios: a memory-cache hit
// (cheapest path: overhead most visible) and a miss (LLM call, KV and R2 writes). Medians over RUNS runs.
// Then the router's decision time in plain Node. Ports 8850-8866. Env: RUNS (3), REQUESTS (300 per Worker per scenario),
// LANGFUSE=off (OTLP only), SCENARIO=miss (skip the hit scenario).
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { cpuSeconds, workerdPids } from "./local-collector.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.RUNS ?? 3);
const REQUESTS = Number(process.env.REQUESTS ?? 300);
const WARMUP = 50;
const PORTS = { on: 8851, off: 8852, llm: 8853, sink: 8854 };
const work = mkdtempSync(path.join(os.tmpdir(), "edgeslo-overhead-"));
const children = [];
const workerProcess = {};

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** Where the instrumented Worker exports: counts OTLP and Langfuse posts and answers like the collector. */
function startSink() {
  const received = { otlp: 0, langfuse: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        received.otlp += 1;
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } else {
        received.langfuse += 1;
        const batch = JSON.parse(Buffer.concat(chunks).toString() || "{}").batch ?? [];
        res.writeHead(207, { "content-type": "application/json" }).end(JSON.stringify({ successes: batch.map((b) => ({ id: b.id, status: 201 })), errors: [] }));
      }
    });
  });
  return new Promise((resolve) => server.listen(PORTS.sink, "127.0.0.1", () => resolve({ server, received })));
}

function wrangler(name, args) {
  const registry = path.join(work, "registry");
  mkdirSync(registry, { recursive: true });
  const child = spawn(process.execPath, [path.join(root, "node_modules/wrangler/bin/wrangler.js"), ...args], {
    cwd: root,
    env: { ...process.env, WRANGLER_REGISTRY_PATH: registry, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-2000)));
  child.on("exit", (code) => {
    if (!stopping) console.error(`${name} exited (${code}): ${stderr}`);
  });
  children.push(child);
  workerProcess[name] = child;
}

let stopping = false;
function stopAll() {
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}
process.on("SIGINT", () => {
  stopAll();
  process.exit(130);
});

async function waitFor(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

function routing() {
  const llm = `http://127.0.0.1:${PORTS.llm}`;
  const p = (name, quality) => ({ name, baseUrl: `${llm}/p/${name}/v1`, model: `${name}-m`, regions: ["us"], inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, quality, timeoutMs: 5000, expectedLatencyMs: 100 });
  return JSON.stringify({ defaultRegion: "us", providers: [p("swift", 0.7), p("premium", 0.9), p("budget", 0.5)] });
}

function startWorkers() {
  const dev = (config, port, inspector, state) => ["dev", "--config", config, "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector), "--persist-to", path.join(work, state), "--show-interactive-dev-session=false", "--log-level", "error"];
  const zero = JSON.stringify(Object.fromEntries(["default", "swift", "premium", "budget"].map((n) => [n, { medianMs: 0, p95Ms: 0, errorRate: 0 }])));
  wrangler("local-llm", [...dev("workers/local-llm/wrangler.toml", PORTS.llm, 8863, "llm"), "--var", `LLM_PROFILES:${zero}`]);
  const langfuse = process.env.LANGFUSE === "off" ? [] : ["--var", "LANGFUSE_PUBLIC_KEY:pk-lf-bench", "--var", "LANGFUSE_SECRET_KEY:bench"];
  const common = ["--var", `LLM_ROUTING:${routing()}`, "--var", "INGEST_KEY:bench", ...langfuse];
  wrangler("optimizer-on", [...dev("workers/prompt-optimizer/wrangler.toml", PORTS.on, 8861, "on"), ...common, "--var", "TELEMETRY:on", "--var", `COLLECTOR_URL:http://127.0.0.1:${PORTS.sink}`]);
  wrangler("optimizer-off", [...dev("workers/prompt-optimizer/wrangler.toml", PORTS.off, 8862, "off"), ...common, "--var", "TELEMETRY:off"]);
}

async function timedPost(port, body) {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/optimize`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const json = await response.json();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${port} answered ${response.status}: ${JSON.stringify(json)}`);
  return { ms, cache: json.cache.result };
}

/** CPU seconds of a Worker's workerd processes (runtime + dev proxy): the export work in waitUntil included. */
function workerCpu(which) {
  return workerdPids(workerProcess[`optimizer-${which}`].pid).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

async function scenario(name, bodyFor) {
  const samples = { on: [], off: [] };
  let cpuStart = null;
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    if (i === WARMUP) cpuStart = { on: workerCpu("on"), off: workerCpu("off") };
    const order = i % 2 === 0 ? ["on", "off"] : ["off", "on"];
    for (const which of order) {
      const { ms, cache } = await timedPost(PORTS[which], bodyFor(i, which));
      if (i >= WARMUP) samples[which].push({ ms, cache });
    }
  }
  await new Promise((r) => setTimeout(r, 500)); // the last exports
  const cpuMsPerRequest = (which) => ((workerCpu(which) - cpuStart[which]) * 1000) / REQUESTS;
  const stats = (list, which) => {
    const sorted = list.map((s) => s.ms).sort((a, b) => a - b);
    return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), hits: list.filter((s) => s.cache === "hit").length, cpuMs: cpuMsPerRequest(which) };
  };
  return { name, on: stats(samples.on, "on"), off: stats(samples.off, "off") };
}

async function routerBench() {
  const bundle = await build({
    stdin: {
      contents: `export { rankProviders } from "./workers/shared/router.ts"; export { LatencyTracker } from "./workers/shared/latency-tracker.ts"; export { providerSchema } from "./workers/shared/provider-config.ts";`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
  });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`);
  const results = {};
  for (const count of [3, 10]) {
    const providers = Array.from({ length: count }, (_, i) =>
      mod.providerSchema.parse({ name: `p${i}`, baseUrl: `https://p${i}.test/v1`, model: "m", regions: ["us"], inputUsdPerMTok: 0.1 + i, outputUsdPerMTok: 0.4 + i, quality: 0.5 + i / 40, expectedLatencyMs: 100 + 10 * i }),
    );
    const tracker = new mod.LatencyTracker();
    for (const p of providers) tracker.record(p.name, 80 + Math.random() * 100, p.expectedLatencyMs, Date.now());
    const decide = () => mod.rankProviders(providers, (p) => tracker.latencyMs(p.name, p.expectedLatencyMs, Date.now()));
    for (let i = 0; i < 20_000; i++) decide(); // JIT warm-up
    const perDecisionUs = [];
    for (let batch = 0; batch < 200; batch++) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < 1000; i++) decide();
      perDecisionUs.push(Number(process.hrtime.bigint() - started) / 1000 / 1000);
    }
    perDecisionUs.sort((a, b) => a - b);
    results[`${count} providers`] = { p50Us: quantile(perDecisionUs, 0.5), p99Us: quantile(perDecisionUs, 0.99) };
  }
  return results;
}

const report = { loadAverageAtStart: os.loadavg(), date: new Date().toISOString(), machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`, runs: [], router: null };
const sink = await startSink();
try {
  startWorkers();
  await Promise.all([PORTS.llm, PORTS.on, PORTS.off].map((p) => waitFor(`http://127.0.0.1:${p}/health`)));
  const hitPrompt = JSON.stringify({ prompt: "write a haiku about the sea" });
  for (let run = 0; run < RUNS; run++) {
    const hit = process.env.SCENARIO === "miss" ? null : await scenario("memory-cache hit", () => hitPrompt);
    const miss = await scenario("miss (LLM call at 0 ms, KV + R2 writes)", (i, which) => JSON.stringify({ prompt: `plan ${run}-${i}-${which} ${Math.random()}` }));
    report.runs.push([hit, miss].filter(Boolean));
    for (const s of [hit, miss].filter(Boolean)) {
      console.log(`run ${run + 1} ${s.name}: p50 on/off ${s.on.p50.toFixed(2)}/${s.off.p50.toFixed(2)} ms, p95 on/off ${s.on.p95.toFixed(2)}/${s.off.p95.toFixed(2)} ms, workerd CPU on/off ${s.on.cpuMs.toFixed(2)}/${s.off.cpuMs.toFixed(2)} ms/request`);
    }
  }
  // Let the last exports land, then count them: telemetry really ran in the "on" Worker.
  await new Promise((r) => setTimeout(r, 2000));
  report.exports = { ...sink.received };
  report.router = await routerBench();
} finally {
  stopAll();
  sink.server.close();
}

report.summary = report.runs[0].map((_, index) => {
  const pick = (which, q) => median(report.runs.map((r) => r[index][which][q]));
  const on = { p50: pick("on", "p50"), p95: pick("on", "p95"), cpuMs: pick("on", "cpuMs") };
  const off = { p50: pick("off", "p50"), p95: pick("off", "p95"), cpuMs: pick("off", "cpuMs") };
  return {
    scenario: report.runs[0][index].name,
    onMs: on,
    offMs: off,
    p50AddedMs: on.p50 - off.p50,
    p50Ratio: on.p50 / off.p50,
    p95Ratio: on.p95 / off.p95,
    p95AddedPercent: (on.p95 / off.p95 - 1) * 100,
  };
});
console.log("\nmedians of", RUNS, "runs,", REQUESTS, "requests per Worker per scenario, one at a time, alternating:");
console.table(report.summary.map((s) => ({
  scenario: s.scenario,
  "p50 off ms": s.offMs.p50.toFixed(2),
  "p50 on ms": s.onMs.p50.toFixed(2),
  "p50 added ms": s.p50AddedMs.toFixed(2),
  "p95 off ms": s.offMs.p95.toFixed(2),
  "p95 on ms": s.onMs.p95.toFixed(2),
  "p95 ratio": s.p95Ratio.toFixed(3),
  "CPU ms/req off": s.offMs.cpuMs.toFixed(2),
  "CPU ms/req on": s.onMs.cpuMs.toFixed(2),
})));
console.log(`load average during the run: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (other processes on this machine add noise)`);
console.log("exports received by the sink:", report.exports);
console.log("router decision time:", report.router);
mkdirSync(path.join(root, "bench/results"), { recursive: true });
const out = path.join(root, "bench/results", `overhead-${Date.now()}.json`);
writeFileSync(out, JSON.stringify(report, null, 2));
console.log(`written to ${path.relative(root, out)}`);
rmSync(work, { recursive: true, force: true });
process.exit(0);
