// LangfuseAssembler: holds a project's Langfuse items by trace until the trace settles, then sends its events to the rollup shards.
import { DurableObject } from "cloudflare:workers";
import { parseConfig } from "./config";
import type { LangfuseItem } from "./decode/langfuse";
import { traceIdOfItem } from "./decode/langfuse";
import type { NormalisedEvent } from "./event";
import { assembleLangfuseTrace } from "./langfuse-assembly";
import { writeToShards } from "./shard-writer";
import { applyMigrations } from "./sql-migrations";

const MIGRATIONS = [
  `CREATE TABLE item (envelope_id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, item TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX item_by_trace ON item (trace_id)`,
  `CREATE TABLE pending_trace (trace_id TEXT PRIMARY KEY, project TEXT NOT NULL, due_at INTEGER NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX pending_by_due ON pending_trace (due_at)`,
] as const;

/** Traces settled per alarm run, so one run stays well inside its CPU budget. */
const TRACES_PER_ALARM = 500;

export class LangfuseAssembler extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    applyMigrations(this.sql, MIGRATIONS);
  }

  /** Stores the items durably (a repeated envelope id is a no-op) and pushes each trace's settle time back. */
  async add(project: string, items: LangfuseItem[]): Promise<void> {
    const settleMs = parseConfig(this.env as unknown as Record<string, unknown>).langfuseSettleMs;
    const dueAt = Date.now() + settleMs;
    this.ctx.storage.transactionSync(() => {
      for (const item of items) {
        const traceId = traceIdOfItem(item);
        this.sql.exec("INSERT OR IGNORE INTO item (envelope_id, trace_id, item) VALUES (?, ?, ?)", item.envelopeId, traceId, JSON.stringify(item));
        this.sql.exec(
          "INSERT INTO pending_trace (trace_id, project, due_at) VALUES (?, ?, ?) ON CONFLICT (trace_id) DO UPDATE SET due_at = excluded.due_at",
          traceId, project, dueAt,
        );
      }
    });
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > dueAt) await this.ctx.storage.setAlarm(dueAt);
  }

  /** Settles due traces: one rollup call per service, then forgets them. A failed call throws and the alarm retries. */
  override async alarm(): Promise<void> {
    const config = parseConfig(this.env as unknown as Record<string, unknown>);
    const nowMs = Date.now();
    const due = this.sql
      .exec<{ trace_id: string; project: string }>("SELECT trace_id, project FROM pending_trace WHERE due_at <= ? ORDER BY due_at LIMIT ?", nowMs, TRACES_PER_ALARM)
      .toArray();
    const byProject = new Map<string, NormalisedEvent[]>();
    for (const { trace_id: traceId, project } of due) {
      const items = this.sql
        .exec<{ item: string }>("SELECT item FROM item WHERE trace_id = ?", traceId)
        .toArray()
        .map((row) => JSON.parse(row.item) as LangfuseItem);
      const events = byProject.get(project) ?? [];
      events.push(...assembleLangfuseTrace(traceId, items, { project, pricing: config.pricing }));
      byProject.set(project, events);
    }
    // Shards dedupe on (source, trace, span), so a retry after a partial failure counts nothing twice.
    // One assembler serves one project (its name says which), so this runs once and its 250 AE points budget holds.
    for (const [project, events] of byProject) await (await writeToShards(this.env, project, events)).afterwards;
    this.ctx.storage.transactionSync(() => {
      for (const { trace_id: traceId } of due) {
        this.sql.exec("DELETE FROM item WHERE trace_id = ?", traceId);
        this.sql.exec("DELETE FROM pending_trace WHERE trace_id = ? AND due_at <= ?", traceId, nowMs);
      }
    });
    const next = this.sql.exec<{ due: number | null }>("SELECT MIN(due_at) AS due FROM pending_trace").one().due;
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, Date.now()));
  }
}
