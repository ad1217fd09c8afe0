// Every test runs inside workerd with the project's real bindings (Durable Objects, queues), keys swapped for test keys.
// Outbound HTTP from the Worker goes to local stand-ins with the real protocols: the Cloudflare API (versions/deployments)
// and a webhook receiver that verifies Standard Webhooks signatures. Nothing reaches a real Cloudflare/Slack/PagerDuty API.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { TEST_KEYS_JSON } from "./collector/testing/test-keys.ts";
import { TEST_ALERT_BINDINGS, TEST_STAND_IN_HOSTS } from "./alerts/testing/test-bindings.ts";
import { createLocalCloudflareApi } from "./workers/local-cloudflare-api/api.mjs";
import { createWebhookReceiver } from "./workers/local-webhook-receiver/receiver.mjs";

const cloudflareApi = createLocalCloudflareApi({ apiToken: TEST_ALERT_BINDINGS.ROLLBACK_API_TOKEN });
const webhookReceiver = createWebhookReceiver({ secret: TEST_ALERT_BINDINGS.WEBHOOK_SECRET });

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          EDGESLO_KEYS: TEST_KEYS_JSON, LANGFUSE_SETTLE_SECONDS: "0", ...TEST_ALERT_BINDINGS,
          SLO_YAML: String(readFileSync("./slo/testing/test-slos.yaml")),
        },
        outboundService: async (request: Request) => {
          const host = new URL(request.url).hostname;
          if (host === TEST_STAND_IN_HOSTS.cloudflareApi) return cloudflareApi.handle(request);
          if (host === TEST_STAND_IN_HOSTS.webhooks) return webhookReceiver.handle(request);
          return new Response(`tests reach no network (${request.url})`, { status: 502 });
        },
      },
    }),
  ],
  test: {
    include: ["collector/**/*.test.ts", "slo/**/*.test.ts", "alerts/**/*.test.ts", "dashboard/**/*.test.ts", "workers/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
