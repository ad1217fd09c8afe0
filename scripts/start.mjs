// `npm start`: the local stack in workerd: collector, local LLM stand-in, eval-engine, prompt-optimizer (one `wrangler
// dev` each, found by each other through a dev registry private to this run), then the traffic generator; prints URLs.
// Ports: PORT (collector, default 8787), PORT+1 prompt-optimizer, PORT+2 eval-engine, PORT+3 local LLM, PORT+4 the local
// Cloudflare API stand-in, PORT+5 the local webhook receiver; inspectors at PORT+10..13. State under PERSIST_DIR (default
// .wrangler/state). TRAFFIC=off skips the traffic generator. The minute cron is driven from here (it never fires locally).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { localRouting } from "./local-routing.mjs";

const port = Number(process.env.PORT ?? 8787);
const persistDir = path.resolve(process.env.PERSIST_DIR ?? ".wrangler/state");
const ports = { collector: port, optimizer: port + 1, evalEngine: port + 2, llm: port + 3, cloudflareApi: port + 4, webhooks: port + 5 };
const url = (p) => `http://127.0.0.1:${p}`;
const base = url(ports.collector);
const children = [];

// wrangler's dev registry is global by default: another `wrangler dev` of a Worker named "edgeslo" on this machine would
// otherwise receive this run's telemetry. A registry of our own keeps the service bindings inside this run.
const registry = path.join(persistDir, "dev-registry");
const env = { ...process.env, WRANGLER_REGISTRY_PATH: registry, WRANGLER_SEND_METRICS: "false" };

function start(name, command, args, options = { essential: true, env: {} }) {
  // Own process group, so stopping takes workerd down with wrangler.
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...env, ...options.env }, detached: true });
  const prefix = (line) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      for (const line of chunk.split("\n")) if (line.trim()) console.log(prefix(line));
    });
  }
  child.on("exit", (code, signal) => {
    console.log(prefix(`exited (${signal ?? code})`));
    if (options.essential) shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode !== null) continue;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
  }
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

