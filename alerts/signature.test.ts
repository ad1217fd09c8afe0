import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./signature";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY = '{"type":"alert.firing","id":"evt_1"}';

async function hmacBase64(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", Uint8Array.from(atob(secret.slice("whsec_".length)), (c) => c.charCodeAt(0)), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(mac)));
}

describe("Standard Webhooks signatures", () => {
  it("sign HMAC-SHA256 over id.timestamp.body with the base64-decoded whsec_ secret, as the README's snippet checks", async () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = signWebhook(SECRET, "evt_1", now, BODY);
    expect(headers["webhook-id"]).toBe("evt_1");
    expect(headers["webhook-timestamp"]).toBe(String(now));
    expect(headers["webhook-signature"]).toBe(`v1,${await hmacBase64(SECRET, `evt_1.${now}.${BODY}`)}`);
    expect(verifyWebhook(SECRET, BODY, headers)).toEqual({ type: "alert.firing", id: "evt_1" });
  });

  it("a changed body, another secret, or a timestamp over 5 minutes old fails verification", () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = signWebhook(SECRET, "evt_1", now, BODY);
    expect(() => verifyWebhook(SECRET, BODY.replace("firing", "resolved"), headers)).toThrow(/No matching signature/);
    expect(() => verifyWebhook("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", BODY, headers)).toThrow(/No matching signature/);
    expect(() => verifyWebhook(SECRET, BODY, signWebhook(SECRET, "evt_1", now - 6 * 60, BODY))).toThrow(/too old/);
  });
});
