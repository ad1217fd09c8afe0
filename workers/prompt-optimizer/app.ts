// prompt-optimizer's Hono app: POST /optimize (mask PII → tiered cache → routed LLM → restore) and its health/stats routes.
import { Hono } from "hono";
import { telemetryMiddleware, type TelemetryBindings, type TelemetryVariables } from "../telemetry";
import { runCompletion } from "../shared/completion-step";
import { deliveryStats } from "../shared/delivery-stats";
import { readJsonBody, renderError, renderNotFound } from "../shared/http-errors";
import { maskPii, restorePii } from "../shared/pii-mask";
import type { StructuredValue } from "../shared/semantic-key";
import { regionFor } from "../shared/provider-config";
import { requestCache, serviceRuntime, type CacheBindings } from "../shared/service-runtime";
import { ATTR } from "../shared/span-attributes";
import { buildOptimizeMessages, cleanOptimizedPrompt, OPTIMIZE_CACHE_NAMESPACE, promptAsText } from "./optimize-prompt";
import { optimizeRequestSchema } from "./optimize-request";

export const SERVICE_NAME = "prompt-optimizer";

export interface OptimizerEnv extends TelemetryBindings, CacheBindings {
  /** Service binding to eval-engine, for `evaluate: true`. */
  EVAL_ENGINE?: Fetcher;
}

type AppEnv = { Bindings: OptimizerEnv; Variables: TelemetryVariables };

export const app = new Hono<AppEnv>();

app.get("/health", (c) => c.json({ ok: true, service: SERVICE_NAME }));
app.get("/internal/telemetry-stats", (c) => c.json(deliveryStats()));

app.use("*", telemetryMiddleware<OptimizerEnv>(SERVICE_NAME));

app.post("/optimize", async (c) => {
  const runtime = serviceRuntime(c.env);
  const { config } = runtime;
  const telemetry = c.get("telemetry");
  const input = await readJsonBody(c, optimizeRequestSchema, config.maxBodyBytes);

  const masking = maskPii(promptAsText(input.prompt), config.pii);
  telemetry.setAttributes({ [ATTR.piiMasked]: masking.findings.length, [ATTR.piiKinds]: Object.keys(masking.counts) });
  const region = regionFor(config.routing, (c.req.raw.cf as { continent?: string } | undefined)?.continent);
  telemetry.annotate({ [ATTR.region]: region });

  const outcome = await runCompletion(
    { runtime, cache: requestCache(runtime, c.env, c.executionCtx, "optimize/"), telemetry, region, fetcher: fetch },
    {
      namespace: OPTIMIZE_CACHE_NAMESPACE,
      keyInput: { prompt: structuredKeyInput(input.prompt, masking.masked), style: input.style, targetModel: input.targetModel },
      request: { messages: buildOptimizeMessages(masking.masked, input.style, input.targetModel), temperature: 0.2, maxTokens: 1024 },
      generationName: "optimize",
      langfuseInput: masking.masked,
    },
  );
  telemetry.annotate({ [ATTR.cacheResult]: outcome.cache.result, ...(outcome.cache.tier ? { [ATTR.cacheTier]: outcome.cache.tier } : {}) });

  const maskedOptimized = cleanOptimizedPrompt(outcome.completion.content);
  const evaluation = input.evaluate ? await evaluateRewrite(c.env, masking.masked, maskedOptimized) : undefined;
  return c.json({
    optimizedPrompt: config.pii.restore ? restorePii(maskedOptimized, masking.originals) : maskedOptimized,
    style: input.style,
    targetModel: input.targetModel,
    pii: { masked: masking.findings.length, kinds: masking.counts },
    cache: outcome.cache,
    provider: outcome.completion.provider,
    model: outcome.completion.responseModel,
    usage: { ...outcome.usage, totalTokens: outcome.usage.inputTokens + outcome.usage.outputTokens },
    costUsd: outcome.usage.costUsd,
    ...(evaluation !== undefined ? { evaluation } : {}),
  });
});

/**
 * Structured prompts key on the masked structure (key order then does not matter). A mask that replaced a JSON number
 * (a card number written as a number) or a custom pattern can leave invalid JSON: then the masked text is the key.
 */
function structuredKeyInput(prompt: unknown, masked: string): StructuredValue {
  if (typeof prompt === "string") return masked;
  try {
    return JSON.parse(masked) as StructuredValue;
  } catch {
    return masked;
  }
}

/** Scores the rewrite against the original with eval-engine; its failure never fails the optimisation. */
async function evaluateRewrite(env: OptimizerEnv, maskedPrompt: string, maskedOptimized: string): Promise<unknown> {
  if (!env.EVAL_ENGINE) return { error: "EVAL_ENGINE binding is not configured" };
  try {
    const response = await env.EVAL_ENGINE.fetch("https://eval-engine/evaluate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: maskedPrompt, response: maskedOptimized, criteria: ["clarity", "completeness"] }),
    });
    const body: unknown = await response.json();
    return response.ok ? body : { error: `eval-engine answered ${response.status}`, detail: body };
  } catch (error) {
    return { error: `eval-engine unreachable: ${String((error as Error)?.message ?? error)}` };
  }
}

app.notFound(renderNotFound);
app.onError(renderError);
