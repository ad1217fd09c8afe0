// Keys the test suite authenticates with, and their SHA-256 records (what production stores instead of the keys).
export const TEST_KEYS = {
  ingest: "test-ingest-key",
  read: "test-read-key",
  otherProject: "test-other-project-key",
  langfusePublic: "pk-lf-test",
  langfuseSecret: "sk-lf-test",
  admin: "test-admin-key",
} as const;

// sha256 of each key above (`printf %s KEY | sha256sum`); a test checks they still match.
export const TEST_KEYS_JSON = JSON.stringify([
  { project: "test", sha256: "5a0a187600e0173ab293d13ad1589ce62c1f2210a41d18f893930379b0bd992b", scopes: ["ingest"] },
  { project: "test", sha256: "1fe7a77d2fca400ab2b506da2b5c7a0bc9ab21853ba6ad65c049915ff64dfabb", scopes: ["read"] },
  { project: "other", sha256: "937ad7d9443d171457e8543a4240cf6aee93ebf3d62dfecc051d62cf4b3341d5", scopes: ["ingest", "read"] },
  { project: "test", sha256: "8801cf10573f993309e4b6418ddacd0f5f4bb19160288c814810cbfb859b49d3", scopes: ["ingest"], publicKey: "pk-lf-test" },
  { project: "test", sha256: "944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9", scopes: ["admin", "read"] },
]);
