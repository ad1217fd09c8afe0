// The stand-in's deterministic completions: same seed + same messages → same text and usage, in OpenAI's format.
import { createRng, hash32 } from "./latency-model";

export interface StandInMessage {
  role: string;
  content: string;
}

/** ≈ 4 characters a token (OpenAI's rule of thumb), plus 4 tokens of framing per message and 3 for the reply. */
export function countPromptTokens(messages: StandInMessage[]): number {
  return messages.reduce((sum, m) => sum + 4 + countTextTokens(m.content), 3);
}

export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

const OPENINGS = ["You are an expert assistant.", "Act as a careful domain specialist.", "You are a precise, helpful analyst.", "Take the role of a senior practitioner."];
const CLOSINGS = [
  "State any assumptions, then answer in short numbered steps.",
  "Be specific, cite concrete examples, and keep the answer under 200 words.",
  "Answer in clear sections with a one-line summary first.",
  "If information is missing, ask one clarifying question before answering.",
];

function tidy(text: string): string {
  const collapsed = text.replace(/\s+/g, " ").trim();
  const capital = collapsed.charAt(0).toUpperCase() + collapsed.slice(1);
  return /[.!?:]$/.test(capital) ? capital : `${capital}.`;
}

/** A judge-style JSON verdict whose score follows how much of the prompt the response picks up. */
function judgeAnswer(user: string, pick: () => number): string {
  const [promptPart = "", responsePart = ""] = user.split(/\n\s*Response:\n/);
  const words = (t: string) => new Set(t.toLowerCase().match(/[a-z0-9]{4,}/g) ?? []);
  const asked = words(promptPart);
  const answered = words(responsePart);
  const overlap = asked.size === 0 ? 0.5 : [...asked].filter((w) => answered.has(w)).length / asked.size;
  const score = Math.max(1, Math.min(10, Math.round(3 + overlap * 6 + pick() * 2 - 1)));
  return JSON.stringify({
    score,
    criteria: { relevance: Math.min(10, score + 1), clarity: score, completeness: Math.max(0, score - 1) },
    reasoning: overlap > 0.5 ? "The response addresses most of what the prompt asks." : "The response misses parts of the prompt.",
  });
}

export function generateCompletion(messages: StandInMessage[], options: { seed: number; jsonObject: boolean }): string {
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  const user = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const rng = createRng(options.seed ^ hash32(JSON.stringify(messages)));
  const pick = <T,>(list: T[]) => list[Math.floor(rng() * list.length)]!;
  if (options.jsonObject || /respond with a json object/i.test(system)) {
    if (/score/i.test(system)) return judgeAnswer(user, rng);
    return JSON.stringify({ answer: tidy(user).slice(0, 400) });
  }
  return `${pick(OPENINGS)} ${tidy(user)} ${pick(CLOSINGS)}`;
}
