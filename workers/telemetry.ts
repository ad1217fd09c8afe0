// Shared telemetry of the Workers: otel-cf-workers instrument() config, per-request span helpers, Langfuse in waitUntil.
import { __unwrappedFetch, instrument, type ResolveConfigFn } from "@microlabs/otel-cf-workers";
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { ATTR } from "./shared/span-attributes";
import { createCollectorTransport, type CollectorTransport } from "./shared/collector-transport";
import { reportToLangfuse, type GenerationReport } from "./shared/langfuse-reporter";
import { serviceConfig, type ServiceConfig } from "./shared/service-config";
import { TraceExportProcessor } from "./shared/trace-export-processor";
import { logEvent } from "./shared/log";

export interface TelemetryBindings {
  /** Service binding to the collector Worker (used unless COLLECTOR_URL is set). */
  COLLECTOR?: Fetcher;
  CF_VERSION_METADATA?: WorkerVersionMetadata;
}

type FetchHandler<E> = (request: Request, env: E, ctx: ExecutionContext) => Response | Promise<Response>;

let transport: CollectorTransport | undefined;
let processor: TraceExportProcessor | undefined;

/**
 * The collector, reached without instrumentation (telemetry about telemetry would loop), built once per isolate from
 * the raw env (otel-cf-workers hands the app a proxied env whose bindings create spans). Never throws: a missing
 * target shows up as dropped exports with their reason.
 */
function buildTransport(env: TelemetryBindings, config: ServiceConfig): CollectorTransport {
  const url = config.telemetry.collectorUrl;
  if (url) return createCollectorTransport(`url ${url}`, url, (input, init) => __unwrappedFetch(input, init));
  const binding = env.COLLECTOR;
  if (!binding) {
    return { target: "none", post: async () => ({ kind: "error", timeout: false, message: "neither COLLECTOR_URL nor a COLLECTOR binding is configured" }) };
  }
  return createCollectorTransport("binding COLLECTOR", "https://collector", (input, init) => binding.fetch(input, init));
}

export function versionOf(env: TelemetryBindings): string {
  return env.CF_VERSION_METADATA?.id || "unknown";
}

/**
 * Wraps a fetch handler with otel-cf-workers. With TELEMETRY=off (or a config error, which the app then reports), and
 * for the operational routes, the plain handler runs: no instrument() at all, which is what bench/instrumentation-overhead.mjs compares against.
 */
export function instrumentService<E extends TelemetryBindings>(serviceName: string, fetchHandler: FetchHandler<E>): ExportedHandler<E> {
  const traceConfig: ResolveConfigFn<E> = (env) => {
    const config = serviceConfig(env);
    const collector = (transport ??= buildTransport(env, config));
    processor ??= new TraceExportProcessor({
      transport: () => collector,
      headers: { authorization: `Bearer ${config.telemetry.ingestKey}` },
      retry: config.telemetry.retry,
    });
    return {
      service: { name: serviceName, version: versionOf(env) },
      spanProcessors: processor,
      // The Cache API is not used. Provider calls get their own `chat <model>` CLIENT span (completion-step.ts), so the
      // global fetch is not wrapped (it cloned every request: ≈ 0.5 ms per LLM call in bench:overhead). KV and service
      // bindings are still traced through the env proxy, and the EVAL_ENGINE binding still carries traceparent.
      instrumentation: { instrumentGlobalCache: false, instrumentGlobalFetch: false },
    };
  };
  const instrumented = instrument<E, unknown, unknown>({ fetch: fetchHandler as ExportedHandlerFetchHandler<E> }, traceConfig);
  return {
    fetch(request, env, ctx) {
      let enabled = false;
      try {
        enabled = serviceConfig(env).telemetry.enabled;
      } catch {
        // the app renders the configuration error
      }
      // Operational routes (/health, /internal/*) are not user traffic: they do not count as requests of the service.
      const operational = /^\/(?:health$|internal\/)/.test(new URL(request.url).pathname);
      return enabled && !operational ? instrumented.fetch!(request, env, ctx) : fetchHandler(request, env, ctx);
    },
  };
}

/** One request's telemetry: attributes for its SERVER span, child spans, and the generations to report to Langfuse. */
export class RequestTelemetry {
  private readonly generations: GenerationReport[] = [];
  private readonly langfuseMetadata: Record<string, unknown> = {};

  constructor(
    readonly serverSpan: Span | undefined,
    private readonly service: string,
    private readonly version: string,
  ) {}

  get traceId(): string | null {
    return this.serverSpan?.spanContext().traceId ?? null;
  }

  setAttributes(attributes: Attributes): void {
    this.serverSpan?.setAttributes(attributes);
  }

  /** Also copied into the Langfuse trace metadata (cache result and tier, region, ...). */
  annotate(attributes: Record<string, string | number | boolean>): void {
    this.serverSpan?.setAttributes(attributes);
    Object.assign(this.langfuseMetadata, attributes);
  }

  markError(message: string): void {
    this.serverSpan?.setStatus({ code: SpanStatusCode.ERROR, message });
  }

  /** A child span (no-op when telemetry is off: the OTel API's tracer is then the no-op one). */
  async span<T>(name: string, options: { kind?: SpanKind; attributes?: Attributes }, work: (span: Span) => Promise<T>): Promise<T> {
    if (!this.serverSpan) return work(trace.getTracer("noop").startSpan(name));
    return trace.getTracer("edgeslo").startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as Error)?.message ?? error) });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  addGeneration(generation: GenerationReport): void {
    this.generations.push(generation);
  }

  /** Sends the Langfuse trace (only when there were generations); runs in waitUntil. */
  async flush(config: ServiceConfig, name: string): Promise<void> {
    const langfuse = config.telemetry.langfuse;
    const traceId = this.traceId;
    if (!langfuse || !traceId || !transport || this.generations.length === 0) return;
    try {
      await reportToLangfuse(
        { traceId, name, service: this.service, version: this.version, metadata: this.langfuseMetadata, generations: this.generations },
        transport,
        { ...langfuse, retry: config.telemetry.retry },
      );
    } catch (error) {
      logEvent("warn", "langfuse_report_failed", { message: String((error as Error)?.message ?? error) });
    }
  }
}

export type TelemetryVariables = { telemetry: RequestTelemetry };

/** Hono middleware: a RequestTelemetry per request; afterwards the route on the span and the Langfuse flush in waitUntil. */
export function telemetryMiddleware<E extends TelemetryBindings>(serviceName: string): MiddlewareHandler<{ Bindings: E; Variables: TelemetryVariables }> {
  return async (c, next) => {
    const telemetry = new RequestTelemetry(trace.getActiveSpan(), serviceName, versionOf(c.env));
    c.set("telemetry", telemetry);
    await next();
    const route = routePath(c, -1);
    if (route && route !== "/*") telemetry.setAttributes({ [ATTR.route]: route });
    let config: ServiceConfig;
    try {
      config = serviceConfig(c.env);
    } catch {
      return;
    }
    c.executionCtx.waitUntil(telemetry.flush(config, `${c.req.method} ${route}`));
  };
}
