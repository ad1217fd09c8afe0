// Test helpers inside workerd: what the collector double recorded (OTLP spans flattened, Langfuse batches), LLM admin.
import { env } from "cloudflare:test";

export interface CapturedRequest {
  path: string;
  headers: Record<string, string>;
  body: unknown;
  mode: string;
  atMs: number;
}

export interface FlatSpan {
  service: string;
  resource: Record<string, unknown>;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  statusCode: number;
  attributes: Record<string, unknown>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: OtlpValue[] } };
type OtlpKeyValue = { key: string; value: OtlpValue };

function valueOf(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
}

const collector = () => (env as unknown as { COLLECTOR: Fetcher }).COLLECTOR;

export async function capturedRequests(): Promise<CapturedRequest[]> {
  return (await collector().fetch("http://double/__captured")).json();
}

export async function resetCollector(): Promise<void> {
  await collector().fetch("http://double/__reset", { method: "POST" });
}

export async function setCollectorMode(mode: "up" | "down" | "hang" | "reject", delayMs = 0): Promise<void> {
  await collector().fetch("http://double/__mode", { method: "POST", body: JSON.stringify({ mode, delayMs }) });
}

export function flattenSpans(requests: CapturedRequest[]): FlatSpan[] {
  const spans: FlatSpan[] = [];
  for (const r of requests.filter((r) => r.path === "/v1/traces")) {
    const body = r.body as { resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { spans?: Record<string, unknown>[] }[] }[] };
    for (const rs of body.resourceSpans ?? []) {
      const resource = attributesOf(rs.resource?.attributes);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          spans.push({
            service: String(resource["service.name"]),
            resource,
            traceId: String(s.traceId),
            spanId: String(s.spanId),
            parentSpanId: String(s.parentSpanId ?? ""),
            name: String(s.name),
            kind: Number(s.kind),
            statusCode: Number((s.status as { code?: number } | undefined)?.code ?? 0),
            attributes: attributesOf(s.attributes as OtlpKeyValue[]),
          });
        }
      }
    }
  }
  return spans;
}

/** Polls until `read` returns a truthy value (exports run in waitUntil after the response). */
export async function eventually<T>(read: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The LLM stand-in's admin API (through the outbound service, like the providers' base URLs). */
export async function llmAdmin(path: "/admin/reset" | "/admin/phase", body?: unknown): Promise<void> {
  const response = await fetch(`http://llm.test${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  if (!response.ok) throw new Error(`llm admin ${path}: ${response.status} ${await response.text()}`);
}

export function uniquePrompt(text: string): string {
  return `${text} (case ${crypto.randomUUID().slice(0, 8)})`;
}
