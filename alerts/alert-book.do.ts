// AlertBook: one project's alerts, silences, rollbacks and deliveries. Single-threaded, so concurrent cron runs never double-fire.
import { DurableObject } from "cloudflare:workers";
import { applyMigrations } from "../collector/sql-migrations";
import type { AlertObservation } from "../slo/evaluate";
import type { Severity } from "../slo/conventions";
import type { AlertEvent, DeliveryMessage } from "./alert-event";
import { reduceAlert, type AlertEffect, type AlertRecord, type Silence } from "./alert-state";
import { createCloudflareApi, CloudflareApiError } from "./cloudflare-api.client";
import { parseAlertsConfig, targetWants } from "./config";
import { ALERT_EVENT } from "./conventions";
import { chooseRollbackTarget, decideRollback, type RollbackRecord } from "./rollback-policy";

const MIGRATIONS = [
  `CREATE TABLE alert (key TEXT PRIMARY KEY, service TEXT NOT NULL, phase TEXT NOT NULL, updated_at INTEGER NOT NULL, record TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX alert_by_service ON alert (service)`,
  `CREATE TABLE silence (id TEXT PRIMARY KEY, ends_at INTEGER NOT NULL, record TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE TABLE rollback (id TEXT PRIMARY KEY, service TEXT NOT NULL, incident_id TEXT NOT NULL, status TEXT NOT NULL, requested_at INTEGER NOT NULL, record TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX rollback_by_service ON rollback (service, requested_at)`,
  // Deliveries wait here, committed with the transitions that caused them, until the queue has them.
  `CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, message TEXT NOT NULL)`,
  `CREATE TABLE delivery (event_id TEXT NOT NULL, target_id TEXT NOT NULL, event_type TEXT NOT NULL, alert_key TEXT, status TEXT NOT NULL,
     attempts INTEGER NOT NULL, detail TEXT, updated_at INTEGER NOT NULL, PRIMARY KEY (event_id, target_id)) WITHOUT ROWID`,
  `CREATE TABLE target_state (target_id TEXT PRIMARY KEY, disabled_at INTEGER NOT NULL, reason TEXT NOT NULL) WITHOUT ROWID`,
] as const;

const KEEP_HISTORY_MS = 7 * 24 * 3_600_000;
/** A rollback still "pending" this long after it was requested was interrupted (the object restarted mid-call): not retried. */
const PENDING_ROLLBACK_STALE_MS = 5 * 60_000;
const QUEUE_SEND_BATCH_LIMIT = 100;

export type DeliveryStatus = "queued" | "delivered" | "retrying" | "failed" | "disabled" | "dead-lettered";

export interface DeliveryRecord {
  eventId: string;
  targetId: string;
  eventType: string;
  alertKey: string | null;
  status: DeliveryStatus;
  attempts: number;
  detail: string | null;
  updatedAtMs: number;
}

export interface ObserveOutcome {
  transitions: { key: string; effect: AlertEffect["kind"]; event?: string }[];
  rollbacks: RollbackRecord[];
  queued: number;
}

