// RollupShard: one project+service. Dedupes events, links OTLP and Langfuse by trace, keeps minute/hour rollups, answers window queries.
import { DurableObject } from "cloudflare:workers";
import { parseConfig } from "./config";
import type { EventSource, NormalisedEvent } from "./event";
import {
  addCounters, bucketEvents, emptyCounters, figuresOf, floorTo, HOUR_MS, MINUTE_MS,
  type CountedRoles, type RollupBucket, type RollupCounters, type WindowFigures,
} from "./rollup";
import { deserialiseSketch, mergeSketches, serialiseSketch, type LatencySketch } from "./sketch";
import { createLatencySketch, sketchCountAtOrBelow, sketchQuantileMs } from "./sketch";
import { addRowCounts, addWindowCounts, emptyWindowCounts, type RollupRowCounters, type WindowCounts, type WindowsAnswer, type WindowsQuery } from "./window-counts";
import { decideRoles, otherSource, roleBits } from "./linking";
import { applyMigrations } from "./sql-migrations";
import { buildSeries, type Series } from "./series";
import { AE_POINTS_PER_INVOCATION, createAnalyticsSink, toDataPoint, type EventSink } from "./analytics.sink";
import { bucketsOfSummary, keyTuple, type KeyTuple, type ShardSummary } from "./shard-summary";
import { decodeAePoints } from "./ae-points.codec";
import { writeAePointBatches } from "./ae-points.writers";

