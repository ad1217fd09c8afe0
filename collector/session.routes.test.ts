import { describe, expect, it } from "vitest";
import { collectorFetch } from "./testing/client";
import { TEST_KEYS } from "./testing/test-keys";

const signIn = (key: unknown) =>
  collectorFetch("/api/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key }) });

describe("dashboard session", () => {
  it("a read key becomes an HttpOnly, SameSite=Strict cookie that the read API accepts", async () => {
    const response = await signIn(TEST_KEYS.read);
    expect(response.status).toBe(204);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const services = await collectorFetch("/api/services", { headers: { cookie: cookie.split(";")[0]! } });
    expect(services.status).toBe(200);
  });

  it("an ingest key or a wrong key does not sign in; the cookie never grants ingest", async () => {
    expect((await signIn(TEST_KEYS.ingest)).status).toBe(401);
    expect((await signIn("nope")).status).toBe(401);
    expect((await signIn(42)).status).toBe(400);
    const cookie = (await signIn(TEST_KEYS.read)).headers.get("set-cookie")!.split(";")[0]!;
    const ingest = await collectorFetch("/v1/traces", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{}" });
    expect(ingest.status).toBe(401);
  });

  it("signing out clears the cookie", async () => {
    const response = await collectorFetch("/api/session", { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).toMatch(/edgeslo_read=;.*Max-Age=0/);
  });
});
