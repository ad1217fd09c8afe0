// Every test runs inside workerd with the project's real bindings (Durable Objects, queues), keys swapped for test keys.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_KEYS_JSON } from "./collector/testing/test-keys.ts";

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: { EDGESLO_KEYS: TEST_KEYS_JSON, LANGFUSE_SETTLE_SECONDS: "0" },
      },
    }),
  ],
  test: {
    include: ["collector/**/*.test.ts", "slo/**/*.test.ts", "alerts/**/*.test.ts", "dashboard/**/*.test.ts", "workers/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
