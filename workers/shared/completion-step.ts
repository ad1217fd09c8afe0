// One cached LLM step: semantic key → tiered cache → (miss) routed provider call with failover → cache + telemetry.
import { SpanKind } from "@opentelemetry/api";
import { z } from "zod";
import type { RequestTelemetry } from "../telemetry";
import { callWithFailover, AllProvidersFailedError, type AttemptRecord } from "./failover";
import { httpError } from "./http-errors";
import { createChatCompletion, type ChatRequest } from "./openai-chat.client";
import { costOf, providersIn } from "./provider-config";
import { rankProviders } from "./router";
import { semanticKey, type StructuredValue } from "./semantic-key";
import type { ServiceRuntime } from "./service-runtime";
import { ATTR } from "./span-attributes";
import type { CacheTierName, TieredCache } from "./tiered-cache";

const cachedCompletionSchema = z.object({
  content: z.string(),
  provider: z.string(),
  model: z.string(),
  responseModel: z.string(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  createdAtMs: z.number(),
});
export type CachedCompletion = z.infer<typeof cachedCompletionSchema>;

export interface CompletionOutcome {
  cache: { result: "hit" | "miss"; tier: CacheTierName | null };
  completion: CachedCompletion;
  /** What this request consumed: zero on a cache hit. */
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
  attempts: AttemptRecord[];
}

export interface CompletionStep {
  /** Versioned namespace of the key, e.g. "optimize/v1": bump it when the prompt template changes. */
  namespace: string;
  keyInput: StructuredValue;
  request: ChatRequest;
  generationName: string;
  /** Masked input shown in Langfuse. */
  langfuseInput: unknown;
  /** Answers that fail this are returned but not cached (e.g. a judge answer that is not the asked-for JSON). */
  cacheable?: (content: string) => boolean;
}

export interface CompletionDeps {
  runtime: ServiceRuntime;
  cache: TieredCache;
  telemetry: RequestTelemetry;
  region: string;
  fetcher: typeof fetch;
}

export async function runCompletion(deps: CompletionDeps, step: CompletionStep): Promise<CompletionOutcome> {
  const { telemetry, cache } = deps;
  const key = await semanticKey(step.namespace, step.keyInput);
  const lookup = await telemetry.span("cache.lookup", { attributes: { [ATTR.cacheKey]: key } }, async (span) => {
    const found = await cache.get(key);
    span.setAttributes({ [ATTR.cacheResult]: found.result, ...(found.result === "hit" ? { [ATTR.cacheTier]: found.tier } : {}) });
    return found;
  });
  if (lookup.result === "hit") {
    const cached = cachedCompletionSchema.safeParse(safeJson(lookup.value));
    if (cached.success) {
      return { cache: { result: "hit", tier: lookup.tier }, completion: cached.data, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, attempts: [] };
    }
  }
  const completion = await callProviders(deps, step);
  if (step.cacheable?.(completion.completion.content) ?? true) cache.set(key, JSON.stringify(completion.completion));
  return { cache: { result: "miss", tier: null }, ...completion };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function callProviders(deps: CompletionDeps, step: CompletionStep): Promise<Omit<CompletionOutcome, "cache">> {
  const { runtime, telemetry } = deps;
  const { routing, apiKeys } = runtime.config;
  const candidates = providersIn(routing, deps.region);
  // workerd's clocks only advance across I/O, so the decision time is measured by bench/, not on the span.
  const ranked = rankProviders(candidates, (p) => runtime.latency.latencyMs(p.name, p.expectedLatencyMs, Date.now()));
  telemetry.setAttributes({
    [ATTR.routerRegion]: deps.region,
    [ATTR.routerCandidates]: ranked.map((r) => `${r.provider.name}:${r.score.toFixed(3)}`),
  });
  const startTime = new Date();
  try {
    const result = await callWithFailover(
      ranked,
      routing.maxAttempts,
      (candidate) => {
        const p = candidate.provider;
        return telemetry.span(
          `chat ${p.model}`,
          {
            kind: SpanKind.CLIENT,
            attributes: { [ATTR.operationName]: "chat", [ATTR.provider]: p.name, [ATTR.requestModel]: p.model, [ATTR.serverAddress]: new URL(p.baseUrl).host },
          },
          async (span) => {
            const answer = await createChatCompletion(p, apiKeys.get(p.name), step.request, deps.fetcher);
            const cost = costOf(p, answer.inputTokens, answer.outputTokens);
            // Tokens and cost on this span only: the collector adds up usage from every span that carries it.
            span.setAttributes({
              [ATTR.responseModel]: answer.responseModel,
              [ATTR.inputTokens]: answer.inputTokens,
              [ATTR.outputTokens]: answer.outputTokens,
              [ATTR.costUsd]: cost.totalUsd,
            });
            return { answer, cost };
          },
        );
      },
      {
        now: Date.now,
        onAttempt: (record, candidate) => {
          const p = candidate.provider;
          if (record.ok) runtime.latency.record(p.name, record.elapsedMs, p.expectedLatencyMs, Date.now());
          else runtime.latency.recordFailure(p.name, record.elapsedMs, p.timeoutMs, p.expectedLatencyMs, Date.now());
        },
      },
    );
    const { answer, cost } = result.value;
    const p = result.chosen.provider;
    telemetry.annotate({
      [ATTR.provider]: p.name,
      [ATTR.requestModel]: p.model,
      [ATTR.responseModel]: answer.responseModel,
      [ATTR.routerScore]: Number(result.chosen.score.toFixed(4)),
      [ATTR.routerAttempts]: result.attempts.length,
      [ATTR.routerFailovers]: result.attempts.length - 1,
    });
    telemetry.addGeneration({
      name: step.generationName,
      provider: p.name,
      model: answer.responseModel,
      startTime,
      endTime: new Date(),
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      inputCostUsd: cost.inputUsd,
      outputCostUsd: cost.outputUsd,
      input: step.langfuseInput,
      output: answer.content,
      level: "DEFAULT",
      metadata: { attempts: result.attempts.length, region: deps.region },
    });
    const completion: CachedCompletion = {
      content: answer.content,
      provider: p.name,
      model: p.model,
      responseModel: answer.responseModel,
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      costUsd: cost.totalUsd,
      createdAtMs: Date.now(),
    };
    return { completion, usage: { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens, costUsd: cost.totalUsd }, attempts: result.attempts };
  } catch (error) {
    if (!(error instanceof AllProvidersFailedError)) throw error;
    telemetry.setAttributes({ [ATTR.routerAttempts]: error.attempts.length, [ATTR.errorType]: "upstream_unavailable" });
    telemetry.markError(error.message);
    const last = ranked.find((r) => r.provider.name === error.attempts.at(-1)?.provider)?.provider;
    telemetry.addGeneration({
      name: step.generationName,
      provider: last?.name ?? "none",
      model: last?.model ?? "none",
      startTime,
      endTime: new Date(),
      inputTokens: 0,
      outputTokens: 0,
      inputCostUsd: 0,
      outputCostUsd: 0,
      input: step.langfuseInput,
      output: null,
      level: "ERROR",
      statusMessage: error.message,
      metadata: { attempts: error.attempts.length, region: deps.region },
    });
    throw httpError(502, "upstream_unavailable", `no LLM provider answered: ${error.attempts.map((a) => `${a.provider} (${a.error})`).join("; ")}`);
  }
}

