// The local OpenAI-compatible LLM stand-in (dev and tests only): /v1/chat/completions with usage, seeded latency and
// errors per simulated provider (/p/<profile>/v1/...), and /admin routes to switch phases (slow, erroring, down).
import { Hono, type Context } from "hono";
import { z } from "zod";
import { countPromptTokens, countTextTokens, generateCompletion } from "./generator";
import { createRng, hash32, sampleLatencyMs } from "./latency-model";
import { adminPhaseSchema, PHASES, profilesSchema, type Profile, type Profiles } from "./profiles";

export interface LocalLlmEnv {
  LLM_SEED?: string;
  LLM_PROFILES?: string;
  /** When set, requests need `Authorization: Bearer <key>` like a real provider. */
  LLM_API_KEY?: string;
}

const DEFAULT_PROFILES: Profiles = { default: { medianMs: 150, p95Ms: 400, errorRate: 0, errorStatus: 503 } };

interface State {
  seed: number;
  configured: Profiles;
  current: Profiles;
  rng: () => number;
  served: number;
}

let state: State | undefined;

function stateFor(env: LocalLlmEnv): State {
  if (state) return state;
  const seed = Number(env.LLM_SEED ?? "42");
  if (!Number.isInteger(seed)) throw new Error("invalid configuration LLM_SEED: must be an integer");
  const parsed = env.LLM_PROFILES ? profilesSchema.safeParse(JSON.parse(env.LLM_PROFILES)) : { success: true as const, data: DEFAULT_PROFILES };
  if (!parsed.success) throw new Error(`invalid configuration LLM_PROFILES: ${parsed.error.issues[0]?.message}`);
  return (state = { seed, configured: parsed.data, current: structuredClone(parsed.data), rng: createRng(seed), served: 0 });
}

const contentPartSchema = z.object({ type: z.string(), text: z.string().optional() });
const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z
    .array(z.object({ role: z.enum(["system", "user", "assistant", "tool", "developer"]), content: z.union([z.string(), z.array(contentPartSchema)]) }))
    .min(1),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  response_format: z.object({ type: z.enum(["text", "json_object", "json_schema"]) }).passthrough().optional(),
  stream: z.boolean().optional(),
  seed: z.number().int().optional(),
});

function openAiError(c: Context, status: 400 | 401 | 404 | 429 | 500 | 502 | 503 | 504, message: string, type: string, param: string | null = null) {
  return c.json({ error: { message, type, param, code: null } }, status);
}

export const app = new Hono<{ Bindings: LocalLlmEnv }>();

app.get("/health", (c) => c.json({ ok: true, service: "local-llm" }));

app.get("/v1/models", (c) => {
  const s = stateFor(c.env);
  return c.json({ object: "list", data: Object.keys(s.current).map((id) => ({ id: `local-${id}`, object: "model", created: 0, owned_by: "edgeslo-local" })) });
});

async function chatCompletions(c: Context<{ Bindings: LocalLlmEnv }>, profileName: string): Promise<Response> {
  const s = stateFor(c.env);
  const profile = s.current[profileName];
  if (!profile) return openAiError(c, 404, `unknown profile ${profileName}`, "invalid_request_error");
  if (c.env.LLM_API_KEY && c.req.header("authorization") !== `Bearer ${c.env.LLM_API_KEY}`) {
    return openAiError(c, 401, "Incorrect API key provided.", "invalid_request_error");
  }
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return openAiError(c, 400, "We could not parse the JSON body of your request.", "invalid_request_error");
  }
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return openAiError(c, 400, `Invalid request: ${issue.path.join(".")}: ${issue.message}`, "invalid_request_error", issue.path.join("."));
  }
  const request = parsed.data;
  if (request.stream) return openAiError(c, 400, "stream: true is not supported by the local stand-in", "invalid_request_error", "stream");

  // Latency and failure are drawn from the isolate's seeded sequence: the same seed replays the same run.
  const latencyMs = sampleLatencyMs(profile, s.rng);
  const fails = s.rng() < profile.errorRate;
  s.served += 1;
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  if (fails) return openAiError(c, profile.errorStatus as 503, "The server is overloaded or not ready yet.", "server_error");

  const messages = request.messages.map((m) => ({ role: m.role, content: typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("") }));
  const jsonObject = request.response_format?.type === "json_object" || request.response_format?.type === "json_schema";
  let content = generateCompletion(messages, { seed: request.seed ?? s.seed, jsonObject });
  let finishReason = "stop";
  if (request.max_tokens !== undefined && countTextTokens(content) > request.max_tokens && !jsonObject) {
    content = content.slice(0, request.max_tokens * 4);
    finishReason = "length";
  }
  const promptTokens = countPromptTokens(messages);
  const completionTokens = countTextTokens(content);
  return c.json({
    id: `chatcmpl-${hash32(`${s.seed}:${JSON.stringify(messages)}`).toString(36)}${s.served.toString(36)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: `${request.model}-local`,
    system_fingerprint: `fp_edgeslo_${profileName}`,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  });
}

app.post("/v1/chat/completions", (c) => chatCompletions(c, "default"));
app.post("/p/:profile/v1/chat/completions", (c) => chatCompletions(c, c.req.param("profile")));

app.get("/admin/state", (c) => {
  const s = stateFor(c.env);
  return c.json({ seed: s.seed, served: s.served, profiles: s.current });
});

/** {"phase": "slow" | "erroring" | "down" | "normal", "profile"?: name, "set"?: {medianMs, p95Ms, errorRate, errorStatus}} */
app.post("/admin/phase", async (c) => {
  const s = stateFor(c.env);
  const parsed = adminPhaseSchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) return c.json({ error: { code: "bad_request", message: parsed.error.issues[0]?.message, path: parsed.error.issues[0]?.path.join(".") } }, 400);
  const { phase, profile, set } = parsed.data;
  const names = profile ? [profile] : Object.keys(s.current);
  for (const name of names) {
    const configured = s.configured[name];
    if (!configured) return c.json({ error: { code: "not_found", message: `unknown profile ${name}` } }, 404);
    const transform = phase ? PHASES[phase] : undefined;
    const base: Profile = phase === "normal" ? structuredClone(configured) : (s.current[name] ?? configured);
    s.current[name] = { ...(transform ? transform(configured) : base), ...set };
  }
  return c.json({ profiles: s.current });
});

app.post("/admin/reset", (c) => {
  const s = stateFor(c.env);
  s.current = structuredClone(s.configured);
  s.rng = createRng(s.seed);
  s.served = 0;
  return c.json({ profiles: s.current });
});

app.notFound((c) => openAiError(c, 404, `Unknown request URL: ${c.req.method} ${c.req.path}`, "invalid_request_error"));
