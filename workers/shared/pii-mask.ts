// PII masking before anything leaves the Worker: emails, phone numbers, card numbers (Luhn-checked), API keys, custom patterns.
import { z } from "zod";

export const piiOptionsSchema = z.object({
  email: z.boolean().default(true),
  phone: z.boolean().default(true),
  card: z.boolean().default(true),
  apiKey: z.boolean().default(true),
  /** Put the caller's own values back into the answer (they never went to the LLM or into the cache). */
  restore: z.boolean().default(true),
  /** Extra detectors, e.g. {"name": "employee_id", "pattern": "\\bEMP-\\d{6}\\b"}. */
  extraPatterns: z
    .array(z.object({ name: z.string().regex(/^[a-z][a-z0-9_]*$/), pattern: z.string().min(1) }))
    .default([]),
});
export type PiiOptions = z.infer<typeof piiOptionsSchema>;

export type PiiKind = "email" | "phone" | "card" | "api_key" | (string & {});

interface Detector {
  kind: PiiKind;
  regex: RegExp;
  /** Capture group holding the secret (default: the whole match). */
  group?: number;
  accept?: (text: string) => boolean;
}

/** Luhn (mod 10) check over the digits of a candidate card number. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const digitsOf = (text: string) => text.replace(/\D/g, "");

/** Card brands start with 2-6 (Mastercard 2/5, Amex 3, Visa 4, Discover 6): 13-19 digits that pass Luhn. */
function isCardNumber(text: string): boolean {
  const digits = digitsOf(text);
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && passesLuhn(digits);
}

/** E.164 allows at most 15 digits; fewer than 8 is a short code or an ordinary number. */
function isPhoneNumber(text: string): boolean {
  const digits = digitsOf(text);
  return digits.length >= 8 && digits.length <= 15;
}

const API_KEY_PATTERNS = [
  /\bsk-(?:proj-|ant-(?:api\d+-)?)?[A-Za-z0-9_-]{20,}/g, // OpenAI, Anthropic
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google
  /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe
  /\b(?:sk|pk)-lf-[A-Za-z0-9-]{8,}/g, // Langfuse
  /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWT
];
/** `api_key = "…"`, `token: …`: the value is masked, the label kept. */
const SECRET_ASSIGNMENT = /\b(?:api[_-]?key|secret|token|password|passwd|bearer)\b["']?\s*[:=]?\s*["']?([A-Za-z0-9_\-./+=]{16,})/gi;

function detectorsFor(options: PiiOptions): Detector[] {
  const detectors: Detector[] = [];
  if (options.apiKey) {
    for (const regex of API_KEY_PATTERNS) detectors.push({ kind: "api_key", regex });
    detectors.push({ kind: "api_key", regex: SECRET_ASSIGNMENT, group: 1 });
  }
  if (options.email) {
    detectors.push({ kind: "email", regex: /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g });
  }
  if (options.card) {
    detectors.push({ kind: "card", regex: /(?<![\d.,])\d(?:[ -]?\d){12,18}(?![\d.,]\d)/g, accept: isCardNumber });
  }
  if (options.phone) {
    // International: a leading + and groups; North American: (555) 123-4567, 555-123-4567, 555.123.4567.
    detectors.push({ kind: "phone", regex: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){1,5}(?![\d])/g, accept: isPhoneNumber });
    detectors.push({ kind: "phone", regex: /(?<![\w.-])(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d-]|\.\d)/g, accept: isPhoneNumber });
  }
  for (const extra of options.extraPatterns) detectors.push({ kind: extra.name, regex: new RegExp(extra.pattern, "g") });
  return detectors;
}

export interface PiiFinding {
  kind: PiiKind;
  placeholder: string;
}

export interface MaskResult {
  masked: string;
  findings: PiiFinding[];
  /** placeholder → original value, for restore(). Never logged or sent anywhere. */
  originals: Map<string, string>;
  counts: Record<string, number>;
}

interface Match {
  start: number;
  end: number;
  kind: PiiKind;
  value: string;
}

/**
 * Masks every detected value with a numbered placeholder ([EMAIL_1], [CARD_2], ...); the same value gets the same
 * placeholder. Detectors run in priority order (API keys, emails, cards, phones, custom); overlaps keep the first.
 */
export function maskPii(text: string, options: PiiOptions): MaskResult {
  const matches: Match[] = [];
  const overlaps = (start: number, end: number) => matches.some((m) => start < m.end && end > m.start);
  for (const detector of detectorsFor(options)) {
    for (const found of text.matchAll(detector.regex)) {
      const value = detector.group ? found[detector.group] : found[0];
      if (!value) continue;
      const start = found.index + (detector.group ? found[0].indexOf(value) : 0);
      const end = start + value.length;
      if (detector.accept && !detector.accept(value)) continue;
      if (overlaps(start, end)) continue;
      matches.push({ start, end, kind: detector.kind, value });
    }
  }
  matches.sort((a, b) => a.start - b.start);
  const byValue = new Map<string, string>();
  const originals = new Map<string, string>();
  const counts: Record<string, number> = {};
  const findings: PiiFinding[] = [];
  let masked = "";
  let cursor = 0;
  for (const m of matches) {
    let placeholder = byValue.get(`${m.kind}\u0000${m.value}`);
    if (!placeholder) {
      counts[m.kind] = (counts[m.kind] ?? 0) + 1;
      placeholder = `[${m.kind.toUpperCase()}_${counts[m.kind]}]`;
      byValue.set(`${m.kind}\u0000${m.value}`, placeholder);
      originals.set(placeholder, m.value);
      findings.push({ kind: m.kind, placeholder });
    }
    masked += text.slice(cursor, m.start) + placeholder;
    cursor = m.end;
  }
  masked += text.slice(cursor);
  return { masked, findings, originals, counts };
}

/** Puts this request's values back in place of their placeholders (unknown placeholders stay as they are). */
export function restorePii(text: string, originals: Map<string, string>): string {
  if (originals.size === 0) return text;
  return text.replace(/\[[A-Z][A-Z0-9_]*_\d+\]/g, (placeholder) => originals.get(placeholder) ?? placeholder);
}
