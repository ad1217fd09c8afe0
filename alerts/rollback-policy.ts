// Rollback guard rails and target choice, pure: per-service opt-in, once per incident, cool-down, dry-run; which version to restore.

export interface RollbackSettings {
  /** Decide and record, but never call the Cloudflare API. */
  dryRun: boolean;
  /** No second rollback of a service within this many minutes of the last one. */
  cooldownMinutes: number;
  /** Retry with ?force=true when the API answers 10220 (secrets changed since that version). Off: a human decides. */
  force: boolean;
  /** Opt-in per service: only services listed here (and enabled) are ever rolled back; `script` is the Worker name. */
  services: Record<string, { script: string; enabled: boolean; dryRun?: boolean }>;
}

/** pending: claimed, the Cloudflare API call under way (it counts for the cool-down, so two alerts cannot both roll back). */
export type RollbackStatus = "pending" | "performed" | "dry-run" | "failed" | "needs-human" | "skipped";

export interface RollbackRecord {
  id: string;
  project: string;
  service: string;
  script: string | null;
  incidentId: string;
  alertKey: string;
  /** The version that paged (or failed canary analysis), as seen in telemetry. */
  badVersion: string;
  /** The Cloudflare version id restored at 100%. */
  targetVersionId: string | null;
  deploymentId: string | null;
  status: RollbackStatus;
  reason: string;
  dryRun: boolean;
  requestedAtMs: number;
  completedAtMs: number | null;
}

export type RollbackDecision = { decision: "proceed"; script: string; dryRun: boolean } | { decision: "skip"; reason: string };

/** Whether a firing alert may roll its service back now. `history` is the service's earlier rollbacks. */
export function decideRollback(
  alert: { service: string; incidentId: string; version: string | null },
  settings: RollbackSettings,
  history: RollbackRecord[],
  nowMs: number,
): RollbackDecision {
  const service = settings.services[alert.service];
  if (!service || !service.enabled) return { decision: "skip", reason: `service ${alert.service} is not opted in to automatic rollback` };
  if (alert.version === null) return { decision: "skip", reason: "the alert is not about one version" };
  if (history.some((r) => r.incidentId === alert.incidentId && r.status !== "skipped")) return { decision: "skip", reason: "already rolled back for this incident" };
  const last = history
    .filter((r) => r.status === "performed" || r.status === "dry-run" || r.status === "pending")
    .reduce<RollbackRecord | null>((latest, r) => (!latest || r.requestedAtMs > latest.requestedAtMs ? r : latest), null);
  if (last && nowMs - last.requestedAtMs < settings.cooldownMinutes * 60_000) {
    return { decision: "skip", reason: `cool-down: ${alert.service} was rolled back ${Math.round((nowMs - last.requestedAtMs) / 60_000)} min ago (cool-down ${settings.cooldownMinutes} min)` };
  }
  return { decision: "proceed", script: service.script, dryRun: service.dryRun ?? settings.dryRun };
}

export interface WorkerVersion {
  id: string;
  number?: number;
  createdOn?: string;
  tag?: string | null;
}

export interface WorkerDeployment {
  id: string;
  createdOn?: string;
  versions: { versionId: string; percentage: number }[];
}

/** A telemetry version label names a Worker version by id (version_metadata) or by its tag (service.version). */
function matches(version: WorkerVersion, label: string): boolean {
  return version.id === label || (version.tag != null && version.tag === label);
}

/**
 * The version to deploy at 100%: the other, older version of the current deployment when it is a gradual one (the
 * stable beside the canary), else the newest earlier deployment's main version that is not the bad one. The older
 * version of a gradual deployment paging is no reason to promote the newer one: that is an error (needs a human).
 * `deployments` newest first (the first serves traffic now); `versions` newest first.
 */
export function chooseRollbackTarget(badVersion: string, deployments: WorkerDeployment[], versions: WorkerVersion[]): { targetVersionId: string; badVersionId: string } | { error: string } {
  const bad = versions.find((v) => matches(v, badVersion));
  const badId = bad?.id ?? badVersion;
  const current = deployments[0];
  if (!current) return { error: "the script has no deployments" };
  if (!current.versions.some((v) => v.versionId === badId)) return { error: `version ${badVersion} is not part of the current deployment ${current.id}: nothing to roll back` };
  // A rollback goes back in time: never promote a newer version (a canary) because the older one beside it pages.
  const age = (id: string) => versions.findIndex((v) => v.id === id);
  const isNewer = (id: string) => age(id) >= 0 && age(badId) >= 0 && age(id) < age(badId);
  const sharing = current.versions.filter((v) => v.versionId !== badId);
  if (sharing.length > 0 && sharing.every((v) => isNewer(v.versionId))) {
    return { error: `version ${badVersion} is the older version of the gradual deployment ${current.id}: rolling back would promote a newer one; needs a human` };
  }
  const others = sharing.filter((v) => !isNewer(v.versionId)).sort((a, b) => b.percentage - a.percentage);
  if (others[0]) return { targetVersionId: others[0].versionId, badVersionId: badId };
  for (const deployment of deployments.slice(1)) {
    const main = [...deployment.versions].filter((v) => v.versionId !== badId).sort((a, b) => b.percentage - a.percentage)[0];
    if (main) return { targetVersionId: main.versionId, badVersionId: badId };
  }
  return { error: `no earlier deployment without version ${badVersion}` };
}
