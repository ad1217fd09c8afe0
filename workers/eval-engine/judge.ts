// The LLM judge: the prompt it gets and how its JSON answer is read (0-10 per criterion and overall → 0..1).
import { z } from "zod";
import type { ChatMessage } from "../shared/openai-chat.client";
import type { EvalCriterion } from "./evaluate-request";

/** Bump when the template changes: cached verdicts from an old template must not be served. */
export const JUDGE_CACHE_NAMESPACE = "judge/v1";

export function buildJudgeMessages(input: { prompt: string; response: string; criteria: EvalCriterion[]; reference?: string }): ChatMessage[] {
  const reference = input.reference ? `\n\nReference answer:\n${input.reference}` : "";
  return [
    {
      role: "system",
      content:
        `You are an impartial evaluator. Judge the response to the prompt on: ${input.criteria.join(", ")}. ` +
        'Respond with a JSON object only: {"score": <0-10 overall>, "criteria": {"<criterion>": <0-10>}, "reasoning": "<one sentence>"}.',
    },
    { role: "user", content: `Prompt:\n${input.prompt}\n\nResponse:\n${input.response}${reference}` },
  ];
}

const judgeAnswerSchema = z.object({
  score: z.coerce.number().min(0).max(10),
  criteria: z.record(z.string(), z.coerce.number().min(0).max(10)).optional(),
  reasoning: z.string().optional(),
});

export interface JudgeVerdict {
  /** 0..1 */
  score: number;
  criteria: Record<string, number>;
  reasoning: string;
}

/** Reads the judge's JSON (a code fence around it is tolerated); null when it is not the asked-for shape. */
export function parseJudgeAnswer(content: string): JudgeVerdict | null {
  const text = content.trim().replace(/^```(?:json)?\s*|\s*```$/g, "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = judgeAnswerSchema.safeParse(json);
  if (!parsed.success) return null;
  const criteria = Object.fromEntries(Object.entries(parsed.data.criteria ?? {}).map(([k, v]) => [k, v / 10]));
  return { score: parsed.data.score / 10, criteria, reasoning: parsed.data.reasoning ?? "" };
}

/** Judge 70 %, deterministic checks 30 %; without a readable verdict the checks decide alone. */
export function combineScores(judge: number | null, checks: number | null): number {
  if (judge === null) return checks ?? 0;
  if (checks === null) return judge;
  return 0.7 * judge + 0.3 * checks;
}