export class AlertBook extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private housekeptAtMs = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    applyMigrations(this.sql, MIGRATIONS);
  }

  private get config() {
    return parseAlertsConfig(this.env as unknown as Record<string, unknown>);
  }

  /**
   * One evaluation of one service: every alert of that service is observed (one it was not told about is inactive).
   * Transitions, the deliveries they cause and rollback claims commit together; then claimed rollbacks are carried out
   * (once: a claim is never made twice for an incident) and the outbox goes to the queue.
   */
  async observe(input: { service: string; nowMs: number; observations: AlertObservation[] }): Promise<ObserveOutcome> {
    const { service, nowMs } = input;
    const outcome: ObserveOutcome = { transitions: [], rollbacks: [], queued: 0 };
    const claimed: RollbackRecord[] = [];
    this.ctx.storage.transactionSync(() => {
      const silences = this.activeSilences(nowMs);
      const existing = new Map(this.sql.exec<{ record: string }>("SELECT record FROM alert WHERE service = ?", service).toArray().map((r) => {
        const record = JSON.parse(r.record) as AlertRecord;
        return [record.key, record];
      }));
      const observations = [...input.observations];
      const seen = new Set(observations.map((o) => o.key));
      for (const record of existing.values()) {
        if (seen.has(record.key) || record.phase === "resolved") continue;
        observations.push({ ...record, active: false, forMinutes: 0, rollbackCandidate: false });
      }
      for (const observation of observations) {
        const { next, effects } = reduceAlert(existing.get(observation.key) ?? null, observation, nowMs, silences);
        const unchanged = next?.phase === "resolved" && existing.get(observation.key)?.phase === "resolved";
        if (next && !unchanged) {
          this.sql.exec("INSERT OR REPLACE INTO alert (key, service, phase, updated_at, record) VALUES (?, ?, ?, ?, ?)", next.key, next.service, next.phase, nowMs, JSON.stringify(next));
        } else if (!next && existing.has(observation.key)) {
          this.sql.exec("DELETE FROM alert WHERE key = ?", observation.key);
        }
        for (const effect of effects) {
          outcome.transitions.push({ key: effect.alert.key, effect: effect.kind, ...("event" in effect ? { event: effect.event } : {}) });
          if (effect.kind === "notify") {
            const type = effect.event === "firing" ? ALERT_EVENT.firing : ALERT_EVENT.resolved;
            outcome.queued += this.enqueue({ id: `${effect.alert.incidentId}:${effect.event}`, type, occurredAtMs: nowMs, alert: effect.alert, rollback: null }, effect.alert.severity, nowMs);
          }
          if (effect.kind === "rollback-candidate") {
            const rollback = this.claimRollback(effect.alert, nowMs);
            if (rollback.status === "skipped") outcome.rollbacks.push(rollback);
            else claimed.push(rollback);
          }
        }
      }
      // Housekeeping scans whole tables: once a minute per object, not once per service observed.
      if (nowMs - this.housekeptAtMs >= 60_000) {
        this.housekeptAtMs = nowMs;
        this.sql.exec("DELETE FROM alert WHERE phase = 'resolved' AND updated_at < ?", nowMs - KEEP_HISTORY_MS);
        this.sql.exec("DELETE FROM delivery WHERE updated_at < ?", nowMs - KEEP_HISTORY_MS);
        this.sql.exec("UPDATE rollback SET status = 'failed', record = json_set(record, '$.status', 'failed', '$.reason', 'interrupted before the Cloudflare API answered; not retried') WHERE status = 'pending' AND requested_at < ?", nowMs - PENDING_ROLLBACK_STALE_MS);
      }
    });
    for (const rollback of claimed) {
      const done = await this.carryOut(rollback, nowMs);
      outcome.rollbacks.push(done);
      this.ctx.storage.transactionSync(() => {
        this.sql.exec("UPDATE rollback SET status = ?, record = ? WHERE id = ?", done.status, JSON.stringify(done), done.id);
        if (done.status !== "skipped") {
          outcome.queued += this.enqueue({ id: `rollback:${done.id}`, type: ALERT_EVENT.rollback, occurredAtMs: Date.now(), alert: null, rollback: done }, null, nowMs);
        }
      });
    }
    await this.drainOutbox();
    return outcome;
  }

  /** Applies the guard rails and, if they allow it, records a pending rollback: the claim that makes it once per incident. */
  private claimRollback(alert: AlertRecord, nowMs: number): RollbackRecord {
    const history = this.sql
      .exec<{ record: string }>("SELECT record FROM rollback WHERE service = ? ORDER BY requested_at DESC LIMIT 50", alert.service)
      .toArray()
      .map((r) => JSON.parse(r.record) as RollbackRecord);
    const decision = decideRollback({ service: alert.service, incidentId: alert.incidentId!, version: alert.version }, this.config.rollback, history, nowMs);
    const record: RollbackRecord = {
      id: crypto.randomUUID(), project: alert.project, service: alert.service, script: decision.decision === "proceed" ? decision.script : null,
      incidentId: alert.incidentId!, alertKey: alert.key, badVersion: alert.version ?? "", targetVersionId: null, deploymentId: null,
      status: decision.decision === "proceed" ? "pending" : "skipped",
      reason: decision.decision === "skip" ? decision.reason : alert.summary, dryRun: decision.decision === "proceed" ? decision.dryRun : this.config.rollback.dryRun, requestedAtMs: nowMs,
      completedAtMs: decision.decision === "skip" ? nowMs : null,
    };
    this.sql.exec("INSERT INTO rollback (id, service, incident_id, status, requested_at, record) VALUES (?, ?, ?, ?, ?, ?)", record.id, record.service, record.incidentId, record.status, nowMs, JSON.stringify(record));
    return record;
  }

  /** Reads deployments and versions, picks the stable version, deploys it at 100% (unless dry-run). */
  private async carryOut(rollback: RollbackRecord, nowMs: number): Promise<RollbackRecord> {
    const { rollback: settings, cloudflareApi } = this.config;
    if (rollback.dryRun && !cloudflareApi) return { ...rollback, completedAtMs: Date.now(), status: "dry-run", reason: "dry run (no Cloudflare API credentials to look up the target version)" };
    const finish = (patch: Partial<RollbackRecord>): RollbackRecord => ({ ...rollback, completedAtMs: Date.now(), ...patch });
    if (!cloudflareApi) {
      return finish({ status: "failed", reason: "no Cloudflare API credentials: set ROLLBACK_API_TOKEN (or CF_API_TOKEN) and ROLLBACK_ACCOUNT_ID (or CF_ACCOUNT_ID)" });
    }
    const api = createCloudflareApi(cloudflareApi);
    const script = rollback.script!;
    try {
      const [deployments, versions] = await Promise.all([api.listDeployments(script), api.listVersions(script)]);
      const target = chooseRollbackTarget(rollback.badVersion, deployments, versions);
      if ("error" in target) return finish({ status: "skipped", reason: target.error });
      if (rollback.dryRun) return finish({ status: "dry-run", targetVersionId: target.targetVersionId, reason: `dry run: would deploy ${target.targetVersionId} at 100% instead of ${target.badVersionId}` });
      const message = `edgeslo rollback of ${target.badVersionId}: ${rollback.alertKey}`;
      try {
        const { deploymentId } = await api.deployVersion(script, target.targetVersionId, { message, force: false });
        return finish({ status: "performed", targetVersionId: target.targetVersionId, deploymentId, reason: `deployed ${target.targetVersionId} at 100% (was ${target.badVersionId}) at ${new Date(nowMs).toISOString()}` });
      } catch (error) {
        if (!(error instanceof CloudflareApiError) || !error.secretsChanged) throw error;
        if (!settings.force) return finish({ status: "needs-human", targetVersionId: target.targetVersionId, reason: `secrets changed since ${target.targetVersionId} (Cloudflare error 10220): deploy it by hand, or set force in ROLLBACK_JSON` });
        const { deploymentId } = await api.deployVersion(script, target.targetVersionId, { message, force: true });
        return finish({ status: "performed", targetVersionId: target.targetVersionId, deploymentId, reason: `deployed ${target.targetVersionId} at 100% with force (secrets had changed)` });
      }
    } catch (error) {
      console.error(JSON.stringify({ reason: "rollback_failed", service: rollback.service, error: String(error) }));
      return finish({ status: "failed", reason: String(error instanceof Error ? error.message : error) });
    }
  }

  /** One outbox row (and one delivery record) per target that wants the event; returns how many. */
  private enqueue(event: AlertEvent, severity: Severity | null, nowMs: number): number {
    const disabled = new Set(this.sql.exec<{ target_id: string }>("SELECT target_id FROM target_state").toArray().map((r) => r.target_id));
    let queued = 0;
    for (const target of this.config.targets) {
      if (disabled.has(target.id) || !targetWants(target, severity)) continue;
      const message: DeliveryMessage = { targetId: target.id, event };
      this.sql.exec("INSERT INTO outbox (message) VALUES (?)", JSON.stringify(message));
      this.sql.exec(
        "INSERT OR REPLACE INTO delivery (event_id, target_id, event_type, alert_key, status, attempts, detail, updated_at) VALUES (?, ?, ?, ?, 'queued', 0, NULL, ?)",
        event.id, target.id, event.type, event.alert?.key ?? event.rollback?.alertKey ?? null, nowMs,
      );
      queued += 1;
    }
    return queued;
  }

  /** The drain under way, if any: concurrent observe() calls share it, so no outbox row is sent twice. */
  private draining: Promise<void> | null = null;

  /** Sends the outbox to the delivery queue; on failure the rows stay and the alarm retries. */
  private drainOutbox(): Promise<void> {
    this.draining ??= this.drainLoop().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    for (;;) {
      const rows = this.sql.exec<{ id: number; message: string }>("SELECT id, message FROM outbox ORDER BY id LIMIT ?", QUEUE_SEND_BATCH_LIMIT).toArray();
      if (rows.length === 0) return;
      try {
        await this.env.ALERT_QUEUE.sendBatch(rows.map((row) => ({ body: JSON.parse(row.message) as DeliveryMessage, contentType: "json" as const })));
      } catch (error) {
        console.error(JSON.stringify({ reason: "alert_queue_send_failed", messages: rows.length, error: String(error) }));
        await this.ctx.storage.setAlarm(Date.now() + 10_000);
        return;
      }
      this.sql.exec("DELETE FROM outbox WHERE id <= ?", rows[rows.length - 1]!.id);
    }
  }

  override async alarm(): Promise<void> {
    await this.drainOutbox();
  }

  private activeSilences(nowMs: number): Silence[] {
    return this.sql.exec<{ record: string }>("SELECT record FROM silence WHERE ends_at > ?", nowMs).toArray().map((r) => JSON.parse(r.record) as Silence);
  }

  addSilence(silence: Silence): Silence {
    this.sql.exec("INSERT INTO silence (id, ends_at, record) VALUES (?, ?, ?)", silence.id, silence.endsAtMs, JSON.stringify(silence));
    return silence;
  }

  listSilences(nowMs: number): Silence[] {
    return this.activeSilences(nowMs);
  }

  listAlerts(options: { service?: string }): AlertRecord[] {
    return this.sql
      .exec<{ record: string }>("SELECT record FROM alert WHERE (? IS NULL OR service = ?) ORDER BY updated_at DESC", options.service ?? null, options.service ?? null)
      .toArray()
      .map((r) => JSON.parse(r.record) as AlertRecord);
  }

  listRollbacks(options: { service?: string; limit: number }): RollbackRecord[] {
    return this.sql
      .exec<{ record: string }>("SELECT record FROM rollback WHERE (? IS NULL OR service = ?) ORDER BY requested_at DESC LIMIT ?", options.service ?? null, options.service ?? null, options.limit)
      .toArray()
      .map((r) => JSON.parse(r.record) as RollbackRecord);
  }

  listDeliveries(limit: number): DeliveryRecord[] {
    return this.sql
      .exec<{ event_id: string; target_id: string; event_type: string; alert_key: string | null; status: DeliveryStatus; attempts: number; detail: string | null; updated_at: number }>(
        "SELECT * FROM delivery ORDER BY updated_at DESC LIMIT ?", limit,
      )
      .toArray()
      .map((r) => ({ eventId: r.event_id, targetId: r.target_id, eventType: r.event_type, alertKey: r.alert_key, status: r.status, attempts: r.attempts, detail: r.detail, updatedAtMs: r.updated_at }));
  }

  recordDelivery(update: { eventId: string; eventType: string; alertKey: string | null; targetId: string; status: DeliveryStatus; attempts: number; detail: string | null; disableTarget?: boolean }): void {
    const nowMs = Date.now();
    this.sql.exec(
      `INSERT INTO delivery (event_id, target_id, event_type, alert_key, status, attempts, detail, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (event_id, target_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, detail = excluded.detail, updated_at = excluded.updated_at`,
      update.eventId, update.targetId, update.eventType, update.alertKey, update.status, update.attempts, update.detail, nowMs,
    );
    if (update.disableTarget) this.sql.exec("INSERT OR REPLACE INTO target_state (target_id, disabled_at, reason) VALUES (?, ?, ?)", update.targetId, nowMs, update.detail ?? "disabled");
  }

  disabledTargets(): { targetId: string; disabledAtMs: number; reason: string }[] {
    return this.sql.exec<{ target_id: string; disabled_at: number; reason: string }>("SELECT * FROM target_state").toArray().map((r) => ({ targetId: r.target_id, disabledAtMs: r.disabled_at, reason: r.reason }));
  }
}
