// Standard Webhooks signatures (HMAC-SHA256 over "id.timestamp.body", base64, "v1," prefix; whsec_ secrets) via the standardwebhooks package.
import { Webhook } from "standardwebhooks";
import { WEBHOOK_HEADER } from "./conventions";

/** Receivers reject timestamps further than this from their clock (the Standard Webhooks tolerance). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function signWebhook(secret: string, messageId: string, timestampSeconds: number, body: string): Record<string, string> {
  const signature = new Webhook(secret).sign(messageId, new Date(timestampSeconds * 1000), body);
  return { [WEBHOOK_HEADER.id]: messageId, [WEBHOOK_HEADER.timestamp]: String(timestampSeconds), [WEBHOOK_HEADER.signature]: signature };
}

/** Throws WebhookVerificationError when the signature, or the timestamp (±5 min), does not check out. */
export function verifyWebhook(secret: string, body: string, headers: Record<string, string>): unknown {
  return new Webhook(secret).verify(body, headers);
}

/** A fresh whsec_ secret: 24 random bytes, base64. */
export function generateWebhookSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`;
}
