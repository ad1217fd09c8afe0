// OpenAI-compatible chat completions client: POST {baseUrl}/chat/completions, parses content and the usage block.
import { z } from "zod";
import type { ProviderConfig } from "./provider-config";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for a JSON object answer (`response_format: {type: "json_object"}`). */
  jsonObject?: boolean;
}

export interface ChatCompletion {
  content: string;
  responseModel: string;
  inputTokens: number;
  outputTokens: number;
  finishReason: string | null;
}

export type ProviderErrorKind = "timeout" | "network" | "http" | "bad_response";

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const completionSchema = z.object({
  model: z.string(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }), finish_reason: z.string().nullable().optional() })).min(1),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }),
});

export async function createChatCompletion(
  provider: ProviderConfig,
  apiKey: string | undefined,
  request: ChatRequest,
  fetcher: typeof fetch,
): Promise<ChatCompletion> {
  const body = {
    model: provider.model,
    messages: request.messages,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.jsonObject ? { response_format: { type: "json_object" } } : {}),
  };
  let response: Response;
  try {
    response = await fetcher(`${provider.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(provider.timeoutMs),
    });
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError") throw new ProviderError("timeout", `${provider.name}: no answer within ${provider.timeoutMs} ms`, undefined, { cause: error });
    throw new ProviderError("network", `${provider.name}: ${String((error as Error)?.message ?? error)}`, undefined, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    const message = (() => {
      try {
        return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text.slice(0, 200);
      } catch {
        return text.slice(0, 200);
      }
    })();
    throw new ProviderError("http", `${provider.name}: HTTP ${response.status}: ${message}`, response.status);
  }
  let parsed: z.infer<typeof completionSchema>;
  try {
    parsed = completionSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new ProviderError("bad_response", `${provider.name}: unexpected completion body`, response.status, { cause: error });
  }
  const choice = parsed.choices[0]!;
  return {
    content: choice.message.content ?? "",
    responseModel: parsed.model,
    inputTokens: parsed.usage.prompt_tokens,
    outputTokens: parsed.usage.completion_tokens,
    finishReason: choice.finish_reason ?? null,
  };
}
