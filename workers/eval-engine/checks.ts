// Deterministic checks run at the edge before (and beside) the LLM judge: cheap, explainable, never leave the Worker.
import { maskPii, type PiiOptions } from "../shared/pii-mask";

export interface CheckResult {
  name: string;
  /** 0..1 */
  score: number;
  passed: boolean;
  /** A failed hard check fails the evaluation whatever the judge says. */
  hard: boolean;
  detail: string;
}

const STOPWORDS = new Set(
  "the a an and or but if then else of to in on at by for with from into about as is are was were be been being this that these those it its you your we our they their i me my please can could would should will shall do does did not no yes write make give show tell explain".split(" "),
);

export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => w.length > 3 && !STOPWORDS.has(w)));
}

const REFUSAL = /\b(?:i(?:'m| am) (?:sorry|unable)|i can(?:no|')t (?:help|assist|comply)|as an ai(?: language model)?)\b/i;

function check(name: string, score: number, passed: boolean, hard: boolean, detail: string): CheckResult {
  return { name, score: Math.max(0, Math.min(1, score)), passed, hard, detail };
}

export function runChecks(input: { prompt: string; response: string }, pii: PiiOptions): CheckResult[] {
  const { prompt, response } = input;
  const results: CheckResult[] = [];
  const trimmed = response.trim();
  results.push(check("non_empty", trimmed ? 1 : 0, trimmed.length > 0, true, trimmed ? `${trimmed.length} characters` : "the response is empty"));

  // The response should not be wildly shorter or longer than the task suggests.
  const ratio = trimmed.length / Math.max(1, prompt.trim().length);
  const lengthOk = ratio >= 0.2 && ratio <= 40;
  results.push(check("length_ratio", lengthOk ? 1 : ratio < 0.2 ? ratio / 0.2 : 40 / ratio, lengthOk, false, `response/prompt length ratio ${ratio.toFixed(2)}`));

  const promptWords = contentWords(prompt);
  const responseWords = contentWords(response);
  const covered = [...promptWords].filter((w) => responseWords.has(w)).length;
  const coverage = promptWords.size === 0 ? 1 : covered / promptWords.size;
  results.push(check("keyword_coverage", coverage, coverage >= 0.3, false, `${covered} of ${promptWords.size} key terms of the prompt appear`));

  // PII in the response that the prompt did not contain was invented or leaked.
  const promptPii = new Set(maskPii(prompt, pii).originals.values());
  const leaked = [...maskPii(response, pii).originals.values()].filter((v) => !promptPii.has(v)).length;
  results.push(check("pii_leak", leaked ? 0 : 1, leaked === 0, true, leaked ? `${leaked} personal value(s) not present in the prompt` : "no new personal data"));

  const refused = REFUSAL.test(response);
  results.push(check("refusal", refused ? 0 : 1, !refused, false, refused ? "the response refuses or deflects" : "no refusal"));

  if (/\bjson\b/i.test(prompt)) {
    let valid = false;
    try {
      JSON.parse(trimmed.replace(/^```(?:json)?\n?|\n?```$/g, ""));
      valid = true;
    } catch {
      valid = false;
    }
    results.push(check("json_valid", valid ? 1 : 0, valid, false, valid ? "parses as JSON" : "the prompt asks for JSON and the response does not parse"));
  }

  const words = trimmed.toLowerCase().split(/\s+/).filter(Boolean);
  const trigrams = words.slice(2).map((_, i) => `${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  const distinct = trigrams.length === 0 ? 1 : new Set(trigrams).size / trigrams.length;
  results.push(check("repetition", distinct, distinct >= 0.6, false, `${Math.round(distinct * 100)} % of word trigrams are distinct`));
  return results;
}

/** Mean score of the checks; null when none ran. */
export function checksScore(results: CheckResult[]): number | null {
  if (results.length === 0) return null;
  return results.reduce((sum, r) => sum + r.score, 0) / results.length;
}
