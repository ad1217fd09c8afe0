// Query windows: "15m", "6h", "28d" → milliseconds, bounded to what the stores hold.
import { z } from "zod";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const MIN_WINDOW_MS = UNIT_MS.m;
/** Rollups keep 30 days; longer windows (up to Analytics Engine's 90-day retention) are read through its SQL API. */
export const ROLLUP_RETENTION_MS = 30 * UNIT_MS.d;
export const MAX_WINDOW_MS = 90 * UNIT_MS.d;

export const windowSchema = z
  .string()
  .regex(/^\d{1,5}[mhd]$/, 'window: a number and a unit, e.g. "5m", "1h", "28d"')
  .transform((text) => Number(text.slice(0, -1)) * UNIT_MS[text.at(-1) as keyof typeof UNIT_MS])
  .refine((ms) => ms >= MIN_WINDOW_MS && ms <= MAX_WINDOW_MS, "window: between 1m and 90d");
