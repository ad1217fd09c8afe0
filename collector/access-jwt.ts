// Cloudflare Access: verifies the Cf-Access-Jwt-Assertion JWT (RS256) against the team's signing keys, audience and expiry.

export interface AccessJwtCheck {
  /** The team's public keys (JWKS "keys", each with its kid). */
  keys: (JsonWebKey & { kid?: string })[];
  /** The Access application's audience tag. */
  audience: string;
  /** https://<team>.cloudflareaccess.com */
  issuer: string;
  nowMs: number;
}

export type AccessIdentity = { email: string | null; subject: string };

function base64UrlBytes(text: string): Uint8Array {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function decodePart(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(base64UrlBytes(text))) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The identity in a valid token, or why it is not valid (never thrown: a bad token is an ordinary 401). */
export async function verifyAccessJwt(token: string, check: AccessJwtCheck): Promise<AccessIdentity | { invalid: string }> {
  const parts = token.split(".");
  if (parts.length !== 3) return { invalid: "not a JWT" };
  const [headerText, payloadText, signatureText] = parts as [string, string, string];
  const header = decodePart(headerText);
  const payload = decodePart(payloadText);
  if (!header || !payload) return { invalid: "undecodable JWT" };
  if (header.alg !== "RS256") return { invalid: `unsupported alg ${String(header.alg)}` };
  const jwk = check.keys.find((k) => k.kid === header.kid);
  if (!jwk) return { invalid: `unknown signing key ${String(header.kid)}` };
  const key = await crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  const signed = new TextEncoder().encode(`${headerText}.${payloadText}`);
  if (!(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, base64UrlBytes(signatureText), signed))) return { invalid: "bad signature" };
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(check.audience)) return { invalid: "wrong audience" };
  if (payload.iss !== check.issuer) return { invalid: "wrong issuer" };
  const nowS = check.nowMs / 1000;
  if (typeof payload.exp !== "number" || payload.exp < nowS) return { invalid: "expired" };
  if (typeof payload.nbf === "number" && payload.nbf > nowS + 60) return { invalid: "not valid yet" };
  return { email: typeof payload.email === "string" ? payload.email : null, subject: String(payload.sub ?? "") };
}
