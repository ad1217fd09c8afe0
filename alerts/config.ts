// parseAlertsConfig(env): webhook targets, retry policy, rollback guard rails and Cloudflare API access, once per isolate.
import { z } from "zod";
import { configResolver, jsonString } from "../collector/config-resolver";
import { SEVERITIES, type Severity } from "../slo/conventions";
import { SloConfigError } from "../slo/config";
import type { RollbackSettings } from "./rollback-policy";

const targetSchema = z.discriminatedUnion("kind", [
  /** Generic JSON, signed with Standard Webhooks headers. */
  z.object({ id: z.string().min(1), kind: z.literal("webhook"), url: z.url(), secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, "secret: whsec_ followed by base64"), severities: z.array(z.enum(SEVERITIES)).optional() }),
  z.object({ id: z.string().min(1), kind: z.literal("slack"), url: z.url(), severities: z.array(z.enum(SEVERITIES)).optional() }),
  z.object({ id: z.string().min(1), kind: z.literal("pagerduty"), url: z.url().default("https://events.pagerduty.com/v2/enqueue"), routingKey: z.string().min(1), severities: z.array(z.enum(SEVERITIES)).optional() }),
]);
export type AlertTarget = z.infer<typeof targetSchema>;

const rollbackSchema = z.object({
  dryRun: z.boolean().default(false),
  cooldownMinutes: z.number().nonnegative().default(60),
  force: z.boolean().default(false),
  services: z.record(z.string(), z.object({ script: z.string().min(1), enabled: z.boolean().default(true), dryRun: z.boolean().optional() })).default({}),
});

const envSchema = z.object({
  /** Secret: [{id, kind: webhook|slack|pagerduty, url, secret?, routingKey?, severities?}] */
  ALERT_TARGETS_JSON: jsonString(z.array(targetSchema)).optional(),
  /** {dryRun, cooldownMinutes, force, services: {<service>: {script, enabled}}}: services not listed are never rolled back. */
  ROLLBACK_JSON: jsonString(rollbackSchema).optional(),
  ALERT_RETRY_BASE_SECONDS: z.coerce.number().positive().default(10),
  ALERT_RETRY_MAX_SECONDS: z.coerce.number().positive().max(43_200).default(3_600),
  CF_API_BASE_URL: z.url().default("https://api.cloudflare.com/client/v4"),
  /** A token that may deploy Workers (Workers Scripts: Edit); falls back to CF_API_TOKEN / CF_ACCOUNT_ID. */
  ROLLBACK_API_TOKEN: z.string().optional(),
  ROLLBACK_ACCOUNT_ID: z.string().optional(),
  CF_API_TOKEN: z.string().optional(),
  CF_ACCOUNT_ID: z.string().optional(),
});

export interface AlertsConfig {
  targets: AlertTarget[];
  retry: { baseSeconds: number; maxSeconds: number };
  rollback: RollbackSettings;
  /** null: rollbacks are recorded as failed ("no Cloudflare API credentials") unless dry-run. */
  cloudflareApi: { baseUrl: string; accountId: string; apiToken: string } | null;
}

export const parseAlertsConfig = configResolver(envSchema, buildAlertsConfig, (message) => new SloConfigError(message));

function buildAlertsConfig(e: z.output<typeof envSchema>): AlertsConfig {
  const targets = e.ALERT_TARGETS_JSON ?? [];
  const duplicate = targets.find((t, i) => targets.findIndex((o) => o.id === t.id) !== i);
  if (duplicate) throw new SloConfigError(`invalid configuration ALERT_TARGETS_JSON: target id ${duplicate.id} is used twice`);
  const accountId = e.ROLLBACK_ACCOUNT_ID ?? e.CF_ACCOUNT_ID;
  const apiToken = e.ROLLBACK_API_TOKEN ?? e.CF_API_TOKEN;
  return {
    targets,
    retry: { baseSeconds: e.ALERT_RETRY_BASE_SECONDS, maxSeconds: e.ALERT_RETRY_MAX_SECONDS },
    rollback: e.ROLLBACK_JSON ?? rollbackSchema.parse({}),
    cloudflareApi: accountId && apiToken ? { baseUrl: e.CF_API_BASE_URL.replace(/\/$/, ""), accountId, apiToken } : null,
  };
}

export function targetWants(target: AlertTarget, severity: Severity | null): boolean {
  return severity === null || !target.severities || target.severities.includes(severity);
}
