import { describe, expect, it } from "vitest";
import { collectorFetch } from "../collector/testing/client";
import { TEST_KEYS } from "../collector/testing/test-keys";
import { seedTraffic } from "./testing/seed";

const MIN = 60_000;
const get = (path: string, key: string | null = TEST_KEYS.read) => collectorFetch(path, key ? { headers: { authorization: `Bearer ${key}` } } : {});

describe("GET /api/slos", () => {
  it("needs a read key", async () => {
    expect((await get("/api/slos", null)).status).toBe(401);
    expect((await get("/api/slos", TEST_KEYS.ingest)).status).toBe(401);
  });

  it("shows status, error budget and burn rate per window, for the service and each version", async () => {
    const now = Math.floor(Date.now() / MIN) * MIN;
    await seedTraffic({ project: "test", service: "route-optimizer", version: "v1", fromMs: now - 60 * MIN, toMs: now, perMinute: 10, errorPerMille: 200, durationMs: (i) => (i % 10 === 0 ? 250 : 40) });
    const response = await get(`/api/slos?service=route-optimizer&to=${now}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.project).toBe("test");
    expect(body.slos.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([
      ["route-by-path", "unsupported"], ["route-errors", "paging"], ["route-p95", "ticket"],
    ]);
    const errors = body.slos.find((s: { name: string }) => s.name === "route-errors");
    expect(errors).toMatchObject({ service: "route-optimizer", indicator: { kind: "error-rate" }, objectiveRatio: 0.99, window: "28d", periodMinutes: 40320 });
    expect(errors.windows.map((w: { window: string }) => w.window)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d", "28d"]);
    expect(errors.windows.find((w: { window: string }) => w.window === "1h")).toMatchObject({ validEvents: 600, sli: 0.8, burnRate: expect.closeTo(20, 6) });
    expect(errors.budget.consumedRatio).toBeCloseTo(20, 6);
    expect(errors.budget.timeToExhaustionMinutes).toBe(0);
    expect(errors.alerts.find((a: { severity: string }) => a.severity === "page-fast")).toMatchObject({ active: true, factor: expect.closeTo(13.44, 6), longWindow: "1h", shortWindow: "5m" });
    expect(errors.versions).toEqual([expect.objectContaining({ version: "v1", status: "paging" })]);
    const p95 = body.slos.find((s: { name: string }) => s.name === "route-p95");
    expect(p95.windows.find((w: { window: string }) => w.window === "1h")).toMatchObject({ sli: 0.9, quantileMs: expect.closeTo(250, -1) });
  });

  it("rejects a bad query parameter with its path", async () => {
    const response = await get("/api/slos?to=yesterday");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "bad_request", path: "to" } });
  });
});
