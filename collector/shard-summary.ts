// What the ingest Worker sends a rollup shard for a batch it expects to be all new: dedupe keys and minute rollups, not events.
import type { EventSource, NormalisedEvent } from "./event";
import type { AePoint } from "./analytics.sink";
import { encodeAePoints } from "./ae-points.codec";
import { roleBits } from "./linking";
import { bucketEvents, type CountedRoles, type RollupBucket, type RollupCounters } from "./rollup";
import { deserialiseSketch, serialiseSketch } from "./sketch";

/** A dedupe key as the shard's SQL reads it from json_each: [start ms, trace id, span id, role bits]. */
export type KeyTuple = [startMs: number, traceId: string, spanId: string, roleBits: number];

/** A minute rollup with its sketch as bytes: class instances do not cross the RPC boundary, bytes copy cheaply. */
export interface SummaryBucket extends RollupCounters {
  bucketStartMs: number;
  version: string;
  sketch: Uint8Array;
}

/**
 * A single-source batch as the shard takes it when every span is new and nothing links to the other source (the
 * common case): the shard records the keys and merges the buckets, and never parses a thousand events.
 */
export interface ShardSummary {
  source: EventSource;
  /** JSON of KeyTuple[], one per event, roles as counted without linking. */
  keys: string;
  count: number;
  oldestStartMs: number;
  buckets: SummaryBucket[];
  /** The Analytics Engine points the shard writes in its own invocation (at most 250), as encodeAePoints text. */
  aePoints: string;
}

/** The roles an event counts when the other source has claimed nothing for its trace. */
export function unlinkedRoles(event: NormalisedEvent): CountedRoles {
  return { request: event.isRequest, usage: event.hasUsage };
}

export function keyTuple(event: NormalisedEvent, roles: CountedRoles): KeyTuple {
  return [event.timestampMs, event.traceId, event.spanId, roleBits(roles)];
}

/** events: one source, non-empty. */
export function summarise(events: NormalisedEvent[], aePoints: AePoint[]): ShardSummary {
  const entries = events.map((event) => ({ event, roles: unlinkedRoles(event) }));
  let oldestStartMs = Infinity;
  for (const event of events) if (event.timestampMs < oldestStartMs) oldestStartMs = event.timestampMs;
  return {
    source: events[0]!.source,
    keys: JSON.stringify(entries.map(({ event, roles }) => keyTuple(event, roles))),
    count: events.length,
    oldestStartMs,
    buckets: bucketEvents(entries).map(({ latency, ...bucket }) => ({ ...bucket, sketch: serialiseSketch(latency) })),
    aePoints: encodeAePoints(aePoints),
  };
}

export function bucketsOfSummary(summary: ShardSummary): RollupBucket[] {
  return summary.buckets.map(({ sketch, ...bucket }) => ({ ...bucket, latency: deserialiseSketch(sketch) }));
}
