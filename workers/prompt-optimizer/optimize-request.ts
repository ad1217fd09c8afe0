// POST /optimize input: a prompt (text or structured JSON), optional style, target model, and whether to evaluate it.
import { z } from "zod";

export const OPTIMIZE_STYLES = ["concise", "detailed", "structured", "creative"] as const;

const structuredPromptSchema = z
  .record(z.string(), z.json())
  .refine((value) => Object.keys(value).length > 0, "a structured prompt needs at least one field");

export const optimizeRequestSchema = z
  .object({
    prompt: z.union([z.string().trim().min(1, "must not be empty").max(20_000), structuredPromptSchema]),
    style: z.enum(OPTIMIZE_STYLES).default("concise"),
    targetModel: z.string().trim().min(1).max(100).default("gpt-4o-mini"),
    /** Also score the rewrite with eval-engine (through the EVAL_ENGINE service binding). */
    evaluate: z.boolean().default(false),
  })
  .strict();
export type OptimizeRequest = z.infer<typeof optimizeRequestSchema>;
