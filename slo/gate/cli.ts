#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
// `edgeslo gate`: asks the collector whether a service (and a new version) may be deployed; exit 0 pass, 1 fail, 2 undecided.
import { parseArgs } from "node:util";
import { decideGate, EXIT_CODES, renderGate, type GateInput } from "./decide.ts";

const USAGE = `usage: edgeslo gate --url <collector> --service <name> [--version <id>] [--min-budget 0.25]
                   [--format text|json|markdown] [--key <read key>]   (or EDGESLO_READ_KEY)`;

function fail(message: string, code = 2): never {
  console.error(`edgeslo: ${message}`);
  process.exit(code);
}

const [command, ...rest] = process.argv.slice(2);
if (command !== "gate") fail(`unknown command ${command ?? "(none)"}\n${USAGE}`);
const OPTIONS = {
  url: { type: "string" }, service: { type: "string" }, version: { type: "string" }, key: { type: "string" },
  "min-budget": { type: "string", default: "0.25" }, format: { type: "string", default: "text" },
  timeout: { type: "string", default: "10" },
} as const;
let args: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>["values"];
try {
  args = parseArgs({
    args: rest,
    options: OPTIONS,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const { url, service, version } = args;
const key = args.key ?? process.env.EDGESLO_READ_KEY;
const format = args.format as "text" | "json" | "markdown";
const minBudgetRatio = Number(args["min-budget"]);
if (!url || !service) fail(`--url and --service are required\n${USAGE}`);
if (!key) fail("a read key is required: --key or EDGESLO_READ_KEY");
if (!["text", "json", "markdown"].includes(format)) fail(`--format must be text, json or markdown`);
if (!(minBudgetRatio >= 0 && minBudgetRatio <= 1)) fail(`--min-budget must be a ratio between 0 and 1, got ${args["min-budget"]}`);

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, url), { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(Number(args.timeout) * 1000) });
  } catch (error) {
    return fail(`collector unreachable at ${url}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  if (response.status === 401) fail(`the collector refused the read key (401)`);
  if (!response.ok) fail(`${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

const [services, slos] = await Promise.all([
  getJson<{ services: { service: string }[] }>("/api/services"),
  getJson<Pick<GateInput, "slos" | "canaries" | "unavailable">>(`/api/slos?${new URLSearchParams({ service })}`),
]);
const input: GateInput = {
  service, version: version ?? null, minBudgetRatio, knownServices: services.services.map((s) => s.service), ...slos,
};
const decision = decideGate(input);
console.log(renderGate(decision, input, format));
process.exit(EXIT_CODES[decision.outcome]);
