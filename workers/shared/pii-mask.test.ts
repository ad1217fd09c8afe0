// PII masking cases, including ordinary numbers that must stay.
import { describe, expect, it } from "vitest";
import { maskPii, passesLuhn, piiOptionsSchema, restorePii } from "./pii-mask";

const all = piiOptionsSchema.parse({});
const mask = (text: string) => maskPii(text, all).masked;

describe("PII masking", () => {
  it("masks emails, keeping the same placeholder for the same address", () => {
    const r = maskPii("Mail ann.lee+work@corp.example.com or ANN.LEE+work@corp.example.com, cc bob@ex.io", all);
    expect(r.masked).toBe("Mail [EMAIL_1] or [EMAIL_2], cc [EMAIL_3]");
    const again = maskPii("to bob@ex.io and bob@ex.io", all);
    expect(again.masked).toBe("to [EMAIL_1] and [EMAIL_1]");
    expect(again.counts).toEqual({ email: 1 });
  });

  it("masks phone numbers in international and North American formats", () => {
    expect(mask("call +44 20 7946 0958 today")).toBe("call [PHONE_1] today");
    expect(mask("call +1-415-555-0132")).toBe("call [PHONE_1]");
    expect(mask("call (415) 555-0132 or 415.555.0133 or 415-555-0134")).toBe("call [PHONE_1] or [PHONE_2] or [PHONE_3]");
  });

  it("masks card numbers only when they pass the Luhn check", () => {
    expect(passesLuhn("4111111111111111")).toBe(true);
    expect(passesLuhn("4111111111111112")).toBe(false);
    expect(mask("card 4111 1111 1111 1111 exp 12/29")).toBe("card [CARD_1] exp 12/29");
    expect(mask("card 5500-0000-0000-0004")).toBe("card [CARD_1]");
    expect(mask("amex 378282246310005")).toBe("amex [CARD_1]");
    expect(mask("order 4111111111111112 shipped")).toBe("order 4111111111111112 shipped");
  });

  it("masks API keys by their known shapes and after key=/token: labels", () => {
    expect(mask("use sk-proj-abcdefghijklmnopqrstuvwxyz123456")).toBe("use [API_KEY_1]");
    expect(mask("AWS AKIAIOSFODNN7EXAMPLE")).toBe("AWS [API_KEY_1]");
    expect(mask("gh ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789")).toBe("gh [API_KEY_1]");
    expect(mask('config api_key="Zx9vQ2mN8bL4kJ7hG6fD"')).toBe('config api_key="[API_KEY_1]"');
    expect(mask("token: abcdEFGH1234ijklMNOP5678")).toBe("token: [API_KEY_1]");
  });

  it("leaves ordinary numbers alone", () => {
    const text =
      "Order 12345 of 2024-01-15 costs $1,299.99 for 3 items; version 10.2.3, pi 3.14159265358979, " +
      "ZIP 94103, 1,000,000 users, invoice 100234567, ip 192.168.100.20, ISBN 9780306406157, id 1234567890123456.";
    const r = maskPii(text, all);
    expect(r.masked).toBe(text);
    expect(r.findings).toEqual([]);
  });

  it("can switch detectors off and add custom patterns", () => {
    const options = piiOptionsSchema.parse({ email: false, extraPatterns: [{ name: "employee_id", pattern: "\\bEMP-\\d{6}\\b" }] });
    expect(maskPii("ann@corp.com is EMP-123456", options).masked).toBe("ann@corp.com is [EMPLOYEE_ID_1]");
  });

  it("restores this request's values and nothing else", () => {
    const r = maskPii("write to ann@corp.com about card 4111111111111111", all);
    const answer = "Dear [EMAIL_1], your card [CARD_1] and [EMAIL_9] ...";
    expect(restorePii(answer, r.originals)).toBe("Dear ann@corp.com, your card 4111111111111111 and [EMAIL_9] ...");
  });
});
