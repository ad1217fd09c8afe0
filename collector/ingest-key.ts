// API keys: stored as SHA-256 hashes scoped to a project; read from Bearer or Langfuse-style Basic auth.
import { z } from "zod";

export const keyScopeSchema = z.enum(["ingest", "read", "admin"]);
export type KeyScope = z.infer<typeof keyScopeSchema>;

export const ingestKeyRecordSchema = z.object({
  project: z.string().regex(/^[\w.-]{1,64}$/, "project: letters, digits, . _ - (1-64)"),
  /** SHA-256 of the secret key, lower-case hex. The secret itself is never stored. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256: 64 lower-case hex digits"),
  scopes: z.array(keyScopeSchema).min(1),
  /** For Langfuse Basic auth: when set, the username (public key) must equal it. */
  publicKey: z.string().optional(),
});
export type IngestKeyRecord = z.infer<typeof ingestKeyRecordSchema>;

export interface PresentedCredentials {
  secret: string;
  publicKey: string | null;
}

/** Bearer <key>, or Basic base64(publicKey:secretKey) as the Langfuse SDKs send. Null when absent or malformed. */
export function readCredentials(authorization: string | null | undefined): PresentedCredentials | null {
  if (!authorization) return null;
  const [scheme, value] = authorization.trim().split(/\s+/, 2);
  if (!scheme || !value) return null;
  if (scheme.toLowerCase() === "bearer") return { secret: value, publicKey: null };
  if (scheme.toLowerCase() !== "basic") return null;
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { publicKey: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The project a credential may act on for a scope, or null. Compares hashes, never secrets. */
export async function authorise(
  keys: IngestKeyRecord[],
  credentials: PresentedCredentials | null,
  scope: KeyScope,
): Promise<{ project: string } | null> {
  if (!credentials || credentials.secret === "") return null;
  const hash = await sha256Hex(credentials.secret);
  const record = keys.find(
    (k) =>
      k.sha256 === hash &&
      k.scopes.includes(scope) &&
      (k.publicKey === undefined || credentials.publicKey === null || credentials.publicKey === k.publicKey),
  );
  return record ? { project: record.project } : null;
}
