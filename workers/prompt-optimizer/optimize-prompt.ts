// The optimisation prompt sent to the LLM and the text/structure a prompt is turned into before masking.
import type { ChatMessage } from "../shared/openai-chat.client";
import type { StructuredValue } from "../shared/semantic-key";
import type { OptimizeRequest } from "./optimize-request";

/** Bump when the template below changes: cached answers from the old template must not be served. */
export const OPTIMIZE_CACHE_NAMESPACE = "optimize/v1";

const STYLE_GUIDE: Record<OptimizeRequest["style"], string> = {
  concise: "as short as possible while keeping every requirement",
  detailed: "explicit about context, constraints and the expected output",
  structured: "organised into role, task, constraints and output format sections",
  creative: "open-ended and inspiring while keeping the goal clear",
};

/** Structured prompts become JSON with sorted keys (stable text for the LLM and for masking). */
export function promptAsText(prompt: OptimizeRequest["prompt"]): string {
  if (typeof prompt === "string") return prompt;
  return JSON.stringify(sortKeys(prompt as StructuredValue), null, 2);
}

function sortKeys(value: StructuredValue): StructuredValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k]!)]));
  }
  return value;
}

export function buildOptimizeMessages(maskedPrompt: string, style: OptimizeRequest["style"], targetModel: string): ChatMessage[] {
  return [
    {
      role: "system",
      content:
        `You are a prompt engineer. Rewrite the user's prompt for the model ${targetModel} so that it is ${STYLE_GUIDE[style]}. ` +
        "Keep placeholders such as [EMAIL_1] exactly as written. Reply with the rewritten prompt only.",
    },
    { role: "user", content: maskedPrompt },
  ];
}

/** Models sometimes wrap the answer in quotes or a code fence; the caller wants the prompt itself. */
export function cleanOptimizedPrompt(content: string): string {
  let text = content.trim();
  const fenced = /^```[a-z]*\n([\s\S]*?)\n```$/i.exec(text);
  if (fenced) text = fenced[1]!.trim();
  if (text.length > 1 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).trim();
  return text;
}
