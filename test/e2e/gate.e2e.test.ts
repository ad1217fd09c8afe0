// The deploy gate CLI (`npx edgeslo gate`) against the collector in workerd: exit codes for healthy, burning, unknown, unreachable.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCollector } from "../../bench/local-collector.mjs";
import { postRecentRequests } from "./recent-requests.ts";

const suffix = Date.now().toString(36);
const healthy = `gate-healthy-${suffix}`;
const burning = `gate-burning-${suffix}`;
const stateDir = `.wrangler/e2e-gate-${Date.now()}`;
const errorRateSlo = (service: string) => ({ name: `${service}-errors`, service, indicator: { kind: "error-rate" }, objective: "99%" });
// YAML is a superset of JSON: the SLO file travels as one --var line.
const SLO_YAML = JSON.stringify({
  apiVersion: "edgeslo/v1",
  defaults: { project: "demo", window: "28d" },
  slos: [errorRateSlo(healthy), errorRateSlo(burning)],
});

let collector: { base: string; stop: () => Promise<void> };

function send(service: string, version: string, errorEvery: number): Promise<void> {
  return postRecentRequests(collector.base, { service, version, count: 400, errorEvery, durationMs: 20 });
}

async function gate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("npx", ["edgeslo", "gate", ...args], { env: { ...process.env, EDGESLO_READ_KEY: "edgeslo-demo-read" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  collector = await startCollector({ stateDir, vars: { SLO_YAML } });
  await send(healthy, "v1", 0);
  await send(burning, "v1", 2);
}, 120_000);

afterAll(async () => {
  await collector?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("edgeslo gate", () => {
  it("a healthy service passes with exit 0", async () => {
    const result = await gate("--url", collector.base, "--service", healthy);
    expect(result.stdout).toContain("PASS");
    expect(result.code).toBe(0);
  });

  it("a service burning its error budget fails with exit 1 and says why, in markdown for a step summary", async () => {
    const result = await gate("--url", collector.base, "--service", burning, "--format", "markdown");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("**FAIL: do not deploy**");
    expect(result.stdout).toMatch(new RegExp(`${burning}-errors (is paging|has exhausted)`));
  });

  it("json output carries the decision and every SLO checked", async () => {
    const result = await gate("--url", collector.base, "--service", burning, "--format", "json", "--version", "v1");
    const decision = JSON.parse(result.stdout);
    expect(decision).toMatchObject({ service: burning, version: "v1", outcome: "fail" });
    expect(decision.checked.map((c: { slo: string }) => c.slo)).toEqual([`${burning}-errors`]);
  });

  it("an unknown service cannot be decided: exit 2", async () => {
    const result = await gate("--url", collector.base, "--service", `never-seen-${suffix}`);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("unknown service");
  });

  it("an unreachable collector cannot be decided: exit 2 with a clear message", async () => {
    const result = await gate("--url", "http://127.0.0.1:9", "--service", healthy, "--timeout", "3");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("collector unreachable");
  });
});
