// Edge checks and judge-answer parsing: pure, no bindings.
import { describe, expect, it } from "vitest";
import { piiOptionsSchema } from "../shared/pii-mask";
import { checksScore, runChecks } from "./checks";
import { combineScores, parseJudgeAnswer } from "./judge";

const pii = piiOptionsSchema.parse({});
const byName = (results: ReturnType<typeof runChecks>) => Object.fromEntries(results.map((r) => [r.name, r]));

describe("deterministic checks", () => {
  it("pass a relevant, clean answer", () => {
    const r = byName(runChecks({ prompt: "Explain how photosynthesis converts sunlight into chemical energy", response: "Photosynthesis captures sunlight in chlorophyll and converts it into chemical energy stored as glucose." }, pii));
    expect(r.non_empty!.passed).toBe(true);
    expect(r.keyword_coverage!.score).toBeGreaterThan(0.5);
    expect(r.pii_leak!.passed).toBe(true);
    expect(r.refusal!.passed).toBe(true);
  });

  it("fail hard on an empty response and on personal data the prompt did not contain", () => {
    expect(byName(runChecks({ prompt: "say hi", response: "  " }, pii)).non_empty).toMatchObject({ passed: false, hard: true });
    const leak = byName(runChecks({ prompt: "write to [EMAIL_1]", response: "Sure, also cc mallory@evil.example" }, pii)).pii_leak!;
    expect(leak).toMatchObject({ passed: false, hard: true });
    const echoed = byName(runChecks({ prompt: "write to bob@ex.io", response: "Dear bob@ex.io" }, pii)).pii_leak!;
    expect(echoed.passed).toBe(true);
  });

  it("spot refusals, invalid JSON when JSON was asked for, and repetition", () => {
    const r = byName(runChecks({ prompt: "Return the list as JSON", response: "I'm sorry, I can't help with that. " + "the same words again ".repeat(10) }, pii));
    expect(r.refusal!.passed).toBe(false);
    expect(r.json_valid!.passed).toBe(false);
    expect(r.repetition!.passed).toBe(false);
    expect(byName(runChecks({ prompt: "Return JSON", response: '```json\n{"a": 1}\n```' }, pii)).json_valid!.passed).toBe(true);
  });

  it("average into one 0..1 score", () => {
    expect(checksScore([])).toBeNull();
    const score = checksScore(runChecks({ prompt: "name a colour", response: "Blue is a colour." }, pii))!;
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(1);
  });
});

describe("judge answers", () => {
  it("read the asked-for JSON (a code fence is tolerated) into 0..1", () => {
    expect(parseJudgeAnswer('{"score": 8, "criteria": {"clarity": 9}, "reasoning": "good"}')).toEqual({ score: 0.8, criteria: { clarity: 0.9 }, reasoning: "good" });
    expect(parseJudgeAnswer('```json\n{"score": "7"}\n```')?.score).toBe(0.7);
  });

  it("refuse anything else", () => {
    expect(parseJudgeAnswer("Score: 8/10")).toBeNull();
    expect(parseJudgeAnswer('{"score": 42}')).toBeNull();
  });

  it("combine judge 70 % and checks 30 %, the checks alone without a verdict", () => {
    expect(combineScores(0.8, 0.5)).toBeCloseTo(0.71, 10);
    expect(combineScores(null, 0.5)).toBe(0.5);
  });
});
