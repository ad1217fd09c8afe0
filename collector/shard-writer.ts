// Sends normalised events to their rollup shards (one call per project+service, never per event) and their AE points on.
import { DO_NAME } from "./conventions";
import type { NormalisedEvent } from "./event";
import { AE_POINTS_PER_INVOCATION, createAnalyticsSink, toDataPoint, type AePoint, type EventSink } from "./analytics.sink";
import { aePointBatches, writeAePointBatches } from "./ae-points.writers";
import { RECENT_MS, type IngestOutcome, type RollupShard } from "./rollup-shard.do";
import { summarise, unlinkedRoles } from "./shard-summary";
import { rolesOfBits } from "./linking";

/** Services (and versions) this isolate registered recently, so the directory sees one call a minute, not one per request. */
const recentlyRegistered = new Map<string, number>();
const REGISTER_EVERY_MS = 60_000;
/** Shards that said they link by trace: this isolate sends them events, not summaries, for a while. */
const linkingShards = new Map<string, number>();
const LINKING_HINT_MS = 60_000;

export interface ShardWrite {
  outcome: IngestOutcome;
  /** Writing the Analytics Engine points beyond this invocation's 250: the caller awaits it or passes it to waitUntil. */
  afterwards: Promise<void>;
}

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
 * One shard's share: a summary when the batch is one recent OTLP source (taken when all new), else the events.
 * The shard writes the first 250 points of its new events; the rest come back here.
 */
async function writeGroup(
  shard: DurableObjectStub<RollupShard>,
  shardName: string,
  group: NormalisedEvent[],
  nowMs: number,
): Promise<{ outcome: IngestOutcome; restPoints: AePoint[] }> {
  const summarisable =
    group.every((e) => e.source === "otlp" && e.timestampMs >= nowMs - RECENT_MS) && (linkingShards.get(shardName) ?? 0) < nowMs;
  if (summarisable) {
    const points = group.map((event) => toDataPoint(event, unlinkedRoles(event)));
    const answer = await shard.ingestSummary(summarise(group, points.slice(0, AE_POINTS_PER_INVOCATION)));
    if (answer.taken) return { outcome: { accepted: group.length, duplicates: 0, linkedDrops: 0 }, restPoints: points.slice(AE_POINTS_PER_INVOCATION) };
    if (answer.linking) linkingShards.set(shardName, nowMs + LINKING_HINT_MS);
  }
  const { aeRest, ...outcome } = await shard.ingest(JSON.stringify(group));
  const restPoints: AePoint[] = [];
  for (let i = 0; i < aeRest.length; i += 2) restPoints.push(toDataPoint(group[aeRest[i]!]!, rolesOfBits(aeRest[i + 1]!)));
  return { outcome, restPoints };
}

/**
 * Writes a batch to its shards. Analytics Engine takes 250 points per invocation: each shard writes 250 in its own,
 * this invocation the next 250, and pooled AnalyticsWriter objects the rest, 250 per call, in `afterwards`. If a
 * writer call fails its points wait in their shard's outbox until its alarm writes them (best effort, like
 * writeDataPoint; the rollups are exact).
 */
export async function writeToShards(
  env: Env,
  project: string,
  events: NormalisedEvent[],
  sink: EventSink = createAnalyticsSink(env),
): Promise<ShardWrite> {
  const nowMs = Date.now();
  let budget = AE_POINTS_PER_INVOCATION;
  const results = await Promise.all(
    [...groupByService(events)].map(async ([service, group]) => {
      const registrationKey = (version: string) => `${project}\u0000${service}\u0000${version}`;
      const versions = [...new Set(group.map((e) => e.version))].filter(
        (version) => nowMs - (recentlyRegistered.get(registrationKey(version)) ?? 0) > REGISTER_EVERY_MS,
      );
      const shardName = DO_NAME.rollupShard(project, service);
      const shard = env.ROLLUP_SHARD.getByName(shardName);
      const register = async () => {
        if (versions.length === 0) return;
        await env.DIRECTORY.getByName(DO_NAME.projectDirectory(project)).register(service, versions, nowMs);
        for (const version of versions) recentlyRegistered.set(registrationKey(version), nowMs);
      };
      const [{ outcome, restPoints }] = await Promise.all([writeGroup(shard, shardName, group, nowMs), register()]);
      const direct = restPoints.slice(0, budget);
      budget -= direct.length;
      sink.write(direct);
      return { outcome, shard, rest: restPoints.slice(direct.length) };
    }),
  );
  const afterwards = Promise.all(
    results.map(async ({ shard, rest }) => {
      if (rest.length === 0) return;
      const batches = aePointBatches(rest);
      const { failed, error } = await writeAePointBatches(env.AE_WRITER, batches);
      if (failed.length === 0) return;
      console.error(JSON.stringify({ reason: "ae_write_failed", batches: failed.length, error: String(error) }));
      await shard.deferAePoints(failed.map((i) => batches[i]!));
    }),
  ).then(() => undefined);
  const outcome = results.reduce(
    (sum, { outcome: o }) => ({ accepted: sum.accepted + o.accepted, duplicates: sum.duplicates + o.duplicates, linkedDrops: sum.linkedDrops + o.linkedDrops }),
    { accepted: 0, duplicates: 0, linkedDrops: 0 },
  );
  return { outcome, afterwards };
}
