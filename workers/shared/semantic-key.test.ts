// Cache key stability and normalisation.
import { describe, expect, it } from "vitest";
import { canonicalise, semanticKey, semanticKeyMaterial } from "./semantic-key";

describe("semantic cache keys", () => {
  it("are stable across releases for the same input (a changed hash would empty every cache)", async () => {
    expect(await semanticKey("optimize/v1", { prompt: "Write a haiku", style: "concise" })).toBe(
      "67294497825659df3b9e30f4683234eabe07bd7464e0943209c0b80260ccbc07" // sha256 of ["optimize/v1",{"prompt":"write a haiku","style":"concise"}],
    );
  });

  it("ignore whitespace and letter case", async () => {
    const a = await semanticKey("ns", "  Write   a HAIKU\nabout the sea ");
    const b = await semanticKey("ns", "write a haiku about the sea");
    expect(a).toBe(b);
  });

  it("ignore key order in structured input, at any depth", async () => {
    const a = await semanticKey("ns", { task: "summarise", context: { audience: "execs", length: 3 } });
    const b = await semanticKey("ns", { context: { length: 3, audience: "Execs" }, task: "Summarise " });
    expect(a).toBe(b);
  });

  it("keep array order, namespace and values significant", async () => {
    const base = await semanticKey("ns", { steps: ["a", "b"] });
    expect(await semanticKey("ns", { steps: ["b", "a"] })).not.toBe(base);
    expect(await semanticKey("other", { steps: ["a", "b"] })).not.toBe(base);
    expect(await semanticKey("ns", { steps: ["a", "c"] })).not.toBe(base);
  });

  it("hash a canonical JSON form", () => {
    expect(canonicalise({ B: " X  y ", a: [1, "Z"] })).toEqual({ a: [1, "z"], b: "x y" });
    expect(semanticKeyMaterial("ns", { b: 1, a: 2 })).toBe('["ns",{"a":2,"b":1}]');
  });
});