const MIGRATIONS = [
  `CREATE TABLE rollup (
     resolution TEXT NOT NULL, bucket_start INTEGER NOT NULL, version TEXT NOT NULL,
     requests INTEGER NOT NULL, errors INTEGER NOT NULL, cache_hits INTEGER NOT NULL, cache_misses INTEGER NOT NULL,
     cache_bypasses INTEGER NOT NULL, usage_events INTEGER NOT NULL, input_tokens INTEGER NOT NULL,
     output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, latency_sum_ms REAL NOT NULL,
     cache_tier_hits TEXT NOT NULL, latency_sketch BLOB NOT NULL,
     PRIMARY KEY (resolution, bucket_start, version)) WITHOUT ROWID`,
  `CREATE TABLE seen (source TEXT NOT NULL, trace_id TEXT NOT NULL, span_id TEXT NOT NULL, seen_at INTEGER NOT NULL,
     PRIMARY KEY (source, trace_id, span_id)) WITHOUT ROWID`,
  `CREATE INDEX seen_by_time ON seen (seen_at)`,
  `CREATE TABLE trace_claim (trace_id TEXT PRIMARY KEY, request_source TEXT, usage_source TEXT, claimed_at INTEGER NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX trace_claim_by_time ON trace_claim (claimed_at)`,
  // Analytics Engine points beyond the 250-per-invocation limit wait here, committed with the rollups, until the alarm sends them on.
  `CREATE TABLE ae_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, point TEXT NOT NULL)`,
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID`,
  // Roles counted per delivered span replace the per-trace claim table: linking reads them by (source, trace) prefix.
  `ALTER TABLE seen ADD COLUMN roles INTEGER NOT NULL DEFAULT 0`,
  `DROP TABLE trace_claim`,
  // Outbox rows hold a whole queue message (up to AE_POINTS_PER_MESSAGE points) instead of one point each.
  `DROP TABLE ae_outbox`,
  `CREATE TABLE ae_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, points TEXT NOT NULL)`,
  // Recent spans' keys led by their own start time: a batch's inserts land at the table's growing end instead of all
  // over a random-keyed B-tree (whose cost per insert grew with its size), and pruning deletes a prefix, no index.
  `CREATE TABLE seen_recent (source TEXT NOT NULL, at_ms INTEGER NOT NULL, trace_id TEXT NOT NULL, span_id TEXT NOT NULL,
     roles INTEGER NOT NULL, PRIMARY KEY (source, at_ms, trace_id, span_id)) WITHOUT ROWID`,
] as const;

/** Outbox batches (250 points each) handed to writers per alarm run, all at once. */
const OUTBOX_BATCHES_PER_ALARM = 32;

type Resolution = "m" | "h";

/** A stored rollup row: the counter columns readWindows() also reads, plus its key, tokens, tier hits and sketch. */
type RollupRow = RollupRowCounters & {
  resolution: Resolution;
  bucket_start: number;
  version: string;
  input_tokens: number;
  output_tokens: number;
  cache_tier_hits: string;
  latency_sketch: ArrayBuffer;
};

export interface IngestOutcome {
  /** Events not seen before. */
  accepted: number;
  /** Events already counted (a retried delivery). */
  duplicates: number;
  /** Roles dropped because the same trace's request or usage was already counted from the other source. */
  linkedDrops: number;
}

export interface ShardIngestAnswer extends IngestOutcome {
  /**
   * The new events whose Analytics Engine points this shard did not write (it writes the first 250 in its own
   * invocation), as flat [index in the batch, role bits] pairs: the caller writes them or hands them to writers.
   */
  aeRest: number[];
}

export interface SummaryAnswer {
  /** The batch was all new and is committed, its first 250 points written; false = send the events instead. */
  taken: boolean;
  /** The shard links OTLP and Langfuse by trace (Langfuse reports to it): summaries will not be taken for now. */
  linking: boolean;
}

export interface WindowQuery {
  fromMs: number;
  toMs: number;
  version?: string;
}

export interface VersionFigures extends WindowFigures {
  version: string;
  firstBucketMs: number;
  lastBucketMs: number;
}

export interface WindowAnswer {
  fromMs: number;
  toMs: number;
  total: WindowFigures;
  versions: VersionFigures[];
}

function countersOfRow(row: RollupRow): RollupCounters {
  return {
    requests: row.requests, errors: row.errors, cacheHits: row.cache_hits, cacheMisses: row.cache_misses,
    cacheBypasses: row.cache_bypasses, usageEvents: row.usage_events, inputTokens: row.input_tokens,
    outputTokens: row.output_tokens, costUsd: row.cost_usd, latencySumMs: row.latency_sum_ms,
    cacheTierHits: JSON.parse(row.cache_tier_hits) as Record<string, number>,
  };
}

/**
 * Dedupe keys are stored as bytes when they are lower-case hex (OTel ids: 16 + 8 bytes instead of 48 characters),
 * as text otherwise (free-form Langfuse ids); expandId turns them back into the strings the events carry.
 */
const compactId = (sql: string) => `(CASE WHEN ${sql} GLOB '*[^0-9a-f]*' OR length(${sql}) % 2 = 1 THEN ${sql} ELSE unhex(${sql}) END)`;
const expandId = (column: string) => `(CASE WHEN typeof(${column}) = 'blob' THEN lower(hex(${column})) ELSE ${column} END)`;

/** Compaction folds nothing most minutes; pruning dedupe keys every minute keeps each delete small and storage flat. */
const HOUSEKEEPING_INTERVAL_MS = MINUTE_MS;

/**
 * Where a delivered span's key is remembered. OTLP spans that start less than RECENT_MS before they arrive (nearly
 * all) go to seen_recent, keyed by (start time, trace, span): a retry carries the same start time. The rest go to
 * seen, keyed by (trace, span) alone: late spans, every Langfuse observation (its updates repeat the id with other
 * fields), and, while Langfuse reports to the shard, OTLP spans that count a role, because linking looks those up
 * by trace. Every insert checks the other table too, so a key's table may differ between a delivery and its retry.
 */
export const RECENT_MS = 10 * MINUTE_MS;
/** When Langfuse first reports to a shard, OTLP spans that counted a role this far back become findable by trace. */
const LINK_BACKFILL_MS = 15 * MINUTE_MS;

/** Rolls back the all-new fast path of a batch that repeats some keys. */
class SomeKeysSeen extends Error {}

export class RollupShard extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Replaceable in tests: Analytics Engine stores nothing locally, so tests read rows through this seam. */
  sink: EventSink;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sink = createAnalyticsSink(env);
    applyMigrations(this.sql, MIGRATIONS);
  }

  /**
   * A batch as events (a JSON string: cheaper across the RPC boundary than structured-cloning a thousand objects),
   * for what a summary cannot carry: repeated deliveries, linking by trace, late spans, Langfuse. Rollups and dedupe
   * state commit together; a throw changes nothing.
   */
  async ingest(eventsJson: string): Promise<ShardIngestAnswer> {
    const events = JSON.parse(eventsJson) as NormalisedEvent[];
    const nowMs = Date.now();
    const outcome: IngestOutcome = { accepted: 0, duplicates: 0, linkedDrops: 0 };
    const fresh = this.committed(() => this.commitBatch(events, nowMs, outcome));
    // Analytics Engine takes 250 points per invocation: this one writes the first 250, the caller the rest.
    this.sink.write(fresh.slice(0, AE_POINTS_PER_INVOCATION).map(({ event, roles }) => toDataPoint(event, roles)));
    await this.scheduleAlarm(null);
    const rest = fresh.slice(AE_POINTS_PER_INVOCATION);
    if (rest.length === 0) return { ...outcome, aeRest: [] };
    const indexOf = new Map(events.map((event, index) => [event, index]));
    return { ...outcome, aeRest: rest.flatMap(({ event, roles }) => [indexOf.get(event)!, roleBits(roles)]) };
  }

  /**
   * The common case in one small call: a single-source OTLP batch of recent spans, sent as dedupe keys and minute
   * rollups the caller merged. Taken only when every key is new and the shard does not link by trace; otherwise
   * nothing changes and the caller sends the events to ingest(), which tells duplicates and linked roles apart.
   */
  async ingestSummary(summary: ShardSummary): Promise<SummaryAnswer> {
    const nowMs = Date.now();
    const linking = this.mayHaveClaims("langfuse", nowMs);
    if (summary.source !== "otlp" || linking || summary.oldestStartMs < nowMs - RECENT_MS) return { taken: false, linking };
    const taken = this.committed(() =>
      this.ctx.storage.transactionSync(() => {
        if (!this.insertAllNew(summary.keys, summary.count, summary.source)) return false;
        this.mergeBuckets(bucketsOfSummary(summary), nowMs);
        return true;
      }),
    );
    if (!taken) return { taken, linking };
    this.sink.write(decodeAePoints(summary.aePoints));
    await this.scheduleAlarm(null);
    return { taken, linking };
  }

  /** Runs a storage transaction; when it throws (rolled back), forgets what this instance cached about stored state. */
  private committed<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      this.claimsUntil.clear();
      this.seenHoldsSource.clear();
      throw error;
    }
  }

  /** Dedupe, linking and rollups for one batch, in one transaction: all of it commits, or none of it. */
  private commitBatch(events: NormalisedEvent[], nowMs: number, outcome: IngestOutcome): { event: NormalisedEvent; roles: CountedRoles }[] {
    return this.ctx.storage.transactionSync(() => {
      const fresh: { event: NormalisedEvent; roles: CountedRoles }[] = [];
      const sources = new Set(events.map((e) => e.source));
      // Batches are single-source in practice (one route or one assembler); splitting keeps linking exact if not.
      if (sources.size === 1) fresh.push(...this.admit(events, events[0]!.source, nowMs, outcome));
      else {
        for (const source of sources) fresh.push(...this.admit(events.filter((e) => e.source === source), source, nowMs, outcome));
      }
      this.mergeBuckets(bucketEvents(fresh), nowMs);
      return fresh;
    });
  }

  /** Late data older than the compaction horizon goes straight into its hour, as compaction would have put it. */
  private mergeBuckets(buckets: RollupBucket[], nowMs: number): void {
    const horizonMs = this.compactionHorizonMs(nowMs);
    for (const bucket of buckets) {
      if (bucket.bucketStartMs < horizonMs) this.mergeBucket("h", { ...bucket, bucketStartMs: floorTo(bucket.bucketStartMs, HOUR_MS) });
      else this.mergeBucket("m", bucket);
    }
  }

  /**
   * Point batches the caller could not hand to a writer: kept in the outbox, committed, until the alarm writes them.
   * Best effort like writeDataPoint itself; the rollups are already committed.
   */
  async deferAePoints(batches: string[]): Promise<void> {
    for (const body of batches) this.sql.exec("INSERT INTO ae_outbox (points) VALUES (?)", body);
    await this.scheduleAlarm(Date.now());
  }

  /**
   * Dedupes a single-source batch and decides which roles count, in set-based statements (never one per span): the
   * other source's claims on these traces, then INSERT OR IGNORE … RETURNING per key table, which both records the
   * new spans with their counted roles and tells which ones were new.
   */
  private admit(events: NormalisedEvent[], source: EventSource, nowMs: number, outcome: IngestOutcome) {
    if (source === "langfuse" && !this.mayHaveClaims("langfuse", nowMs)) this.backfillOtlpClaims(nowMs);
    const linking = this.mayHaveClaims("langfuse", nowMs) || source === "langfuse";
    const claimed = new Map<string, number>();
    const linkable = [...new Set(events.filter((e) => e.isRequest || e.hasUsage).map((e) => e.traceId))];
    if (linkable.length > 0 && this.mayHaveClaims(otherSource(source), nowMs)) {
      const rows = this.sql.exec<{ trace_id: string; bits: number }>(
        `SELECT ${expandId("trace_id")} AS trace_id, MAX(roles & 1) | MAX(roles & 2) AS bits FROM seen
         WHERE source = ? AND trace_id IN (SELECT ${compactId("value")} FROM json_each(?)) AND roles > 0 GROUP BY trace_id`,
        otherSource(source), JSON.stringify(linkable),
      );
      for (const row of rows) claimed.set(row.trace_id, row.bits);
    }
    const recentFromMs = nowMs - RECENT_MS;
    const recent: KeyTuple[] = [];
    const keyed: KeyTuple[] = [];
    const decided = events.map((event) => {
      const roles = decideRoles(event, claimed.get(event.traceId) ?? 0);
      const bits = roleBits(roles);
      const byKey = source === "langfuse" || event.timestampMs < recentFromMs || (linking && bits !== 0);
      (byKey ? keyed : recent).push(keyTuple(event, roles));
      return { event, roles };
    });
    if (keyed.some(([, , , bits]) => bits !== 0)) this.noteClaims(source, nowMs);
    if (source === "langfuse") this.noteClaims("langfuse", nowMs);
    const recentJson = JSON.stringify(recent);
    if (keyed.length === 0 && claimed.size === 0 && this.insertAllNew(recentJson, recent.length, source)) {
      // The common case: nothing seen before and nothing to link, so every event counts with all its roles.
      outcome.accepted += events.length;
      return decided;
    }
    const inserted = new Set([...(recent.length > 0 ? this.insertRecent(recentJson, source, true) : []), ...this.insertKeyed(keyed, source, nowMs)]);
    const fresh: typeof decided = [];
    for (const entry of decided) {
      // The first occurrence of a key in the batch is the new one; later copies and earlier deliveries are duplicates.
      if (!inserted.delete(`${entry.event.traceId} ${entry.event.spanId}`)) {
        outcome.duplicates += 1;
        continue;
      }
      outcome.accepted += 1;
      if ((entry.event.isRequest && !entry.roles.request) || (entry.event.hasUsage && !entry.roles.usage)) outcome.linkedDrops += 1;
      fresh.push(entry);
    }
    return fresh;
  }

  /**
   * Keys (JSON of KeyTuple[]) of recent spans not in either table, recorded in seen_recent; answers "trace span" of
   * each new one, or only how many were new.
   */
  private insertRecent(keysJson: string, source: EventSource, returning: true): string[];
  private insertRecent(keysJson: string, source: EventSource, returning: false): number;
  private insertRecent(keysJson: string, source: EventSource, returning: boolean): string[] | number {
    const trace = compactId("k.value ->> 1");
    const span = compactId("k.value ->> 2");
    // Most shards never write seen for a source; skipping its probe then saves one index lookup per span.
    const probe = this.seenHolds(source)
      ? `AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.source = ?1 AND s.trace_id = ${trace} AND s.span_id = ${span})`
      : "";
    const statement = `INSERT OR IGNORE INTO seen_recent (source, at_ms, trace_id, span_id, roles)
       SELECT ?1, k.value ->> 0, ${trace}, ${span}, k.value ->> 3 FROM json_each(?2) AS k WHERE true ${probe}`;
    if (!returning) {
      this.sql.exec(statement, source, keysJson);
      return this.sql.exec<{ n: number }>("SELECT changes() AS n").one().n;
    }
    return this.sql
      .exec<{ trace_id: string; span_id: string }>(`${statement} RETURNING ${expandId("trace_id")} AS trace_id, ${expandId("span_id")} AS span_id`, source, keysJson)
      .toArray()
      .map((row) => `${row.trace_id} ${row.span_id}`);
  }

  /** Keys of late, linkable or Langfuse events not in either table, recorded in seen; answers "trace span" of each new one. */
  private insertKeyed(keys: KeyTuple[], source: EventSource, nowMs: number): string[] {
    if (keys.length === 0) return [];
    const trace = compactId("k.value ->> 1");
    const span = compactId("k.value ->> 2");
    this.seenHoldsSource.set(source, true);
    return this.sql
      .exec<{ trace_id: string; span_id: string }>(
        `INSERT OR IGNORE INTO seen (source, trace_id, span_id, seen_at, roles)
         SELECT ?1, ${trace}, ${span}, ?2, k.value ->> 3 FROM json_each(?3) AS k
         WHERE NOT EXISTS (SELECT 1 FROM seen_recent r WHERE r.source = ?1 AND r.at_ms = k.value ->> 0 AND r.trace_id = ${trace} AND r.span_id = ${span})
         RETURNING ${expandId("trace_id")} AS trace_id, ${expandId("span_id")} AS span_id`,
        source, nowMs, JSON.stringify(keys),
      )
      .toArray()
      .map((row) => `${row.trace_id} ${row.span_id}`);
  }

  /**
   * Records every key of an all-recent batch in one statement without returning them. Commits and answers true only
   * when every key was new; otherwise its savepoint rolls back and the caller takes the path that tells duplicates apart.
   */
  private insertAllNew(keysJson: string, count: number, source: EventSource): boolean {
    try {
      this.ctx.storage.transactionSync(() => {
        if (this.insertRecent(keysJson, source, false) !== count) throw new SomeKeysSeen();
      });
      return true;
    } catch (error) {
      if (error instanceof SomeKeysSeen) return false;
      throw error;
    }
  }

  /**
   * The shard's first Langfuse batch (in the dedupe window) makes the OTLP spans that counted a role recently
   * findable by trace, so a generation whose request span arrived before it still links to it.
   */
  private backfillOtlpClaims(nowMs: number): void {
    const copied = this.sql.exec(
      `INSERT OR IGNORE INTO seen (source, trace_id, span_id, seen_at, roles)
       SELECT source, trace_id, span_id, ?, roles FROM seen_recent WHERE source = 'otlp' AND at_ms >= ? AND roles > 0`,
      nowMs, nowMs - LINK_BACKFILL_MS,
    ).rowsWritten;
    if (copied > 0) {
      this.seenHoldsSource.set("otlp", true);
      this.noteClaims("otlp", nowMs);
    }
  }

  /** Whether seen may hold keys of a source, mirrored in memory; forgotten when a rollback or pruning may change it. */
  private readonly seenHoldsSource = new Map<EventSource, boolean>();

  private seenHolds(source: EventSource): boolean {
    let holds = this.seenHoldsSource.get(source);
    if (holds === undefined) {
      holds = this.sql.exec<{ n: number }>("SELECT EXISTS (SELECT 1 FROM seen WHERE source = ?) AS n", source).one().n === 1;
      this.seenHoldsSource.set(source, holds);
    }
    return holds;
  }

  /** claims_until per source, mirrored from the meta table so a batch costs no extra read or write. */
  private readonly claimsUntil = new Map<EventSource, number>();

  /**
   * Whether a source has counted any role findable by trace in this shard within the dedupe window. Most shards only
   * ever hear from one source, and skipping the lookup for them saves a thousand index probes per batch.
   */
  private mayHaveClaims(source: EventSource, nowMs: number): boolean {
    return this.storedClaimsUntil(source) >= nowMs;
  }

  private storedClaimsUntil(source: EventSource): number {
    let until = this.claimsUntil.get(source);
    if (until === undefined) {
      until = this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = ?", `claims_until:${source}`).toArray()[0]?.value ?? 0;
      this.claimsUntil.set(source, until);
    }
    return until;
  }

  /**
   * Keeps claims_until at least one dedupe window ahead of now (claims stay in seen that long), with headroom so it
   * is rewritten at most once per hour or window, not per batch.
   */
  private noteClaims(source: EventSource, nowMs: number): void {
    const windowMs = parseConfig(this.env as unknown as Record<string, unknown>).dedupeWindowMs;
    if (this.storedClaimsUntil(source) >= nowMs + windowMs) return;
    const until = nowMs + windowMs + Math.min(HOUR_MS, windowMs);
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", `claims_until:${source}`, until);
    this.claimsUntil.set(source, until);
  }

  private readRow(resolution: Resolution, bucketStartMs: number, version: string): RollupRow | undefined {
    return this.sql
      .exec<RollupRow>("SELECT * FROM rollup WHERE resolution = ? AND bucket_start = ? AND version = ?", resolution, bucketStartMs, version)
      .toArray()[0];
  }

  private mergeBucket(resolution: Resolution, bucket: RollupBucket): void {
    const existing = this.readRow(resolution, bucket.bucketStartMs, bucket.version);
    const counters = existing ? countersOfRow(existing) : emptyCounters();
    addCounters(counters, bucket);
    const sketch = existing ? mergeSketches([deserialiseSketch(existing.latency_sketch), bucket.latency]) : bucket.latency;
    this.writeRow(resolution, bucket.bucketStartMs, bucket.version, counters, sketch);
  }

  private writeRow(resolution: Resolution, bucketStartMs: number, version: string, c: RollupCounters, sketch: LatencySketch): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO rollup (resolution, bucket_start, version, requests, errors, cache_hits, cache_misses,
         cache_bypasses, usage_events, input_tokens, output_tokens, cost_usd, latency_sum_ms, cache_tier_hits, latency_sketch)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      resolution, bucketStartMs, version, c.requests, c.errors, c.cacheHits, c.cacheMisses, c.cacheBypasses,
      c.usageEvents, c.inputTokens, c.outputTokens, c.costUsd, c.latencySumMs, JSON.stringify(c.cacheTierHits),
      serialiseSketch(sketch),
    );
  }

  /** Minute rows inside the window, plus hour rows (older data) whose hour starts inside it, rounded down to the hour. */
  async query(q: WindowQuery): Promise<WindowAnswer> {
    const rows = this.windowRows(q);
    const total = emptyCounters();
    const totalSketches: LatencySketch[] = [];
    const byVersion = new Map<string, { counters: RollupCounters; sketches: LatencySketch[]; first: number; last: number }>();
    for (const row of rows) {
      const counters = countersOfRow(row);
      const sketch = deserialiseSketch(row.latency_sketch);
      addCounters(total, counters);
      totalSketches.push(sketch);
      let entry = byVersion.get(row.version);
      if (!entry) {
        entry = { counters: emptyCounters(), sketches: [], first: row.bucket_start, last: row.bucket_start };
        byVersion.set(row.version, entry);
      }
      addCounters(entry.counters, counters);
      entry.sketches.push(sketch);
      entry.first = Math.min(entry.first, row.bucket_start);
      entry.last = Math.max(entry.last, row.bucket_start);
    }
    return {
      fromMs: q.fromMs,
      toMs: q.toMs,
      total: figuresOf(total, totalSketches),
      versions: [...byVersion.entries()]
        .map(([version, e]) => ({ version, firstBucketMs: e.first, lastBucketMs: e.last, ...figuresOf(e.counters, e.sketches) }))
        .sort((a, b) => b.lastBucketMs - a.lastBucketMs || a.version.localeCompare(b.version)),
    };
  }

  /**
   * At-or-below counts of rows already read, so a minute cron decodes only the sketches it must merge (the short
   * windows') and rows that changed. A row's sketch changes exactly when a request is added to it, which changes its
   * requests and latency sum: those two columns validate an entry. Counts only: caching decoded sketches for every
   * shard costs megabytes each (measured: twice the CPU through GC pressure with 100 shards in one isolate).
   */
  private readonly rowCounts = new Map<string, { requests: number; latencySumMs: number; below: Map<number, number> }>();

  /**
   * Several windows ending at one instant, per version and in total, in ONE call (the SLO evaluator's read): counters,
   * requests at or below each latency threshold (read from each row's sketch bins), optional quantiles, and optionally
   * the merged sketch per version for one window (canary analysis). Rows are read once for the longest window and each
   * lands in the shortest window that holds it; longer windows add up the shorter ones. Row selection per window is the
   * same as query()'s: minute rows from the window's minute, hour rows from the window's hour.
   */
  async readWindows(q: WindowsQuery): Promise<WindowsAnswer> {
    const windowsMs = [...new Set(q.windowsMs)].sort((a, b) => a - b);
    const longestMs = windowsMs.at(-1) ?? 0;
    const needSketch = q.latencyThresholdsMs.length > 0 || q.quantiles.length > 0 || q.sketchesForWindowMs !== undefined;
    const rows = this.sql
      .exec<Omit<RollupRow, "latency_sketch">>(
        `SELECT resolution, bucket_start, version, requests, errors, cache_hits, cache_misses, cache_bypasses, usage_events,
           input_tokens, output_tokens, cost_usd, latency_sum_ms, cache_tier_hits FROM rollup
         WHERE ((resolution = 'm' AND bucket_start >= ? AND bucket_start < ?) OR (resolution = 'h' AND bucket_start >= ? AND bucket_start < ?))`,
        floorTo(q.toMs - longestMs, MINUTE_MS), q.toMs, floorTo(q.toMs - longestMs, HOUR_MS), q.toMs,
      )
      .toArray();
    const starts = windowsMs.map((ms) => ({ m: floorTo(q.toMs - ms, MINUTE_MS), h: floorTo(q.toMs - ms, HOUR_MS) }));
    type Partial = { counts: WindowCounts; sketch: LatencySketch | null };
    const fresh = (): Partial => ({ counts: emptyWindowCounts(q.latencyThresholdsMs.length), sketch: null });
    // deltas[key][i]: rows whose shortest holding window is windowsMs[i]; key "" is the total.
    const deltas = new Map<string, Partial[]>();
    const spans = new Map<string, { first: number; last: number }>();
    const sketchWindowIndex = q.sketchesForWindowMs === undefined ? -1 : windowsMs.indexOf(q.sketchesForWindowMs);
    // Quantiles merge every row's sketch; windows longer than quantilesUpToWindowMs skip that and report null.
    const quantileLimitMs = q.quantiles.length > 0 ? (q.quantilesUpToWindowMs ?? Infinity) : -1;
    const lastQuantileIndex = windowsMs.findLastIndex((ms) => ms <= quantileLimitMs);
    const touched = new Set<string>();
    // Sketch blobs: one point read per row that needs decoding, or one range read when many do (a cold object).
    let blobs: Map<string, ArrayBuffer> | null = null;
    let pointReads = 0;
    const blobOf = (row: { resolution: Resolution; bucket_start: number; version: string }): ArrayBuffer => {
      const key = `${row.resolution}|${row.bucket_start}|${row.version}`;
      if (!blobs && ++pointReads > 64) {
        blobs = new Map();
        for (const r of this.sql.exec<{ resolution: string; bucket_start: number; version: string; latency_sketch: ArrayBuffer }>(
          `SELECT resolution, bucket_start, version, latency_sketch FROM rollup
           WHERE ((resolution = 'm' AND bucket_start >= ? AND bucket_start < ?) OR (resolution = 'h' AND bucket_start >= ? AND bucket_start < ?))`,
          floorTo(q.toMs - longestMs, MINUTE_MS), q.toMs, floorTo(q.toMs - longestMs, HOUR_MS), q.toMs,
        )) blobs.set(`${r.resolution}|${r.bucket_start}|${r.version}`, r.latency_sketch);
      }
      return blobs?.get(key) ?? this.sql
        .exec<{ latency_sketch: ArrayBuffer }>("SELECT latency_sketch FROM rollup WHERE resolution = ? AND bucket_start = ? AND version = ?", row.resolution, row.bucket_start, row.version)
        .one().latency_sketch;
    };
    for (const row of rows) {
      const index = starts.findIndex((s) => row.bucket_start >= (row.resolution === "m" ? s.m : s.h));
      if (index < 0) continue;
      let below: number[] = [];
      let sketch: LatencySketch | null = null;
      if (needSketch) {
        const cacheKey = `${row.resolution}|${row.bucket_start}|${row.version}`;
        touched.add(cacheKey);
        let cached = this.rowCounts.get(cacheKey);
        if (!cached || cached.requests !== row.requests || cached.latencySumMs !== row.latency_sum_ms) {
          cached = { requests: row.requests, latencySumMs: row.latency_sum_ms, below: new Map() };
          this.rowCounts.set(cacheKey, cached);
        }
        const entry = cached;
        const mustMerge = index <= lastQuantileIndex || index <= sketchWindowIndex;
        if (mustMerge || q.latencyThresholdsMs.some((t) => !entry.below.has(t))) {
          sketch = deserialiseSketch(blobOf(row));
          for (const t of q.latencyThresholdsMs) if (!entry.below.has(t)) entry.below.set(t, sketchCountAtOrBelow(sketch, t));
        }
        below = q.latencyThresholdsMs.map((t) => entry.below.get(t)!);
      }
      for (const key of ["", row.version]) {
        let list = deltas.get(key);
        if (!list) deltas.set(key, (list = windowsMs.map(fresh)));
        const delta = list[index]!;
        addRowCounts(delta.counts, row, below);
        if (sketch && (index <= lastQuantileIndex || (key !== "" && index <= sketchWindowIndex))) {
          delta.sketch = delta.sketch ? (delta.sketch.merge(sketch), delta.sketch) : mergeSketches([sketch]);
        }
      }
      const span = spans.get(row.version);
      if (!span) spans.set(row.version, { first: row.bucket_start, last: row.bucket_start });
      else (span.first = Math.min(span.first, row.bucket_start)), (span.last = Math.max(span.last, row.bucket_start));
    }
    if (this.rowCounts.size > touched.size * 2 + 1000) {
      for (const key of this.rowCounts.keys()) if (!touched.has(key)) this.rowCounts.delete(key);
    }
    // Running sums turn per-window deltas into nested windows.
    const cumulative = new Map<string, { counts: WindowCounts; sketch: LatencySketch | null }[]>();
    for (const [key, list] of deltas) {
      const counts = emptyWindowCounts(q.latencyThresholdsMs.length);
      const sketch = createLatencySketch();
      cumulative.set(key, list.map((delta, i) => {
        addWindowCounts(counts, delta.counts);
        if (delta.sketch) sketch.merge(delta.sketch);
        const snapshot = { ...counts, latencyAtOrBelow: [...counts.latencyAtOrBelow] };
        snapshot.latencyQuantilesMs = q.quantiles.map((quantile) => (i <= lastQuantileIndex ? sketchQuantileMs(sketch, quantile) : null));
        return { counts: snapshot, sketch: key !== "" && i === sketchWindowIndex ? mergeSketches([sketch]) : null };
      }));
    }
    const versionKeys = [...spans.keys()].sort((a, b) => spans.get(b)!.last - spans.get(a)!.last || a.localeCompare(b));
    const empty = () => ({ ...emptyWindowCounts(q.latencyThresholdsMs.length), latencyQuantilesMs: q.quantiles.map(() => null) });
    return {
      toMs: q.toMs,
      windows: windowsMs.map((windowMs, i) => ({
        windowMs,
        fromMs: q.toMs - windowMs,
        total: cumulative.get("")?.[i]?.counts ?? empty(),
        versions: versionKeys
          .map((version) => ({ version, firstBucketMs: spans.get(version)!.first, lastBucketMs: spans.get(version)!.last, ...(cumulative.get(version)?.[i]?.counts ?? empty()) }))
          .filter((v) => v.requests > 0 || v.usageEvents > 0),
      })),
      sketches:
        sketchWindowIndex < 0
          ? []
          : versionKeys.flatMap((version) => {
              const sketch = cumulative.get(version)?.[sketchWindowIndex]?.sketch;
              return sketch && sketch.count > 0 ? [{ version, sketch: serialiseSketch(sketch) }] : [];
            }),
    };
  }

  /** Minutes before this hour boundary are kept as hour rows. */
  private compactionHorizonMs(nowMs: number): number {
    return floorTo(nowMs - parseConfig(this.env as unknown as Record<string, unknown>).compactAfterMs, HOUR_MS);
  }

  /** Folds minute rows older than the compaction horizon into hour rows; drops data past retention and old dedupe keys. */
  compact(nowMs: number): { foldedMinutes: number } {
    const config = parseConfig(this.env as unknown as Record<string, unknown>);
    const horizon = this.compactionHorizonMs(nowMs);
    let foldedMinutes = 0;
    this.ctx.storage.transactionSync(() => {
      const old = this.sql.exec<RollupRow>("SELECT * FROM rollup WHERE resolution = 'm' AND bucket_start < ?", horizon).toArray();
      const hours = new Map<string, RollupBucket>();
      for (const row of old) {
        const hourStart = floorTo(row.bucket_start, HOUR_MS);
        const key = `${hourStart}|${row.version}`;
        let hour = hours.get(key);
        if (!hour) {
          hour = { ...emptyCounters(), bucketStartMs: hourStart, version: row.version, latency: deserialiseSketch(row.latency_sketch) };
          addCounters(hour, countersOfRow(row));
          hours.set(key, hour);
          continue;
        }
        addCounters(hour, countersOfRow(row));
        hour.latency.merge(deserialiseSketch(row.latency_sketch));
      }
      for (const hour of hours.values()) this.mergeBucket("h", hour);
      foldedMinutes = this.sql.exec("DELETE FROM rollup WHERE resolution = 'm' AND bucket_start < ?", horizon).rowsWritten;
      this.sql.exec("DELETE FROM rollup WHERE resolution = 'h' AND bucket_start < ?", nowMs - 30 * 24 * HOUR_MS);
      this.sql.exec("DELETE FROM seen WHERE seen_at < ?", nowMs - config.dedupeWindowMs);
      // A recent key entered seen_recent at most RECENT_MS after its start time, so this keeps it a whole window.
      for (const source of ["otlp", "langfuse"]) {
        this.sql.exec("DELETE FROM seen_recent WHERE source = ? AND at_ms < ?", source, nowMs - RECENT_MS - config.dedupeWindowMs);
      }
      });
    this.seenHoldsSource.clear();
    return { foldedMinutes };
  }

  private outboxSize(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM ae_outbox").one().n;
  }

  /** Hands outbox batches to writers; a failed one stays and throws, so the alarm is retried and nothing is lost. */
  private async drainOutbox(): Promise<void> {
    const rows = this.sql
      .exec<{ id: number; points: string }>("SELECT id, points FROM ae_outbox ORDER BY id LIMIT ?", OUTBOX_BATCHES_PER_ALARM)
      .toArray();
    if (rows.length === 0) return;
    const { failed, error } = await writeAePointBatches(this.env.AE_WRITER, rows.map((row) => row.points));
    const written = rows.filter((_, i) => !failed.includes(i)).map((row) => row.id);
    if (written.length > 0) this.sql.exec("DELETE FROM ae_outbox WHERE id IN (SELECT value FROM json_each(?))", JSON.stringify(written));
    if (failed.length > 0) throw error;
  }

  /**
   * When the alarm is set for, mirrored in memory: every ingest makes sure one is set, and reading it from storage
   * each time cost more than the rest of a small batch. undefined = not read yet in this instance.
   */
  private alarmAtMs: number | null | undefined;

  /** One alarm serves both jobs: draining the outbox soon, and housekeeping every few minutes. */
  private async scheduleAlarm(soonMs: number | null): Promise<void> {
    if (this.alarmAtMs === undefined) this.alarmAtMs = await this.ctx.storage.getAlarm();
    const next = soonMs ?? Date.now() + HOUSEKEEPING_INTERVAL_MS;
    if (this.alarmAtMs === null || next < this.alarmAtMs) await this.setAlarmAt(next);
  }

  private async setAlarmAt(atMs: number): Promise<void> {
    await this.ctx.storage.setAlarm(atMs);
    this.alarmAtMs = atMs;
  }

  override async alarm(): Promise<void> {
    // A running alarm is no longer set; until it sets the next one, ingest must not assume one is pending.
    this.alarmAtMs = null;
    await this.drainOutbox();
    const nowMs = Date.now();
    const lastCompaction = this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'compacted_at'").toArray()[0]?.value ?? 0;
    if (nowMs - lastCompaction >= HOUSEKEEPING_INTERVAL_MS) {
      this.compact(nowMs);
      this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('compacted_at', ?)", nowMs);
    }
    await this.setAlarmAt(this.outboxSize() > 0 ? nowMs : nowMs + HOUSEKEEPING_INTERVAL_MS);
  }

  /** Minute rows inside the window, plus hour rows (older data) whose hour starts inside it. */
  private windowRows(q: WindowQuery): RollupRow[] {
    return this.sql
      .exec<RollupRow>(
        `SELECT * FROM rollup
         WHERE ((resolution = 'm' AND bucket_start >= ? AND bucket_start < ?) OR (resolution = 'h' AND bucket_start >= ? AND bucket_start < ?))
           AND (? IS NULL OR version = ?)`,
        floorTo(q.fromMs, MINUTE_MS), q.toMs, floorTo(q.fromMs, HOUR_MS), q.toMs, q.version ?? null, q.version ?? null,
      )
      .toArray();
  }

  /** The window as ready-to-plot points of stepMs, per version and in total. */
  async series(q: WindowQuery & { stepMs: number }): Promise<Series> {
    const rows = this.windowRows(q).map((row) => ({
      bucketStartMs: row.bucket_start,
      resolutionMs: row.resolution === "h" ? HOUR_MS : MINUTE_MS,
      version: row.version,
      counters: countersOfRow(row),
      sketch: deserialiseSketch(row.latency_sketch),
    }));
    return buildSeries(rows, q.stepMs);
  }
}
