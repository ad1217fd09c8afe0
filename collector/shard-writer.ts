// Sends normalised events to their rollup shards: one call per project+service, never per event.
import { DO_NAME } from "./conventions";
import type { NormalisedEvent } from "./event";
import { AE_POINTS_PER_INVOCATION, createAnalyticsSink } from "./analytics.sink";
import type { IngestOutcome } from "./rollup-shard.do";

/** Services (and versions) this isolate registered recently, so the directory sees one call a minute, not one per request. */
const recentlyRegistered = new Map<string, number>();
const REGISTER_EVERY_MS = 60_000;

export function groupByService(events: NormalisedEvent[]): Map<string, NormalisedEvent[]> {
  const groups = new Map<string, NormalisedEvent[]>();
  for (const event of events) {
    const group = groups.get(event.service);
    if (group) group.push(event);
    else groups.set(event.service, [event]);
  }
  return groups;
}

/**
 * One call per shard; each shard writes 250 Analytics Engine points in its own invocation and hands back up to this
 * invocation's share of the 250 this one may write, which are written here (see rollup-shard.do.ts).
 */
export async function writeToShards(env: Env, project: string, events: NormalisedEvent[]): Promise<IngestOutcome> {
  const nowMs = Date.now();
  const sink = createAnalyticsSink(env);
  const groups = groupByService(events);
  const callerAePoints = Math.floor(AE_POINTS_PER_INVOCATION / Math.max(1, groups.size));
  const outcomes = await Promise.all(
    [...groups].map(async ([service, group]) => {
      const registrationKey = (version: string) => `${project}\u0000${service}\u0000${version}`;
      const versions = [...new Set(group.map((e) => e.version))].filter(
        (version) => nowMs - (recentlyRegistered.get(registrationKey(version)) ?? 0) > REGISTER_EVERY_MS,
      );
      const { aePointsForCaller, ...outcome } = await env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard(project, service)).ingest(
        JSON.stringify(group),
        { callerAePoints },
      );
      sink.write(JSON.parse(aePointsForCaller) as AnalyticsEngineDataPoint[]);
      if (versions.length > 0) {
        await env.DIRECTORY.getByName(DO_NAME.projectDirectory(project)).register(service, versions, nowMs);
        for (const version of versions) recentlyRegistered.set(registrationKey(version), nowMs);
      }
      return outcome;
    }),
  );
  return outcomes.reduce(
    (sum, o) => ({ accepted: sum.accepted + o.accepted, duplicates: sum.duplicates + o.duplicates, linkedDrops: sum.linkedDrops + o.linkedDrops }),
    { accepted: 0, duplicates: 0, linkedDrops: 0 },
  );
}
