// The SLO engine end to end, against the collector alone (npm run demo:slo): a newly deployed version turns slow and
// erroring, its SLO pages within minutes, a signed webhook is verified by a local receiver, the rollback call reaches the
// local Cloudflare API stand-in, GET /api/slos shows the burn, and after the rollback the alerts resolve.
// The instrumented Workers and the local LLM live on another branch; this script sends the OTLP spans they would send.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { parse } from "yaml";
import { PORTS, startCollector, startStandIns, writeEnvFile } from "./local-stack.mjs";

const SERVICE = "prompt-optimizer";
const STABLE = "4f0c1b7e-2d41-4a8e-9a55-3c1f0e7b9a10";
const CANARY = "b7d2e9a3-6c58-4f1d-8e27-91a4c3d5e6f2";
const WEBHOOK_SECRET = "whsec_ZWRnZXNsby1sb2NhbC1kZW1vLXNlY3JldC0yMDI2";
const CF_TOKEN = "local-cf-token";
const KEYS = { ingest: "Bearer edgeslo-demo-ingest", read: "Bearer edgeslo-demo-read" };
const HEALTHY_PHASE_S = Number(process.env.HEALTHY_PHASE_S ?? 30);
const MAX_BAD_PHASE_S = Number(process.env.MAX_BAD_PHASE_S ?? 360);
const MAX_RESOLVE_S = Number(process.env.MAX_RESOLVE_S ?? 300);
const t0 = Date.now();
const stamp = () => `t+${String(Math.round((Date.now() - t0) / 1000)).padStart(3)}s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const stateDir = `.wrangler/demo-slo-${Date.now()}`;
mkdirSync(stateDir, { recursive: true });
const envFile = `${stateDir}/demo.vars`;
const hooks = `http://127.0.0.1:${PORTS.webhooks}`;
writeEnvFile(envFile, {
  // YAML is a superset of JSON: the demo SLO file travels as one line.
  SLO_YAML: JSON.stringify(parse(readFileSync("slo/demo/slos.demo.yaml", "utf8"))),
  ALERT_TARGETS_JSON: JSON.stringify([
    { id: "ops-webhook", kind: "webhook", url: `${hooks}/webhook`, secret: WEBHOOK_SECRET },
    { id: "slack", kind: "slack", url: `${hooks}/slack/T000/B000/XXXX`, severities: ["page-fast", "page-slow"] },
    { id: "pagerduty", kind: "pagerduty", url: `${hooks}/pagerduty/v2/enqueue`, routingKey: "R0UTINGKEYDEMO", severities: ["page-fast", "page-slow"] },
  ]),
  ROLLBACK_JSON: JSON.stringify({ dryRun: false, cooldownMinutes: 30, services: { [SERVICE]: { script: SERVICE } } }),
  ROLLBACK_ACCOUNT_ID: "demo-account",
  ROLLBACK_API_TOKEN: CF_TOKEN,
  CF_API_BASE_URL: `http://127.0.0.1:${PORTS.cloudflareApi}/client/v4`,
  ALERT_RETRY_BASE_SECONDS: "2",
  CANARY_MIN_SAMPLES: "50",
  CANARY_LIVE_MINUTES: "1",
});

let serial = 0;
/** OTLP/JSON as otel-cf-workers sends it: a SERVER span with the Worker version id from version_metadata. */
function spans(version, count, { atMs, errorEvery = 0, latencyMs }) {
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: "service.name", value: { stringValue: SERVICE } }] },
      scopeSpans: [{ scope: { name: "@microlabs/otel-cf-workers" }, spans: Array.from({ length: count }, (_, i) => {
        serial += 1;
        const id = serial.toString(16);
        const start = atMs(i);
        const error = errorEvery > 0 && serial % errorEvery === 0;
        return {
          traceId: id.padStart(32, "0"), spanId: id.padStart(16, "0"), kind: 2, name: "POST /optimize",
          startTimeUnixNano: `${start}000000`, endTimeUnixNano: `${start + Math.round(latencyMs(i))}000000`,
          attributes: [
            { key: "cf.workers_version_metadata.id", value: { stringValue: version } },
            { key: "http.route", value: { stringValue: "/optimize" } },
            { key: "http.response.status_code", value: { intValue: error ? 500 : 200 } },
            { key: "edgeslo.cache.result", value: { stringValue: serial % 10 === 0 ? "miss" : "hit" } },
          ],
          status: { code: error ? 2 : 0 },
        };
      }) }],
    }],
  };
}

