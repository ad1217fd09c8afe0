import { describe, expect, it } from "vitest";
import { costFromDetails, DEFAULT_PRICING, findModelPrice, resolveCostUsd } from "./pricing";

describe("pricing", () => {
  it("a dated or provider-prefixed model name finds its family's price (longest prefix wins)", () => {
    expect(findModelPrice(DEFAULT_PRICING, "gpt-4o-mini-2024-07-18")).toEqual(DEFAULT_PRICING["gpt-4o-mini"]);
    expect(findModelPrice(DEFAULT_PRICING, "openai/gpt-4o-2024-08-06")).toEqual(DEFAULT_PRICING["gpt-4o"]);
    expect(findModelPrice(DEFAULT_PRICING, "my-own-model")).toBeNull();
    expect(findModelPrice(DEFAULT_PRICING, null)).toBeNull();
  });

  it("a sent cost wins over the table, even zero", () => {
    expect(resolveCostUsd(DEFAULT_PRICING, { sentCostUsd: 0, model: "gpt-4o", inputTokens: 1e6, outputTokens: 0 })).toEqual({ costUsd: 0, costSource: "sent" });
  });

  it("without a sent cost, tokens are priced per million", () => {
    expect(resolveCostUsd(DEFAULT_PRICING, { sentCostUsd: null, model: "gpt-4o", inputTokens: 1000, outputTokens: 500 })).toEqual({
      costUsd: (1000 * 2.5 + 500 * 10) / 1e6,
      costSource: "priced",
    });
    expect(resolveCostUsd(DEFAULT_PRICING, { sentCostUsd: null, model: "unknown", inputTokens: 10, outputTokens: 0 }).costSource).toBe("none");
  });

  it("cost details: total when present, else the sum of the parts, ignoring non-numbers", () => {
    expect(costFromDetails({ input: 1, output: 2, total: 10 })).toBe(10);
    expect(costFromDetails({ input: 1, output: 2, note: "x" })).toBe(3);
    expect(costFromDetails({})).toBeNull();
    expect(costFromDetails(null)).toBeNull();
  });
});
