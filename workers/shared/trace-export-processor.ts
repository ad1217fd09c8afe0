// Span processor + OTLP/JSON export of one trace at a time, with bounded retries; forgets each trace once exported.
// Replaces otel-cf-workers' BatchTraceSpanProcessor, which sends once with no retry and never forgets a trace id.
import type { Context } from "@opentelemetry/api";
import { TraceFlags } from "@opentelemetry/api";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { CollectorTransport } from "./collector-transport";
import { deliverWithRetry, type RetryPolicy } from "./delivery";
import { recordDelivery } from "./delivery-stats";

export const OTLP_TRACES_PATH = "/v1/traces";

export interface TraceExportOptions {
  transport: () => CollectorTransport;
  headers: Record<string, string>;
  retry: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

interface TraceBuffer {
  open: Set<string>;
  ended: ReadableSpan[];
}

export class TraceExportProcessor implements SpanProcessor {
  private readonly traces = new Map<string, TraceBuffer>();
  private readonly decoder = new TextDecoder();

  constructor(private readonly options: TraceExportOptions) {}

  onStart(span: Span, _parentContext: Context): void {
    const { traceId, spanId } = span.spanContext();
    let buffer = this.traces.get(traceId);
    if (!buffer) {
      buffer = { open: new Set(), ended: [] };
      this.traces.set(traceId, buffer);
    }
    buffer.open.add(spanId);
  }

  onEnd(span: ReadableSpan): void {
    const { traceId, spanId, traceFlags } = span.spanContext();
    const buffer = this.traces.get(traceId);
    if (!buffer) return;
    buffer.open.delete(spanId);
    if ((traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED) buffer.ended.push(span);
  }

  /** Called by otel-cf-workers in waitUntil once the handler and its waitUntil work are done. */
  async forceFlush(traceId?: string): Promise<void> {
    const ids = traceId ? [traceId] : [...this.traces.keys()];
    await Promise.all(ids.map((id) => this.exportTrace(id)));
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }

  private async exportTrace(traceId: string): Promise<void> {
    const buffer = this.traces.get(traceId);
    if (!buffer) return;
    const spans = buffer.ended;
    buffer.ended = [];
    // Forget the trace now: a span still open here outlived its request and is not exported (no unbounded growth).
    this.traces.delete(traceId);
    if (spans.length === 0) return;
    const body = this.decoder.decode(JsonTraceSerializer.serializeRequest(spans));
    const transport = this.options.transport();
    const headers = { ...this.options.headers, "content-type": "application/json" };
    const outcome = await deliverWithRetry(this.options.retry, {
      attempt: (timeoutMs) => transport.post(OTLP_TRACES_PATH, body, headers, timeoutMs),
      sleep: this.options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    recordDelivery("otlp", outcome, { traceId, spans: spans.length, target: transport.target });
  }
}