async function post(base, body) {
  const response = await fetch(`${base}/v1/traces`, { method: "POST", headers: { authorization: KEYS.ingest, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
}
const getJson = async (url, auth) => (await fetch(url, auth ? { headers: { authorization: auth } } : {})).json();
const healthy = (i) => 25 + ((i * 37) % 50);
const slow = (i) => 250 + ((i * 53) % 600);

const children = [];
async function stopAll() {
  for (const child of children.reverse()) await child.stop();
}
process.on("SIGINT", async () => {
  await stopAll();
  process.exit(130);
});

try {
  console.log(`${stamp()} starting the local Cloudflare API (:${PORTS.cloudflareApi}) and webhook receiver (:${PORTS.webhooks})`);
  const standIns = await startStandIns({ webhookSecret: WEBHOOK_SECRET, cfApiToken: CF_TOKEN, log: false });
  children.push(standIns.cfApi, standIns.hooks);
  await fetch(`${standIns.cfApiBase}/__local/seed`, {
    method: "POST",
    body: JSON.stringify({
      script: SERVICE,
      versions: [{ id: CANARY, tag: "v2" }, { id: STABLE, tag: "v1" }],
      // The new version was just deployed at 100%; the one before served until now.
      deployments: [{ id: "dep-v2", versions: [{ versionId: CANARY, percentage: 100 }] }, { id: "dep-v1", versions: [{ versionId: STABLE, percentage: 100 }] }],
    }),
  });
  // The receiver fails the first webhook with a 500, to show the queue's retry.
  await fetch(`${standIns.hooksBase}/__local/fail`, { method: "POST", body: JSON.stringify({ status: 500, times: 1, path: "/webhook" }) });

  console.log(`${stamp()} starting the collector with wrangler dev on :${PORTS.collector} (demo SLOs: slo/demo/slos.demo.yaml)`);
  const collector = await startCollector({ stateDir, envFile });
  children.push(collector);
  const base = collector.base;
  const cron = async () => {
    const response = await fetch(`${base}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`);
    if (!response.ok) throw new Error(`cron answered ${response.status}: ${await response.text()}`);
  };

  const now = Date.now();
  for (let m = 45; m > 0; m -= 15) {
    await post(base, spans(STABLE, 300, { atMs: (i) => now - m * 60_000 + i * 3_000, errorEvery: 200, latencyMs: healthy }));
  }
  console.log(`${stamp()} sent 45 minutes of history for the stable version ${STABLE.slice(0, 8)} (0.5% errors, 25-75 ms)`);

  const slosNow = () => getJson(`${base}/api/slos?service=${SERVICE}`, KEYS.read);
  const canaryLine = (slos) => {
    const errors = slos.slos.find((s) => s.name === "prompt-optimizer-errors");
    const v = errors?.versions.find((x) => x.version === CANARY);
    const burn = (w) => v?.windows.find((x) => x.window === w)?.burnRate;
    const fmt = (b) => (b == null ? "n/a" : `${b.toFixed(1)}x`);
    return `canary errors SLO: ${v?.status ?? "no-data"} (burn 1m ${fmt(burn("1m"))}, 5m ${fmt(burn("5m"))})`;
  };

  let tick = 0;
  const sendTick = async (phase) => {
    tick += 1;
    const at = Date.now();
    await post(base, spans(STABLE, 10, { atMs: (i) => at - 5_000 + i * 500, errorEvery: 1000, latencyMs: healthy }));
    if (phase !== "rolled-back") {
      await post(base, spans(CANARY, 10, { atMs: (i) => at - 5_000 + i * 500, errorEvery: phase === "bad" ? 3 : 0, latencyMs: phase === "bad" ? slow : healthy }));
    }
  };

  console.log(`${stamp()} phase 1: both versions healthy for ${HEALTHY_PHASE_S} s (10 requests each per 5 s)`);
  for (const end = Date.now() + HEALTHY_PHASE_S * 1000; Date.now() < end; ) {
    await sendTick("healthy");
    if (tick % 3 === 0) await cron();
    await sleep(5_000);
  }
  await cron();
  console.log(`${stamp()} ${canaryLine(await slosNow())}`);

  console.log(`${stamp()} phase 2: the local LLM turns slow and erroring for the new version ${CANARY.slice(0, 8)} (33% errors, 250-850 ms)`);
  const badStart = Date.now();
  let pagedAt = null;
  let rollbackAt = null;
  for (const end = Date.now() + MAX_BAD_PHASE_S * 1000; Date.now() < end; ) {
    await sendTick("bad");
    if (tick % 3 === 0) {
      await cron();
      const alerts = await getJson(`${base}/api/alerts`, KEYS.read);
      const pages = alerts.alerts.filter((a) => a.severity.startsWith("page") && a.version === CANARY);
      if (!pagedAt && pages.some((a) => a.phase === "firing")) pagedAt = Date.now();
      const { calls } = await getJson(`${standIns.cfApiBase}/__local/calls`);
      if (!rollbackAt && calls.some((c) => c.method === "POST")) rollbackAt = Date.now();
      console.log(`${stamp()} ${canaryLine(await slosNow())}; alerts: ${pages.map((a) => `${a.slo.replace("prompt-optimizer-", "")}/${a.severity}=${a.phase}`).join(", ") || "none"}`);
      if (pagedAt && rollbackAt) break;
    }
    await sleep(5_000);
  }
  const burnView = await slosNow();

  // The rollback took effect: the stand-in now serves the stable version at 100%, so the canary gets no more traffic.
  console.log(`${stamp()} phase 3: traffic only on the stable version (what the rollback deployed); waiting for the alerts to resolve`);
  let resolvedAt = null;
  for (const end = Date.now() + MAX_RESOLVE_S * 1000; Date.now() < end && pagedAt; ) {
    await sendTick("rolled-back");
    if (tick % 3 === 0) {
      await cron();
      const alerts = await getJson(`${base}/api/alerts`, KEYS.read);
      const pages = alerts.alerts.filter((a) => a.severity.startsWith("page") && a.version === CANARY);
      if (pages.length > 0 && pages.every((a) => a.phase === "resolved")) {
        resolvedAt = Date.now();
        break;
      }
    }
    await sleep(5_000);
  }
  await sleep(3_000); // let the last deliveries (resolve notifications) drain

  const alerts = await getJson(`${base}/api/alerts`, KEYS.read);
  const rollbacks = await getJson(`${base}/api/rollbacks`, KEYS.read);
  const { calls } = await getJson(`${standIns.cfApiBase}/__local/calls`);
  const { received } = await getJson(`${standIns.hooksBase}/__local/received`);
  const deployments = calls.filter((c) => c.method === "POST");
  const webhooks = received.filter((r) => r.path === "/webhook");
  const errorsSlo = burnView.slos.find((s) => s.name === "prompt-optimizer-errors");
  const canaryScope = errorsSlo.versions.find((v) => v.version === CANARY);
  const seconds = (ms) => (ms === null ? "never" : `${Math.round((ms - badStart) / 1000)} s after the version turned bad`);

  console.log(`
== SLO demo summary ==
paged:            ${seconds(pagedAt)}
rollback call:    ${seconds(rollbackAt)}; ${deployments.length} POST …/workers/scripts/${SERVICE}/deployments recorded by the local Cloudflare API:
                  ${deployments.map((c) => `${c.status} ${JSON.stringify(c.body.versions)} "${c.body.annotations?.["workers/message"] ?? ""}"`).join("\n                  ")}
rollbacks:        ${rollbacks.rollbacks.filter((r) => r.status !== "skipped").map((r) => `${r.status} ${r.badVersion.slice(0, 8)} → ${r.targetVersionId?.slice(0, 8) ?? "-"} (${r.reason.slice(0, 90)})`).join("\n                  ")}
                  + ${rollbacks.rollbacks.filter((r) => r.status === "skipped").length} skipped (other alerts on the same version, inside the cool-down: ${[...new Set(rollbacks.rollbacks.filter((r) => r.status === "skipped").map((r) => r.reason.split(":")[0]))].join(", ")})
resolved:         ${seconds(resolvedAt)}
alerts:           ${alerts.alerts.map((a) => `${a.slo}/${a.scope.slice(0, 16)}/${a.severity}=${a.phase}`).join("\n                  ")}
webhooks at the receiver (generic JSON, Standard Webhooks signature), ${webhooks.length} posts, first ones:
                  ${webhooks.slice(0, 4).map((r) => `HTTP ${r.answered} verified=${r.verified} ${r.body?.type ?? "(answered 500 on purpose; the queue retried it)"} webhook-id=${r.headers["webhook-id"]}`).join("\n                  ")}
                  signature verified on ${webhooks.filter((r) => r.verified === true).length} of ${webhooks.length} (the other ${webhooks.filter((r) => r.verified !== true).length} answered 500 on purpose before verifying)
slack / pagerduty: ${received.filter((r) => r.path.startsWith("/slack")).length} Slack messages; PagerDuty ${received.filter((r) => r.body?.event_action === "trigger").length} trigger / ${received.filter((r) => r.body?.event_action === "resolve").length} resolve
deliveries:       ${Object.entries(alerts.deliveries.reduce((n, d) => ({ ...n, [`${d.status} after ${d.attempts} attempt(s)`]: (n[`${d.status} after ${d.attempts} attempt(s)`] ?? 0) + 1 }), {})).map(([k, v]) => `${v} ${k}`).join(", ")}
GET /api/slos at the peak, canary scope of prompt-optimizer-errors: status ${canaryScope?.status}, budget remaining ${canaryScope?.budget?.remainingRatio?.toFixed(2)},
                  burn ${canaryScope?.windows.map((w) => `${w.window}=${w.burnRate?.toFixed(1) ?? "n/a"}x`).join(" ")}
canary analysis:  ${burnView.canaries.map((c) => `${c.verdict} (score ${c.score}): ${c.metrics.map((m) => `${m.metric}=${m.verdict}`).join(", ")}`).join("; ") || "none"}
`);
  const ok = pagedAt !== null && deployments.length === 1 && deployments[0].body.versions[0].version_id === STABLE && webhooks.some((r) => r.verified === true);
  console.log(ok ? "DEMO PASSED" : "DEMO FAILED");
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopAll();
  rmSync(stateDir, { recursive: true, force: true });
}
