// Cache keys: a SHA-256 of the normalised request, so spacing, letter case and object key order do not change the key.

export type StructuredValue = string | number | boolean | null | StructuredValue[] | { [key: string]: StructuredValue };

/** Unicode NFKC, lower case, runs of whitespace to one space, trimmed. */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}

/**
 * Canonical form of structured input: object keys sorted (and normalised like text), string leaves normalised,
 * array order kept (order in a list is meaning), numbers in their shortest JSON form.
 */
export function canonicalise(value: StructuredValue): StructuredValue {
  if (typeof value === "string") return normaliseText(value);
  if (Array.isArray(value)) return value.map(canonicalise);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [normaliseText(k), canonicalise(v)] as const);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  return value;
}

/** The normalised text a cache key is computed from; exported so tests and logs can show what was hashed. */
export function semanticKeyMaterial(namespace: string, input: StructuredValue): string {
  return JSON.stringify([namespace, canonicalise(input)]);
}

export async function semanticKey(namespace: string, input: StructuredValue): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(semanticKeyMaterial(namespace, input)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
