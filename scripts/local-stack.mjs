// Starts local processes for the SLO demo and benchmark on fixed 89xx ports: the collector (wrangler dev), the local
// Cloudflare API stand-in and the webhook receiver. Each child is in its own process group and stopped by its pid.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";

export const PORTS = { collector: 8910, cloudflareApi: 8911, webhooks: 8912, inspector: 8913 };

async function waitFor(url, timeoutMs, child, output) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${url} did not come up:\n${output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function startProcess(name, command, args, env = {}, { log = false } = {}) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, ...env } });
  let output = "";
  const onData = (d) => {
    output += d;
    if (log) for (const line of String(d).split("\n")) if (line.trim()) console.log(`  [${name}] ${line}`);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return {
    child,
    output: () => output,
    stop() {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
    },
  };
}

/** dotenv file with one single-quoted line per variable (values must not contain single quotes or newlines). */
export function writeEnvFile(path, vars) {
  writeFileSync(path, Object.entries(vars).map(([k, v]) => `${k}='${v}'`).join("\n") + "\n");
}

export async function startCollector({ stateDir, envFile, log = false }) {
  const proc = startProcess("collector", "npx", [
    "wrangler", "dev", "--config", "wrangler.toml", "--env-file", "dev.vars.example", "--env-file", envFile,
    "--ip", "127.0.0.1", "--port", String(PORTS.collector), "--inspector-port", String(PORTS.inspector),
    "--persist-to", stateDir, "--show-interactive-dev-session=false", "--log-level", log ? "info" : "warn",
  ], {}, { log });
  const base = `http://127.0.0.1:${PORTS.collector}`;
  await waitFor(`${base}/health`, 90_000, proc.child, proc.output);
  return { ...proc, base };
}

export async function startStandIns({ webhookSecret, cfApiToken, log = true }) {
  const cfApi = startProcess("cf-api", process.execPath, ["workers/local-cloudflare-api/server.mjs"], { PORT: String(PORTS.cloudflareApi), CF_API_TOKEN: cfApiToken }, { log });
  const hooks = startProcess("webhooks", process.execPath, ["workers/local-webhook-receiver/server.mjs"], { PORT: String(PORTS.webhooks), WEBHOOK_SECRET: webhookSecret }, { log });
  await waitFor(`http://127.0.0.1:${PORTS.cloudflareApi}/__local/calls`, 10_000, cfApi.child, cfApi.output);
  await waitFor(`http://127.0.0.1:${PORTS.webhooks}/__local/received`, 10_000, hooks.child, hooks.output);
  return { cfApi, hooks, cfApiBase: `http://127.0.0.1:${PORTS.cloudflareApi}`, hooksBase: `http://127.0.0.1:${PORTS.webhooks}` };
}
