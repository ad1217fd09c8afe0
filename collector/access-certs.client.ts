// Fetches a Cloudflare Access team's signing keys (JWKS) and keeps them for a few minutes per isolate.
const KEYS_TTL_MS = 10 * 60_000;
const cache = new Map<string, { keys: (JsonWebKey & { kid?: string })[]; fetchedAtMs: number }>();

export async function accessSigningKeys(teamUrl: string, nowMs: number): Promise<(JsonWebKey & { kid?: string })[]> {
  const cached = cache.get(teamUrl);
  if (cached && nowMs - cached.fetchedAtMs < KEYS_TTL_MS) return cached.keys;
  const response = await fetch(`${teamUrl}/cdn-cgi/access/certs`);
  if (!response.ok) throw new Error(`Access certs answered ${response.status}`);
  const { keys } = (await response.json()) as { keys: (JsonWebKey & { kid?: string })[] };
  cache.set(teamUrl, { keys, fetchedAtMs: nowMs });
  return keys;
}
