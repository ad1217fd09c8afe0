// POST /evaluate input: a prompt/response pair, the criteria to judge, an optional reference answer and pass threshold.
import { z } from "zod";

export const EVAL_CRITERIA = ["relevance", "clarity", "completeness", "safety"] as const;
export type EvalCriterion = (typeof EVAL_CRITERIA)[number];

export const evaluateRequestSchema = z
  .object({
    prompt: z.string().trim().min(1, "must not be empty").max(20_000),
    response: z.string().max(50_000),
    criteria: z.array(z.enum(EVAL_CRITERIA)).min(1).max(EVAL_CRITERIA.length).default([...EVAL_CRITERIA]),
    reference: z.string().max(20_000).optional(),
    /** Overall score (0..1) needed to pass. */
    threshold: z.number().min(0).max(1).default(0.7),
  })
  .strict();
export type EvaluateRequest = z.infer<typeof evaluateRequestSchema>;
