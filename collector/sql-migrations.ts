// Applies an ordered, append-only list of SQL migrations to a Durable Object's SQLite storage, once each.

export function applyMigrations(sql: SqlStorage, migrations: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const applied = sql.exec<{ id: number }>("SELECT COALESCE(MAX(id), -1) AS id FROM _migrations").one().id;
  for (let id = applied + 1; id < migrations.length; id++) {
    sql.exec(migrations[id]!);
    sql.exec("INSERT INTO _migrations (id, applied_at) VALUES (?, ?)", id, Date.now());
  }
}
