// Reports a request's LLM generations through the langfuse SDK (trace + generations), delivered with bounded retries.
// Trace id = the request's OTel trace id, service.name in trace metadata: the collector counts each request once.
import { Langfuse } from "langfuse";
import { LANGFUSE } from "../../collector/conventions";
import type { CollectorTransport } from "./collector-transport";
import { deliverWithRetry, type RetryPolicy } from "./delivery";
import { recordDelivery, recordRejectedItems } from "./delivery-stats";

export interface LangfuseSettings {
  publicKey: string;
  secretKey: string;
  retry: RetryPolicy;
}

export interface GenerationReport {
  name: string;
  provider: string;
  model: string;
  startTime: Date;
  endTime: Date;
  inputTokens: number;
  outputTokens: number;
  inputCostUsd: number;
  outputCostUsd: number;
  /** Masked input/output: PII never leaves the Worker, telemetry included. */
  input: unknown;
  output: unknown;
  level: "DEFAULT" | "ERROR";
  statusMessage?: string;
  metadata?: Record<string, unknown>;
}

export interface TraceReport {
  traceId: string;
  name: string;
  service: string;
  version: string;
  metadata: Record<string, unknown>;
  generations: GenerationReport[];
}

const INGESTION_PATH = "/api/public/ingestion";

/** The SDK, with its fetch sent through our transport: our retry policy and drop accounting, not the SDK's 3 × 3 s. */
class CollectorLangfuse extends Langfuse {
  constructor(
    private readonly transport: CollectorTransport,
    private readonly settings: LangfuseSettings,
  ) {
    super({
      publicKey: settings.publicKey,
      secretKey: settings.secretKey,
      baseUrl: "https://collector.invalid",
      flushAt: 1000,
      flushInterval: 0,
      fetchRetryCount: 0,
      requestTimeout: 120_000,
    });
  }

  override async fetch(url: string, options: Parameters<Langfuse["fetch"]>[1]): Promise<Response> {
    const body = typeof options.body === "string" ? options.body : "";
    const path = new URL(url).pathname;
    let final: { status: number; text: string } | null = null;
    const outcome = await deliverWithRetry(this.settings.retry, {
      attempt: async (timeoutMs) => {
        const result = await this.transport.post(path === INGESTION_PATH ? path : INGESTION_PATH, body, { ...options.headers }, timeoutMs);
        if (result.kind === "response") final = { status: result.status, text: result.responseText ?? "" };
        return result;
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    recordDelivery("langfuse", outcome, { target: this.transport.target });
    const answer = final as { status: number; text: string } | null;
    if (outcome.delivered && answer?.status === 207) {
      const errors = (JSON.parse(answer.text || "{}") as { errors?: unknown[] }).errors ?? [];
      recordRejectedItems("langfuse", errors.length, answer.text.slice(0, 500));
    }
    // A dropped batch is already counted and logged with its reason; the SDK's only reaction would be to log it again
    // (with a stack trace), so it is told the batch was handled. Per-item errors of a delivered 207 are counted above.
    const handled = outcome.delivered && answer ? answer : { status: 207, text: JSON.stringify({ successes: [], errors: [] }) };
    return new Response(handled.text || "{}", { status: handled.status === 207 ? 200 : handled.status, headers: { "content-type": "application/json" } });
  }
}

let client: { langfuse: CollectorLangfuse; transport: CollectorTransport } | undefined;

/**
 * One SDK client per isolate (construction is cheap, ≈ 15 µs, but there is no reason to repeat it); each request's
 * flush sends whatever is queued, its own events included. The client holds no I/O object between requests.
 */
function clientFor(transport: CollectorTransport, settings: LangfuseSettings): CollectorLangfuse {
  if (client?.transport !== transport) client = { langfuse: new CollectorLangfuse(transport, settings), transport };
  return client.langfuse;
}

/** Builds the batch and sends it; resolves when delivered or dropped. Run it in ctx.waitUntil, never on the response path. */
export async function reportToLangfuse(report: TraceReport, transport: CollectorTransport, settings: LangfuseSettings): Promise<void> {
  if (report.generations.length === 0) return;
  const langfuse = clientFor(transport, settings);
  const trace = langfuse.trace({
    id: report.traceId,
    name: report.name,
    version: report.version,
    release: report.version,
    tags: [`${LANGFUSE.serviceTagPrefix}${report.service}`],
    metadata: { [LANGFUSE.serviceMetadataKey]: report.service, ...report.metadata },
  });
  for (const g of report.generations) {
    trace.generation({
      name: g.name,
      model: g.model,
      startTime: g.startTime,
      endTime: g.endTime,
      input: g.input,
      output: g.output,
      level: g.level,
      statusMessage: g.statusMessage,
      version: report.version,
      usageDetails: { input: g.inputTokens, output: g.outputTokens, total: g.inputTokens + g.outputTokens },
      costDetails: { input: g.inputCostUsd, output: g.outputCostUsd, total: g.inputCostUsd + g.outputCostUsd },
      metadata: { [LANGFUSE.serviceMetadataKey]: report.service, "gen_ai.provider.name": g.provider, ...g.metadata },
    });
  }
  await langfuse.flushAsync();
}
