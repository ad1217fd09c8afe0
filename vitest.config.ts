// Every test runs inside workerd with real bindings: the collector project (Durable Objects, queues; test keys), and one
// project per instrumented Worker (KV, R2, version metadata, service bindings to auxiliary Workers: eval-engine, the
// local LLM stand-in, and a collector test double that records what the Workers export). The browser tests run in Node.
// The collector's outbound HTTP goes to local stand-ins with the real protocols: the Cloudflare API (versions/deployments)
// and a webhook receiver that verifies Standard Webhooks signatures. Nothing reaches a real Cloudflare/Slack/PagerDuty API.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { TEST_KEYS_JSON } from "./collector/testing/test-keys.ts";
import { TEST_ALERT_BINDINGS, TEST_STAND_IN_HOSTS } from "./alerts/testing/test-bindings.ts";
import { createLocalCloudflareApi } from "./workers/local-cloudflare-api/api.mjs";
import { createWebhookReceiver } from "./workers/local-webhook-receiver/receiver.mjs";
import * as aux from "./workers/testing/aux-workers.mjs";
import { ACCESS_TEST_AUDIENCE, ACCESS_TEST_HOST, createAccessTestKeys } from "./collector/testing/access-keys.ts";

const workerBindings = { LLM_ROUTING: aux.TEST_ROUTING, ...aux.TEST_KEYS, ...aux.TEST_EXPORT };
const cloudflareApi = createLocalCloudflareApi({ apiToken: TEST_ALERT_BINDINGS.ROLLBACK_API_TOKEN });
const webhookReceiver = createWebhookReceiver({ secret: TEST_ALERT_BINDINGS.WEBHOOK_SECRET });
const accessKeys = await createAccessTestKeys();

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                EDGESLO_KEYS: TEST_KEYS_JSON, LANGFUSE_SETTLE_SECONDS: "0", ...TEST_ALERT_BINDINGS,
                SLO_YAML: String(readFileSync("./slo/testing/test-slos.yaml")),
                CF_ACCESS_TEAM_URL: `http://${ACCESS_TEST_HOST}`, CF_ACCESS_AUD: ACCESS_TEST_AUDIENCE, CF_ACCESS_PROJECT: "test",
                TEST_ACCESS_PRIVATE_JWK: JSON.stringify(accessKeys.privateJwk),
              },
              outboundService: async (request: Request) => {
                const host = new URL(request.url).hostname;
                if (host === TEST_STAND_IN_HOSTS.cloudflareApi) return cloudflareApi.handle(request);
                if (host === TEST_STAND_IN_HOSTS.webhooks) return webhookReceiver.handle(request);
                if (host === ACCESS_TEST_HOST && new URL(request.url).pathname === "/cdn-cgi/access/certs") return Response.json(accessKeys.publicJwks);
                return new Response(`tests reach no network (${request.url})`, { status: 502 });
              },
            },
          }),
        ],
        test: {
          name: "collector",
          include: ["collector/**/*.test.ts", "slo/**/*.test.ts", "alerts/**/*.test.ts", "dashboard/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./workers/prompt-optimizer/wrangler.toml" },
            miniflare: {
              bindings: workerBindings,
              serviceBindings: { COLLECTOR: "collector-double", EVAL_ENGINE: "edgeslo-eval-engine" },
              outboundService: "edgeslo-local-llm",
              workers: [aux.evalEngineWorker(), aux.localLlmWorker(), aux.collectorDoubleWorker()],
            },
          }),
        ],
        test: {
          name: "prompt-optimizer",
          include: ["workers/prompt-optimizer/**/*.test.ts", "workers/shared/**/*.test.ts", "workers/local-llm/**/*.test.ts", "workers/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./workers/eval-engine/wrangler.toml" },
            miniflare: {
              bindings: workerBindings,
              serviceBindings: { COLLECTOR: "collector-double" },
              outboundService: "edgeslo-local-llm",
              workers: [aux.localLlmWorker(), aux.collectorDoubleWorker()],
            },
          }),
        ],
        test: { name: "eval-engine", include: ["workers/eval-engine/**/*.test.ts"], testTimeout: 30_000 },
      },
      {
        // In Node: the local stack in workerd (wrangler dev) driven by Debian's chromium through playwright-core.
        test: { name: "browser", include: ["test/e2e/**/*.e2e.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