async function waitForHealth(target, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(target)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

// Before touching anything of a run that may still be going (its dev registry, its files): are our ports free?
for (const [name, p] of Object.entries(ports)) {
  const answers = await fetch(`${url(p)}/health`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
  if (answers) {
    console.error(`something already answers on ${url(p)} (${name}): stop it, or start on other ports, e.g. PORT=8800 npm start`);
    process.exit(1);
  }
}
rmSync(registry, { recursive: true, force: true });
mkdirSync(registry, { recursive: true });

const devArgs = (config, p, inspector) => [
  "dev", "--config", config, "--ip", "127.0.0.1", "--port", String(p), "--inspector-port", String(inspector),
  "--persist-to", persistDir, "--show-interactive-dev-session=false",
];


// Alerting and rollback against the local stand-ins: a signed webhook to the receiver, rollbacks of prompt-optimizer
// through the Cloudflare-API-shaped server. Development values only.
const LOCAL = {
  webhookSecret: "whsec_ZWRnZXNsby1sb2NhbC13ZWJob29rLXNlY3JldA==",
  cfApiToken: "local-cf-token",
  accountId: "local-account",
  optimizerScript: "edgeslo-prompt-optimizer",
};
const alertingVars = path.join(persistDir, "alerting.vars");
mkdirSync(persistDir, { recursive: true });
writeFileSync(alertingVars, Object.entries({
  ALERT_TARGETS_JSON: JSON.stringify([{ id: "local-webhook", kind: "webhook", url: `${url(ports.webhooks)}/webhook`, secret: LOCAL.webhookSecret }]),
  ROLLBACK_JSON: JSON.stringify({ dryRun: false, cooldownMinutes: 30, services: { "prompt-optimizer": { script: LOCAL.optimizerScript } } }),
  ROLLBACK_ACCOUNT_ID: LOCAL.accountId,
  ROLLBACK_API_TOKEN: LOCAL.cfApiToken,
  CF_API_BASE_URL: `${url(ports.cloudflareApi)}/client/v4`,
}).map(([k, v]) => `${k}='${v}'`).join("\n") + "\n");
// What `npm run demo:deploy` needs to find this run's processes.
writeFileSync(path.join(persistDir, "local-stack.json"), JSON.stringify({ ports, registry, persistDir, local: LOCAL }, null, 2));

start("cloudflare-api", process.execPath, ["workers/local-cloudflare-api/server.mjs"], { essential: true, env: { PORT: String(ports.cloudflareApi), CF_API_TOKEN: LOCAL.cfApiToken } });
start("webhooks", process.execPath, ["workers/local-webhook-receiver/server.mjs"], { essential: true, env: { PORT: String(ports.webhooks), WEBHOOK_SECRET: LOCAL.webhookSecret } });
start("collector", "wrangler", [...devArgs("wrangler.toml", ports.collector, port + 10), "--env-file", "dev.vars.example", "--env-file", alertingVars]);
if (!(await waitForHealth(`${base}/health`, 60_000))) {
  console.error(`collector did not answer ${base}/health within 60 s`);
  shutdown(1);
} else {
  start("local-llm", "wrangler", devArgs("workers/local-llm/wrangler.toml", ports.llm, port + 13));
  // `--var` replaces what an env file would give, so the development secrets travel as --var too.
  const devVars = readFileSync("workers/dev.vars.example", "utf8").split("\n").filter((line) => /^[A-Z_]+=/.test(line));
  const serviceArgs = [...devVars.flatMap((line) => ["--var", line.replace("=", ":")]), "--var", `LLM_ROUTING:${localRouting(url(ports.llm))}`];
  start("eval-engine", "wrangler", [...devArgs("workers/eval-engine/wrangler.toml", ports.evalEngine, port + 12), ...serviceArgs]);
  start("prompt-optimizer", "wrangler", [...devArgs("workers/prompt-optimizer/wrangler.toml", ports.optimizer, port + 11), ...serviceArgs]);
  const up = await Promise.all([ports.llm, ports.evalEngine, ports.optimizer].map((p) => waitForHealth(`${url(p)}/health`, 60_000)));
  if (up.includes(false)) {
    console.error("a Worker did not answer /health within 60 s");
    shutdown(1);
  } else {
    console.log(`
edgeslo is running locally (workerd, state in ${path.relative(process.cwd(), persistDir) || "."})
  dashboard:              ${base}/          sign in with the read key edgeslo-demo-read
  collector (OTLP/HTTP):  ${base}/v1/traces          Authorization: Bearer edgeslo-demo-ingest
  Langfuse ingestion:     ${base}/api/public/ingestion   publicKey pk-lf-demo, secretKey edgeslo-demo-ingest
  read API:               ${base}/api/services       Authorization: Bearer edgeslo-demo-read
                          ${base}/api/metrics?service=prompt-optimizer&window=15m
  prompt-optimizer:       ${url(ports.optimizer)}/optimize   POST {"prompt": "..."}
  eval-engine:            ${url(ports.evalEngine)}/evaluate   POST {"prompt": "...", "response": "..."}
  local LLM stand-in:     ${url(ports.llm)}/v1/chat/completions   (admin: POST ${url(ports.llm)}/admin/phase)
  local Cloudflare API:   ${url(ports.cloudflareApi)}/client/v4   (calls: ${url(ports.cloudflareApi)}/__local/calls)
  webhook receiver:       ${url(ports.webhooks)}/webhook   (received: ${url(ports.webhooks)}/__local/received)
  deploy a bad version:   npm run demo:deploy   (pages, signs a webhook, rolls back)
  send demo data:         scripts/demo-send.sh ${base}
Press Ctrl+C to stop.`);
    // The minute cron: SLO evaluation, alerts, rollbacks.
    setInterval(() => fetch(`${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {}), 60_000).unref();
    void registerOptimizerDeployment();
    if (process.env.TRAFFIC !== "off") {
      start("traffic", process.execPath, ["scripts/traffic.mjs"], {
        essential: false,
        env: { OPTIMIZER_URL: url(ports.optimizer), EVAL_URL: url(ports.evalEngine), LLM_URL: url(ports.llm), DURATION_S: "0" },
      });
    }
  }
}

/**
 * The local Cloudflare API learns prompt-optimizer's running version (its version_metadata id, random per wrangler dev
 * run, first seen in its telemetry) as the deployment serving 100%: what a rollback goes back to.
 */
async function registerOptimizerDeployment() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !stopping) {
    try {
      const { services } = await (await fetch(`${base}/api/services`, { headers: { authorization: "Bearer edgeslo-demo-read" } })).json();
      const version = services.find((s) => s.service === "prompt-optimizer")?.versions.sort((a, b) => b.lastSeenMs - a.lastSeenMs)[0]?.version;
      if (version) {
        await fetch(`${url(ports.cloudflareApi)}/__local/seed`, {
          method: "POST",
          body: JSON.stringify({ script: LOCAL.optimizerScript, versions: [{ id: version }], deployments: [{ versions: [{ versionId: version, percentage: 100 }] }] }),
        });
        console.log(`[cloudflare-api] ${LOCAL.optimizerScript} serves version ${version} at 100%`);
        return;
      }
    } catch {
      // the collector or the stand-in is not answering yet
    }
    await new Promise((r) => setTimeout(r, 5_000));
  }
}
