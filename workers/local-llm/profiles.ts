// The stand-in's behaviour per simulated provider (latency distribution, error rate) and the named demo phases.
import { z } from "zod";

export const profileSchema = z.object({
  medianMs: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  /** Share of requests answered with errorStatus (0..1). */
  errorRate: z.number().min(0).max(1),
  errorStatus: z.number().int().min(400).max(599).default(503),
});
export type Profile = z.infer<typeof profileSchema>;

export const profilesSchema = z.record(z.string().regex(/^[a-z0-9-]+$/), profileSchema).refine((p) => "default" in p, "a profile named default is required");
export type Profiles = z.infer<typeof profilesSchema>;

/** Phases the traffic generator (and the SLO demo) switch between; each applies to one profile. */
export const PHASES = {
  /** Back to the configured profiles. */
  normal: null,
  /** Ten times slower, e.g. a provider with a congested region. */
  slow: (p: Profile): Profile => ({ ...p, medianMs: p.medianMs * 10, p95Ms: p.p95Ms * 10 }),
  /** Half of the requests fail with 503. */
  erroring: (p: Profile): Profile => ({ ...p, errorRate: 0.5, errorStatus: 503 }),
  /** Every request fails. */
  down: (p: Profile): Profile => ({ ...p, errorRate: 1, errorStatus: 503 }),
} as const;
export type PhaseName = keyof typeof PHASES;

export const adminPhaseSchema = z
  .object({
    phase: z.enum(Object.keys(PHASES) as [PhaseName, ...PhaseName[]]).optional(),
    /** The profile to change (default: all of them). */
    profile: z.string().optional(),
    /** Explicit overrides, applied after the phase. */
    set: profileSchema.partial().optional(),
  })
  .strict();
