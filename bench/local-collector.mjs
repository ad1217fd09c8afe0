// Starts the collector in workerd (wrangler dev) on a free port with its own state folder, and finds its workerd process.
import { spawn } from "node:child_process";
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

/** Resident memory split: anonymous (heaps) versus file-backed (mapped files such as SQLite databases). */
export function memoryMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field("VmRSS"), anon: field("RssAnon"), file: field("RssFile") };
}

export async function startCollector({ stateDir, vars = {}, log = false, extraArgs = [] }) {
  const port = await freePort();
  const args = [
    "wrangler", "dev", "--config", "wrangler.toml", "--env-file", "dev.vars.example", "--ip", "127.0.0.1",
    "--port", String(port), "--persist-to", stateDir, "--show-interactive-dev-session=false", "--log-level", log ? "info" : "warn",
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ...extraArgs,
  ];
  const child = spawn("npx", args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
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
