// Starts the collector in workerd (wrangler dev) on a free port with its own state folder, and finds its workerd process.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

export async function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
}

/** The workerd processes descended from a pid. */
export function workerdPids(rootPid) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let comm = "";
    try {
      comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
    } catch {
      continue;
    }
    if (comm !== "workerd") continue;
    for (let p = Number(entry), hops = 0; p > 1 && hops < 10; p = parentOf(p), hops++) {
      if (p === rootPid) {
        pids.push(Number(entry));
        break;
      }
    }
  }
  return pids;
}

/** CPU seconds (user + system, all threads) a process has used. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

export function rssMiB(pid) {
  return memoryMiB(pid).rss;
}

/** Loopback ports a process listens on (ss). */
function listeningPorts(pid) {
  const listening = execFileSync("ss", ["-ltnpH"]).toString().split("\n").filter((line) => line.includes(`pid=${pid},`));
  return listening.map((line) => /127\.0\.0\.1:(\d+)/.exec(line)?.[1]).filter(Boolean);
}

/**
 * V8 heap of the collector's isolate, read through the runtime workerd's own inspector (it listens on a random port,
 * found with ss). An isolate answers inspector calls between events, so call this while requests flow. null if the
 * inspector does not answer within timeoutMs.
 */
export async function isolateHeapMiB(pid, { isolate = "core:user:edgeslo", timeoutMs = 15_000 } = {}) {
  for (const port of listeningPorts(pid)) {
    let targets;
    try {
      targets = await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(1000) })).json();
    } catch {
      continue;
    }
    const target = Array.isArray(targets) ? targets.find((t) => t.id === isolate) : undefined;
    if (!target) continue;
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    try {
      await new Promise((resolve, reject) => (ws.addEventListener("open", resolve), ws.addEventListener("error", reject)));
      const answer = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), timeoutMs);
        ws.addEventListener("message", (event) => {
          const message = JSON.parse(String(event.data));
          if (message.id === 1) (clearTimeout(timer), resolve(message.result));
        });
        ws.send(JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" }));
      });
      return answer && { usedMiB: answer.usedSize / 2 ** 20, totalMiB: answer.totalSize / 2 ** 20, arrayBuffersMiB: (answer.backingStorageSize ?? 0) / 2 ** 20 };
    } catch {
      return null;
    } finally {
      ws.close();
    }
  }
  return null;
}

/** Resident memory split: anonymous (heaps) versus file-backed (mapped files such as SQLite databases). */
export function memoryMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field("VmRSS"), anon: field("RssAnon"), file: field("RssFile") };
}

/** The runtime workerd's port that answers the collector's health route (it also listens for its inspector). */
async function runtimeBase(pid) {
  for (const port of listeningPorts(pid)) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      if (answer.ok && (await answer.json()).ok === true) return `http://127.0.0.1:${port}`;
    } catch {
      // the inspector, or not HTTP
    }
  }
  throw new Error(`no port of workerd ${pid} answers /health`);
}

export async function startCollector({ stateDir, vars = {}, log = false, extraArgs = [] }) {
  const port = await freePort();
  const args = [
    "wrangler", "dev", "--config", "wrangler.toml", "--env-file", "dev.vars.example", "--ip", "127.0.0.1",
    "--port", String(port), "--persist-to", stateDir, "--show-interactive-dev-session=false", "--log-level", log ? "info" : "warn",
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ...extraArgs,
  ];
  // wrangler dev's local observability and local explorer (on by default) record every invocation for their dev UIs:
  // not part of the collector, and their store grows with the load. BENCH_DEV_UIS=1 keeps them, for comparison.
  const devUis = process.env.BENCH_DEV_UIS === "1" ? {} : { X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" };
  const child = spawn("npx", args, { stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, ...devUis } });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      throw new Error(`collector did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const pids = workerdPids(child.pid);
  return {
    base,
    /**
     * The runtime process's own address, behind wrangler's dev proxy: a dev-only hop that, in front of a Worker that
     * only reads each body, grows by about 20 KB per request (README "Under load and faults").
     */
    runtimeBase: () => runtimeBase(pids.at(-1)),
    /** wrangler dev runs two workerd processes (the Worker and its dev proxy); figures count both. */
    workerdPids: pids,
    /** The workerd processes now: differs from workerdPids if wrangler restarted the runtime. */
    currentWorkerdPids: () => workerdPids(child.pid),
    output: () => output,
    /** SIGKILL: an abrupt crash, as in a machine failure; SIGTERM: a clean stop. */
    stop(signal = "SIGTERM") {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
      return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
    },
  };
}
