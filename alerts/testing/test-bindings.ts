// Alerting settings the test suite runs with: targets and the Cloudflare API point at local stand-ins (vitest.config.ts).
export const TEST_STAND_IN_HOSTS = { cloudflareApi: "cf-api.test", webhooks: "hooks.test" } as const;

const WEBHOOK_SECRET = "whsec_dGVzdC1zZWNyZXQtZm9yLWVkZ2VzbG8tdGVzdHM=";

export const TEST_ALERT_BINDINGS = {
  WEBHOOK_SECRET,
  ALERT_TARGETS_JSON: JSON.stringify([
    { id: "ops-webhook", kind: "webhook", url: `http://${TEST_STAND_IN_HOSTS.webhooks}/webhook`, secret: WEBHOOK_SECRET },
    { id: "slack", kind: "slack", url: `http://${TEST_STAND_IN_HOSTS.webhooks}/slack/T000/B000`, severities: ["page-fast", "page-slow"] },
    { id: "pagerduty", kind: "pagerduty", url: `http://${TEST_STAND_IN_HOSTS.webhooks}/pagerduty/v2/enqueue`, routingKey: "R0UTINGKEY", severities: ["page-fast", "page-slow"] },
  ]),
  ROLLBACK_JSON: JSON.stringify({
    dryRun: false, cooldownMinutes: 30, force: false,
    services: { "prompt-optimizer": { script: "prompt-optimizer" }, "dry-service": { script: "dry-service", dryRun: true } },
  }),
  ROLLBACK_ACCOUNT_ID: "test-account",
  ROLLBACK_API_TOKEN: "test-cf-token",
  CF_API_BASE_URL: `http://${TEST_STAND_IN_HOSTS.cloudflareApi}/client/v4`,
  ALERT_RETRY_BASE_SECONDS: "10",
  ALERT_RETRY_MAX_SECONDS: "600",
} as const;
