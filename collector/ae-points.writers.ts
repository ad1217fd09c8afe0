// Analytics Engine points beyond an invocation's 250: batches of 250, each written by a pooled AnalyticsWriter in its own invocation.
import { AE_POINTS_PER_INVOCATION, type AePoint } from "./analytics.sink";
import { encodeAePoints } from "./ae-points.codec";
import { AE_WRITERS, DO_NAME } from "./conventions";
import type { AnalyticsWriter } from "./analytics-writer.do";

/** Compact bodies (ae-points.codec.ts) of at most one invocation's 250 points each, in order. */
export function aePointBatches(points: AePoint[]): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < points.length; i += AE_POINTS_PER_INVOCATION) bodies.push(encodeAePoints(points.slice(i, i + AE_POINTS_PER_INVOCATION)));
  return bodies;
}

/**
 * Hands each body to a writer picked at random from the pool, all at once; answers the indexes of the bodies that
 * failed (none on success) and the first error. One call per 250 points, never per point.
 */
export async function writeAePointBatches(
  writers: DurableObjectNamespace<AnalyticsWriter>,
  bodies: string[],
): Promise<{ failed: number[]; error?: unknown }> {
  const errors = await Promise.all(
    bodies.map(async (body) => {
      try {
        await writers.getByName(DO_NAME.analyticsWriter(Math.floor(Math.random() * AE_WRITERS))).write(body);
        return undefined;
      } catch (error) {
        return { error };
      }
    }),
  );
  const failed = errors.flatMap((e, i) => (e ? [i] : []));
  return failed.length === 0 ? { failed } : { failed, error: errors[failed[0]!]!.error };
}
