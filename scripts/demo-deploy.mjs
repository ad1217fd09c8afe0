// `npm run demo:deploy` (beside a running `npm start`): deploys a new prompt-optimizer version next to the stable one,
// turns its LLM provider to erroring, and shows edgeslo paging on that version, signing a webhook to the local receiver
// and rolling it back through the local Cloudflare API. Stops the new version and restores the provider at the end.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { localProvider } from "./local-routing.mjs";

const persistDir = path.resolve(process.env.PERSIST_DIR ?? ".wrangler/state");
let stack;
try {
  stack = JSON.parse(readFileSync(path.join(persistDir, "local-stack.json"), "utf8"));
} catch {
  console.error(`no running local stack found in ${persistDir}: start it first with npm start`);
  process.exit(2);
}
const { ports, registry, local } = stack;
const url = (p) => `http://127.0.0.1:${p}`;
const base = url(ports.collector);
const canaryPort = ports.collector + 6;
const READ = { authorization: "Bearer edgeslo-demo-read" };
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_S ?? 420) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const startedAt = Date.now();
const log = (line) => console.log(`[demo ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${line}`);
const getJson = async (target, headers = {}) => (await fetch(target, { headers })).json();

async function optimizerVersions() {
  const { services } = await getJson(`${base}/api/services`, READ);
  return (services.find((s) => s.service === "prompt-optimizer")?.versions ?? []).sort((a, b) => b.lastSeenMs - a.lastSeenMs);
}

const stable = (await optimizerVersions())[0]?.version;
if (!stable) {
  console.error("prompt-optimizer has reported no version yet: wait for npm start's traffic, then run this again");
  process.exit(2);
}
log(`stable prompt-optimizer version: ${stable}`);

// The new version: another wrangler dev of the same Worker (a new version_metadata id), whose only provider is the
// stand-in's "canary" profile, so turning that profile bad hurts the new version alone.
const devVars = readFileSync("workers/dev.vars.example", "utf8").split("\n").filter((l) => /^[A-Z_]+=/.test(l));
const routing = JSON.stringify({
  defaultRegion: "us", maxAttempts: 1,
  providers: [localProvider(url(ports.llm), { name: "canary", model: "swift-mini-2", regions: ["us", "eu", "apac"], inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, quality: 0.8, timeoutMs: 3000, expectedLatencyMs: 120 })],
});
const canary = spawn("npx", [
  "wrangler", "dev", "--config", "workers/prompt-optimizer/wrangler.toml", "--ip", "127.0.0.1", "--port", String(canaryPort),
  "--inspector-port", String(canaryPort + 10), "--persist-to", path.join(persistDir, "canary"), "--show-interactive-dev-session=false",
  ...devVars.flatMap((l) => ["--var", l.replace("=", ":")]), "--var", `LLM_ROUTING:${routing}`,
], { stdio: ["ignore", "ignore", "ignore"], detached: true, env: { ...process.env, WRANGLER_REGISTRY_PATH: registry } });

let stopped = false;
async function cleanUp() {
  if (stopped) return;
  stopped = true;
  await fetch(`${url(ports.llm)}/admin/phase`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phase: "normal", profile: "canary" }) }).catch(() => {});
  try {
    process.kill(-canary.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
process.on("SIGINT", async () => {
  await cleanUp();
  process.exit(130);
});

const optimize = (n) => fetch(`${url(canaryPort)}/optimize`, {
  method: "POST", headers: { "content-type": "application/json" },
  body: JSON.stringify({ prompt: `Summarise incident report ${startedAt}-${n} for the on-call engineer, in three bullet points.` }),
}).then((r) => r.status, () => 0);

try {
  for (let up = false; !up; await sleep(500)) {
    if (Date.now() - startedAt > 90_000) throw new Error("the new version did not start within 90 s");
    up = await fetch(`${url(canaryPort)}/health`).then((r) => r.ok, () => false);
  }
  let n = 0;
  let version;
  while (!version) {
    await optimize(n++);
    await sleep(1000);
    version = (await optimizerVersions()).find((v) => v.version !== stable)?.version;
    if (Date.now() - startedAt > 150_000) throw new Error("the new version's telemetry did not reach the collector");
  }
  log(`new version ${version} serves at ${url(canaryPort)}; the local Cloudflare API now lists it at 10%, ${stable.slice(0, 8)} at 90%`);
  await fetch(`${url(ports.cloudflareApi)}/__local/seed`, {
    method: "POST",
    body: JSON.stringify({
      script: local.optimizerScript, versions: [{ id: version }, { id: stable }],
      deployments: [{ versions: [{ versionId: version, percentage: 10 }, { versionId: stable, percentage: 90 }] }, { versions: [{ versionId: stable, percentage: 100 }] }],
    }),
  });
  await fetch(`${url(ports.llm)}/admin/phase`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phase: "erroring", profile: "canary" }) });
  log(`its LLM provider (the stand-in's "canary" profile) now errors; sending it traffic and running the minute cron every 20 s`);

  const seen = { paging: null, webhook: null, rollback: null };
  let lastCron = 0;
  while (Date.now() - startedAt < TIMEOUT_MS && !(seen.paging && seen.webhook && seen.rollback)) {
    await Promise.all(Array.from({ length: 5 }, () => optimize(n++)));
    if (Date.now() - lastCron > 20_000) {
      lastCron = Date.now();
      await fetch(`${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {});
      const { slos } = await getJson(`${base}/api/slos?service=prompt-optimizer`, READ);
      for (const slo of slos) {
        const scope = slo.versions.find((v) => v.version === version);
        if (!seen.paging && scope?.status === "paging") {
          const burn = scope.windows.find((w) => w.window === "5m")?.burnRate;
          seen.paging = `${slo.name} pages for ${version.slice(0, 8)} (5m burn rate ${burn?.toFixed(1)}×)`;
          log(seen.paging);
        }
      }
      const { received } = await getJson(`${url(ports.webhooks)}/__local/received`);
      const hook = received.find((r) => r.verified && JSON.stringify(r.body ?? {}).includes(version));
      if (!seen.webhook && hook) log((seen.webhook = `signed webhook ${hook.body?.type} for ${version.slice(0, 8)} verified by the local receiver`));
      const { calls } = await getJson(`${url(ports.cloudflareApi)}/__local/calls`);
      const rollback = calls.find((c) => c.method === "POST" && c.body?.versions?.some((v) => v.version_id === stable && v.percentage === 100));
      if (!seen.rollback && rollback) log((seen.rollback = `rollback: POST ${rollback.path} → ${stable.slice(0, 8)} at 100% (answered ${rollback.status})`));
    }
    await sleep(200);
  }
  const { rollbacks } = await getJson(`${base}/api/rollbacks?service=prompt-optimizer`, READ);
  console.log(`
${seen.paging && seen.webhook && seen.rollback ? "DONE" : "INCOMPLETE"} after ${((Date.now() - startedAt) / 1000).toFixed(0)} s
  page:      ${seen.paging ?? "not seen"}
  webhook:   ${seen.webhook ?? "not seen"}
  rollback:  ${seen.rollback ?? "not seen"}
  GET /api/rollbacks: ${JSON.stringify(rollbacks.find((r) => r.status === "performed") ?? rollbacks[0] ?? null)}
  dashboard: ${base}/#/service/prompt-optimizer   alerts: ${base}/#/alerts`);
  process.exitCode = seen.paging && seen.webhook && seen.rollback ? 0 : 1;
} catch (error) {
  console.error(`demo failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
