// `npm start`: brings up the local stack in workerd (wrangler dev, state persisted under .wrangler/state) and prints its URLs.
import { spawn } from "node:child_process";

const port = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${port}`;
const children = [];

function start(name, command, args) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
  const prefix = (line) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      for (const line of chunk.split("\n")) if (line.trim()) console.log(prefix(line));
    });
  }
  child.on("exit", (code, signal) => {
    console.log(prefix(`exited (${signal ?? code})`));
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

if (await waitForHealth(`${base}/health`, 500)) {
  console.error(`something already answers on ${base}: stop it, or start on another port with PORT=8788 npm start`);
  process.exit(1);
}

start("collector", "wrangler", [
  "dev", "--config", "wrangler.toml", "--env-file", "dev.vars.example",
  "--ip", "127.0.0.1", "--port", String(port), "--persist-to", ".wrangler/state",
  "--show-interactive-dev-session=false",
]);

if (await waitForHealth(`${base}/health`, 60_000)) {
  console.log(`
edgeslo is running locally (workerd, state in .wrangler/state)
  collector (OTLP/HTTP):  ${base}/v1/traces          Authorization: Bearer edgeslo-demo-ingest
  Langfuse ingestion:     ${base}/api/public/ingestion   publicKey pk-lf-demo, secretKey edgeslo-demo-ingest
  read API:               ${base}/api/services       Authorization: Bearer edgeslo-demo-read
  send demo data:         scripts/demo-send.sh ${base}
Press Ctrl+C to stop.`);
} else {
  console.error(`collector did not answer ${base}/health within 60 s`);
  shutdown(1);
}
