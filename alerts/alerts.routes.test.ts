import { describe, expect, it } from "vitest";
import { collectorFetch } from "../collector/testing/client";
import { TEST_KEYS } from "../collector/testing/test-keys";

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const postSilence = (body: unknown, key: string = TEST_KEYS.admin, contentType = "application/json") =>
  collectorFetch("/api/silences", { method: "POST", headers: { ...auth(key), "content-type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("alerts API", () => {
  it("GET /api/alerts and /api/rollbacks answer the project's book with a read key", async () => {
    const alerts = await collectorFetch("/api/alerts", { headers: auth(TEST_KEYS.read) });
    expect(alerts.status).toBe(200);
    expect(await alerts.json()).toMatchObject({ project: "test", alerts: expect.any(Array), silences: expect.any(Array), deliveries: expect.any(Array), disabledTargets: expect.any(Array) });
    const rollbacks = await collectorFetch("/api/rollbacks?limit=5", { headers: auth(TEST_KEYS.read) });
    expect(await rollbacks.json()).toMatchObject({ project: "test", rollbacks: expect.any(Array) });
    expect((await collectorFetch("/api/rollbacks?limit=0", { headers: auth(TEST_KEYS.read) })).status).toBe(400);
    expect((await collectorFetch("/api/alerts?phase=burning", { headers: auth(TEST_KEYS.read) })).status).toBe(400);
    expect((await collectorFetch("/api/alerts")).status).toBe(401);
  });

  it("POST /api/silences needs an admin key, creates the silence, and GET /api/alerts lists it", async () => {
    const silence = { matchers: { service: "prompt-optimizer", severity: "ticket-slow" }, duration: "2h", comment: "noisy during migration", createdBy: "ops@example.com" };
    expect((await postSilence(silence, TEST_KEYS.read)).status).toBe(401);
    const created = await postSilence(silence);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { silence: { id: string; endsAtMs: number; startsAtMs: number } };
    expect(body.silence).toMatchObject({ project: "test", matchers: silence.matchers, comment: silence.comment });
    expect(body.silence.endsAtMs - body.silence.startsAtMs).toBe(2 * 3_600_000);
    const listed = (await (await collectorFetch("/api/alerts", { headers: auth(TEST_KEYS.read) })).json()) as { silences: { id: string }[] };
    expect(listed.silences.map((s) => s.id)).toContain(body.silence.id);
  });

  it("a bad silence is a 400 naming the field; a non-JSON body 400; another content type 415", async () => {
    const base = { matchers: { service: "x" }, duration: "1h", comment: "c", createdBy: "me" };
    const error = async (response: Response) => [response.status, ((await response.json()) as { error: { path?: string; code: string } }).error];
    expect(await error(await postSilence({ ...base, matchers: {} }))).toEqual([400, expect.objectContaining({ path: "matchers" })]);
    expect(await error(await postSilence({ ...base, matchers: { severity: "sev1" } }))).toEqual([400, expect.objectContaining({ path: "matchers.severity" })]);
    expect(await error(await postSilence({ ...base, duration: "forever" }))).toEqual([400, expect.objectContaining({ path: "duration" })]);
    expect(await error(await postSilence({ ...base, endsAt: "2030-01-01T00:00:00Z" }))).toEqual([400, expect.objectContaining({ path: "endsAt" })]);
    expect(await error(await postSilence({ ...base, extra: 1 }))).toEqual([400, expect.objectContaining({ code: "bad_request" })]);
    expect(await error(await postSilence("{nope"))).toEqual([400, expect.objectContaining({ code: "bad_request" })]);
    expect((await postSilence(base, TEST_KEYS.admin, "text/plain")).status).toBe(415);
  });
});
