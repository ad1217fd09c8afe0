// Model price table (USD per million tokens) and the cost resolution order: a sent cost always wins over a priced one.
import { z } from "zod";

export const modelPriceSchema = z.object({
  inputUsdPerMTok: z.number().nonnegative(),
  outputUsdPerMTok: z.number().nonnegative(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;
export const pricingTableSchema = z.record(z.string().min(1), modelPriceSchema);
export type PricingTable = z.infer<typeof pricingTableSchema>;

/** List prices published by the providers (late 2026); override or extend with the PRICING_JSON variable. */
export const DEFAULT_PRICING: PricingTable = {
  "gpt-4o": { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 },
  "gpt-4o-mini": { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 },
  "gpt-4.1": { inputUsdPerMTok: 2, outputUsdPerMTok: 8 },
  "gpt-4.1-mini": { inputUsdPerMTok: 0.4, outputUsdPerMTok: 1.6 },
  "gpt-4.1-nano": { inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4 },
  "o3-mini": { inputUsdPerMTok: 1.1, outputUsdPerMTok: 4.4 },
  "claude-3-5-haiku": { inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 },
  "claude-3-5-sonnet": { inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
  "claude-sonnet-4": { inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
  "claude-3-haiku": { inputUsdPerMTok: 0.25, outputUsdPerMTok: 1.25 },
  "gemini-2.0-flash": { inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4 },
  "gemini-1.5-flash": { inputUsdPerMTok: 0.075, outputUsdPerMTok: 0.3 },
  "@cf/meta/llama-3.1-8b-instruct": { inputUsdPerMTok: 0.282, outputUsdPerMTok: 0.827 },
};

/** Exact name first, then the longest table entry the model name starts with ("gpt-4o-mini-2024-07-18" → "gpt-4o-mini"). */
export function findModelPrice(table: PricingTable, model: string | null): ModelPrice | null {
  if (!model) return null;
  const name = model.toLowerCase().replace(/^(openai|anthropic|google|azure)\//, "");
  const exact = table[name];
  if (exact) return exact;
  let best: string | null = null;
  for (const key of Object.keys(table)) {
    if (name.startsWith(key) && (best === null || key.length > best.length)) best = key;
  }
  return best ? (table[best] ?? null) : null;
}

export interface CostInput {
  sentCostUsd: number | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
}

export function resolveCostUsd(
  pricing: PricingTable,
  input: CostInput,
): { costUsd: number; costSource: "sent" | "priced" | "none" } {
  if (input.sentCostUsd !== null && Number.isFinite(input.sentCostUsd) && input.sentCostUsd >= 0) {
    return { costUsd: input.sentCostUsd, costSource: "sent" };
  }
  const price = findModelPrice(pricing, input.model);
  if (!price || input.inputTokens + input.outputTokens === 0) return { costUsd: 0, costSource: "none" };
  const costUsd = (input.inputTokens * price.inputUsdPerMTok + input.outputTokens * price.outputUsdPerMTok) / 1e6;
  return { costUsd, costSource: "priced" };
}

/** Langfuse-style cost map: its "total" when present, else the sum of its parts. */
export function costFromDetails(details: Record<string, unknown> | null | undefined): number | null {
  if (!details) return null;
  const numbers = Object.entries(details).filter(([, v]) => typeof v === "number" && Number.isFinite(v)) as [string, number][];
  if (numbers.length === 0) return null;
  const total = numbers.find(([k]) => k === "total");
  return total ? total[1] : numbers.reduce((sum, [, v]) => sum + v, 0);
}
