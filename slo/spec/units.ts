// Units at the spec boundary: "28d" → minutes, "99.5%" → 0.995, "100ms" → milliseconds. The domain holds numbers only.
import { z } from "zod";

const MINUTES = { s: 1 / 60, m: 1, h: 60, d: 1440, w: 10080 } as const;

/** "30s", "5m", "1h", "28d", "2w" → minutes (0 alone is allowed). OpenSLO's "M" (months) is not rolling-window friendly. */
export const durationMinutesSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (value === 0 || value === "0") return 0;
  const match = typeof value === "string" ? /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(value.trim()) : null;
  if (!match) {
    ctx.addIssue({ code: "custom", message: `expected a duration such as "5m", "1h" or "28d", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return Number(match[1]) * MINUTES[match[2] as keyof typeof MINUTES];
});

/** 0.995, 99.5 or "99.5%" → 0.995. Numbers of 1 and above are percentages. */
export const ratioSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const percent = typeof value === "string" ? /^(\d+(?:\.\d+)?)\s*%$/.exec(value.trim()) : null;
  const ratio = percent ? Number(percent[1]) / 100 : typeof value === "number" ? (value >= 1 ? value / 100 : value) : Number.NaN;
  if (!(ratio > 0 && ratio <= 1)) {
    ctx.addIssue({ code: "custom", message: `expected a ratio such as 0.99, 99 or "99%", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ratio;
});

/** 100, "100ms", "1.5s" → milliseconds. */
export const millisecondsSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === "number" && value > 0) return value;
  const match = typeof value === "string" ? /^(\d+(?:\.\d+)?)\s*(ms|s)$/.exec(value.trim()) : null;
  if (!match || Number(match[1]) <= 0) {
    ctx.addIssue({ code: "custom", message: `expected a latency such as 100, "100ms" or "1.5s", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
});

/** 0.95, "p95", "95%" or 95 → 0.95 (a quantile). */
export const quantileSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === "string" ? value.trim().toLowerCase() : null;
  const p = text ? /^p(\d+(?:\.\d+)?)$/.exec(text) : null;
  const parsed = p ? Number(p[1]) / 100 : ratioSchema.safeParse(value).data;
  if (parsed === undefined || !(parsed > 0 && parsed < 1)) {
    ctx.addIssue({ code: "custom", message: `expected a quantile such as "p95" or 0.95, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return parsed;
});
