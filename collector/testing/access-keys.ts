// A Cloudflare Access stand-in for tests: an RSA signing key made per run; vitest.config.ts serves its JWKS at ACCESS_TEST_HOST.
export const ACCESS_TEST_HOST = "access.test";
export const ACCESS_TEST_AUDIENCE = "edgeslo-test-aud";
export const ACCESS_TEST_KID = "test-key-1";

export async function createAccessTestKeys(): Promise<{ publicJwks: { keys: JsonWebKey[] }; privateJwk: JsonWebKey }> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const publicJwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  const privateJwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  return { publicJwks: { keys: [{ ...publicJwk, kid: ACCESS_TEST_KID } as JsonWebKey] }, privateJwk };
}
