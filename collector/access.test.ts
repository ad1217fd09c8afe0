import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ACCESS_TEST_AUDIENCE, ACCESS_TEST_HOST, ACCESS_TEST_KID } from "./testing/access-keys";
import { collectorFetch } from "./testing/client";

const base64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const encodeJson = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));

/** A token as Cloudflare Access signs it (RS256, kid in the header), with claims overridable per test. */
async function accessToken(claims: Record<string, unknown> = {}, jwk = JSON.parse((env as unknown as { TEST_ACCESS_PRIVATE_JWK: string }).TEST_ACCESS_PRIVATE_JWK)) {
  const nowS = Math.floor(Date.now() / 1000);
  const body = `${encodeJson({ alg: "RS256", kid: ACCESS_TEST_KID, typ: "JWT" })}.${encodeJson({
    aud: [ACCESS_TEST_AUDIENCE], iss: `http://${ACCESS_TEST_HOST}`, email: "sre@example.com", sub: "user-1", iat: nowS, exp: nowS + 600, ...claims,
  })}`;
  const key = await crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  return `${body}.${base64Url(new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(body))))}`;
}

const withAccess = async (path: string, token: string, init: RequestInit = {}) =>
  collectorFetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), "cf-access-jwt-assertion": token } });

describe("Cloudflare Access in front of the dashboard", () => {
  it("a valid Access token reads the configured project without a key", async () => {
    const response = await withAccess("/api/services", await accessToken());
    expect(response.status).toBe(200);
    expect(((await response.json()) as { project: string }).project).toBe("test");
  });

  it("a wrong audience, an expired token or another signer is a 401 saying why", async () => {
    for (const [token, why] of [
      [await accessToken({ aud: ["someone-else"] }), "wrong audience"],
      [await accessToken({ exp: Math.floor(Date.now() / 1000) - 60 }), "expired"],
      [await accessToken({ iss: "https://other.cloudflareaccess.com" }), "wrong issuer"],
    ] as const) {
      const response = await withAccess("/api/services", token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(why);
    }
    const pair = (await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const forged = await accessToken({}, await crypto.subtle.exportKey("jwk", pair.privateKey));
    expect(((await (await withAccess("/api/services", forged)).json()) as { error: { message: string } }).error.message).toContain("bad signature");
  });

  it("an Access token never grants ingest", async () => {
    const response = await withAccess("/v1/traces", await accessToken(), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(401);
  });
});
