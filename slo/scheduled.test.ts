import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../collector/worker";
import { collectorFetch } from "../collector/testing/client";
import { TEST_KEYS } from "../collector/testing/test-keys";
import { EVALUATION_CRON } from "./conventions";
import { seedTraffic } from "./testing/seed";

const MIN = 60_000;

describe("the Worker's scheduled handler", () => {
  it("runs the SLO evaluation on the minute cron and records alerts in the project's AlertBook", async () => {
    const now = Math.floor(Date.now() / MIN) * MIN;
    await seedTraffic({ project: "test", service: "route-optimizer", version: "v9", fromMs: now - 30 * MIN, toMs: now, perMinute: 10, errorPerMille: 500 });
    const controller = createScheduledController({ scheduledTime: now, cron: EVALUATION_CRON });
    await worker.scheduled(controller, env);
    const response = await collectorFetch("/api/alerts?service=route-optimizer", { headers: { authorization: `Bearer ${TEST_KEYS.read}` } });
    const { alerts } = (await response.json()) as { alerts: { slo: string; scope: string; severity: string; phase: string }[] };
    expect(alerts).toContainEqual(expect.objectContaining({ slo: "route-errors", scope: "version:v9", severity: "page-fast", phase: "pending" }));
  });
});
