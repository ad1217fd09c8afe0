// ProjectDirectory: the services and versions a project has sent, with when each was last seen.
import { DurableObject } from "cloudflare:workers";
import { applyMigrations } from "./sql-migrations";

const MIGRATIONS = [
  `CREATE TABLE service_version (service TEXT NOT NULL, version TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
     PRIMARY KEY (service, version)) WITHOUT ROWID`,
] as const;

export interface ServiceEntry {
  service: string;
  firstSeenMs: number;
  lastSeenMs: number;
  versions: { version: string; firstSeenMs: number; lastSeenMs: number }[];
}

export class ProjectDirectory extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    applyMigrations(this.sql, MIGRATIONS);
  }

  register(service: string, versions: string[], atMs: number): void {
    for (const version of versions) {
      this.sql.exec(
        `INSERT INTO service_version (service, version, first_seen, last_seen) VALUES (?, ?, ?, ?)
         ON CONFLICT (service, version) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)`,
        service, version, atMs, atMs,
      );
    }
  }

  list(): ServiceEntry[] {
    const rows = this.sql
      .exec<{ service: string; version: string; first_seen: number; last_seen: number }>(
        "SELECT service, version, first_seen, last_seen FROM service_version ORDER BY service, last_seen DESC",
      )
      .toArray();
    const services = new Map<string, ServiceEntry>();
    for (const row of rows) {
      const entry = services.get(row.service) ?? { service: row.service, firstSeenMs: row.first_seen, lastSeenMs: row.last_seen, versions: [] };
      entry.firstSeenMs = Math.min(entry.firstSeenMs, row.first_seen);
      entry.lastSeenMs = Math.max(entry.lastSeenMs, row.last_seen);
      entry.versions.push({ version: row.version, firstSeenMs: row.first_seen, lastSeenMs: row.last_seen });
      services.set(row.service, entry);
    }
    return [...services.values()];
  }
}
