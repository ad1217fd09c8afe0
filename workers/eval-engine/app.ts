// eval-engine's Hono app: POST /evaluate = deterministic edge checks + a cached LLM judge, combined into one score.
import { Hono } from "hono";
import { telemetryMiddleware, type TelemetryBindings, type TelemetryVariables } from "../telemetry";
import { runCompletion } from "../shared/completion-step";
import { deliveryStats } from "../shared/delivery-stats";
import { readJsonBody, renderError, renderNotFound } from "../shared/http-errors";
import { maskPii } from "../shared/pii-mask";
import { regionFor } from "../shared/provider-config";
import { requestCache, serviceRuntime, type CacheBindings } from "../shared/service-runtime";
import { ATTR } from "../shared/span-attributes";
import { checksScore, runChecks } from "./checks";
import { evaluateRequestSchema } from "./evaluate-request";
import { buildJudgeMessages, combineScores, JUDGE_CACHE_NAMESPACE, parseJudgeAnswer } from "./judge";

export const SERVICE_NAME = "eval-engine";

export type EvalEnv = TelemetryBindings & CacheBindings;

type AppEnv = { Bindings: EvalEnv; Variables: TelemetryVariables };

export const app = new Hono<AppEnv>();

app.get("/health", (c) => c.json({ ok: true, service: SERVICE_NAME }));
app.get("/internal/telemetry-stats", (c) => c.json(deliveryStats()));

app.use("*", telemetryMiddleware<EvalEnv>(SERVICE_NAME));

app.post("/evaluate", async (c) => {
  const runtime = serviceRuntime(c.env);
  const { config } = runtime;
  const telemetry = c.get("telemetry");
  const input = await readJsonBody(c, evaluateRequestSchema, config.maxBodyBytes);

  const checks = runChecks(input, config.pii);
  // One masking pass over everything sent to the judge, so a value gets the same placeholder in prompt and response.
  const separator = "\n\u0000\n";
  const masking = maskPii([input.prompt, input.response, input.reference ?? ""].join(separator), config.pii);
  const [prompt, response, reference] = masking.masked.split(separator) as [string, string, string];
  telemetry.setAttributes({ [ATTR.piiMasked]: masking.findings.length });
  const region = regionFor(config.routing, (c.req.raw.cf as { continent?: string } | undefined)?.continent);
  telemetry.annotate({ [ATTR.region]: region });

  const criteria = [...input.criteria].sort();
  const judgeInput = { prompt, response, criteria, ...(reference ? { reference } : {}) };
  const outcome = await runCompletion(
    { runtime, cache: requestCache(runtime, c.env, c.executionCtx, "judge/"), telemetry, region, fetcher: fetch },
    {
      namespace: JUDGE_CACHE_NAMESPACE,
      keyInput: judgeInput,
      request: { messages: buildJudgeMessages(judgeInput), temperature: 0, maxTokens: 300, jsonObject: true },
      generationName: "judge",
      langfuseInput: judgeInput,
      cacheable: (content) => parseJudgeAnswer(content) !== null,
    },
  );
  telemetry.annotate({ [ATTR.cacheResult]: outcome.cache.result, ...(outcome.cache.tier ? { [ATTR.cacheTier]: outcome.cache.tier } : {}) });

  const verdict = parseJudgeAnswer(outcome.completion.content);
  const deterministic = checksScore(checks);
  const score = combineScores(verdict?.score ?? null, deterministic);
  const hardFailures = checks.filter((check) => check.hard && !check.passed).map((check) => check.name);
  return c.json({
    score: Number(score.toFixed(4)),
    passed: score >= input.threshold && hardFailures.length === 0,
    threshold: input.threshold,
    hardFailures,
    judge: verdict
      ? { parsed: true, score: verdict.score, criteria: verdict.criteria, reasoning: verdict.reasoning }
      : { parsed: false, raw: outcome.completion.content.slice(0, 500) },
    checks,
    cache: outcome.cache,
    provider: outcome.completion.provider,
    model: outcome.completion.responseModel,
    usage: { ...outcome.usage, totalTokens: outcome.usage.inputTokens + outcome.usage.outputTokens },
    costUsd: outcome.usage.costUsd,
  });
});

app.notFound(renderNotFound);
app.onError(renderError);
