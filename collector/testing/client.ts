// Test helpers that talk to the collector the way clients do: through its HTTP front door.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { DO_NAME, LANGFUSE_ASSEMBLER_SHARDS } from "../conventions";
import { TEST_KEYS } from "./test-keys";

export const BASE = "http://collector.test";

export function collectorFetch(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export function postOtlpJson(body: unknown, init: { key?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return collectorFetch("/v1/traces", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${init.key ?? TEST_KEYS.ingest}`, ...init.headers },
    body: JSON.stringify(body),
  });
}

export async function getMetrics(query: Record<string, string>, key: string = TEST_KEYS.read): Promise<any> {
  const response = await collectorFetch(`/api/metrics?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${key}` } });
  if (response.status !== 200) throw new Error(`metrics answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export async function gzip(bytes: Uint8Array | string): Promise<Uint8Array> {
  const input = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const stream = new Blob([input]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function langfuseAuth(publicKey: string = TEST_KEYS.langfusePublic, secretKey: string = TEST_KEYS.langfuseSecret): string {
  return `Basic ${btoa(`${publicKey}:${secretKey}`)}`;
}

export function postLangfuseBatch(body: unknown, authorization: string = langfuseAuth()): Promise<Response> {
  return collectorFetch("/api/public/ingestion", {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Settles every pending Langfuse trace of a project now, as the assemblers' alarms would after the settle delay. */
export async function settleLangfuse(project = "test"): Promise<void> {
  for (let shard = 0; shard < LANGFUSE_ASSEMBLER_SHARDS; shard++) {
    await runDurableObjectAlarm(env.LANGFUSE_ASSEMBLER.getByName(DO_NAME.langfuseAssembler(project, shard)));
  }
}
