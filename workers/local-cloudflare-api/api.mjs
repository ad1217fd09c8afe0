// A local stand-in for the Cloudflare API's Workers versions/deployments endpoints (dev and tests only): same paths,
// same envelope, records every call. Used by vitest (outbound interception) and by scripts/demo-slo.mjs (server.mjs).

const ok = (result, extra = {}) => Response.json({ success: true, errors: [], messages: [], result, ...extra });
const fail = (status, code, message) => Response.json({ success: false, errors: [{ code, message }], messages: [], result: null }, { status });

/**
 * @param {{ apiToken?: string }} options
 */
export function createLocalCloudflareApi({ apiToken = "local-cf-token" } = {}) {
  /** script → { versions (newest first), deployments (newest first), secretsChangedFor: Set<versionId> } */
  const scripts = new Map();
  /** Every API call: method, path, query, body, answer status. */
  const calls = [];
  let serial = 0;

  function seed({ script, versions, deployments, secretsChangedFor = [] }) {
    scripts.set(script, {
      versions: versions.map((v, i) => ({
        id: v.id, number: v.number ?? versions.length - i,
        metadata: { created_on: v.createdOn ?? new Date(Date.now() - i * 3_600_000).toISOString(), source: "wrangler", author_email: "dev@example.com" },
        annotations: v.tag ? { "workers/tag": v.tag } : {},
      })),
      deployments: deployments.map((d, i) => ({
        id: d.id ?? `dep-seed-${i}`, source: "wrangler", strategy: "percentage", author_email: "dev@example.com",
        created_on: d.createdOn ?? new Date(Date.now() - i * 3_600_000).toISOString(),
        versions: d.versions.map((v) => ({ version_id: v.versionId, percentage: v.percentage })), annotations: {},
      })),
      secretsChangedFor: new Set(secretsChangedFor),
    });
  }

  async function api(request, url, match) {
    const [, accountId, script, resource] = match;
    if (request.headers.get("authorization") !== `Bearer ${apiToken}`) return fail(403, 10000, "Authentication error");
    const state = scripts.get(decodeURIComponent(script));
    if (!state) return fail(404, 10007, `This Worker does not exist on your account (${accountId}).`);
    if (resource === "versions" && request.method === "GET") {
      return ok({ items: state.versions }, { result_info: { page: 1, per_page: 100, count: state.versions.length, total_count: state.versions.length } });
    }
    if (resource === "deployments" && request.method === "GET") return ok({ deployments: state.deployments });
    if (resource === "deployments" && request.method === "POST") {
      const body = await request.json().catch(() => null);
      const versions = body?.versions;
      if (body?.strategy !== "percentage" || !Array.isArray(versions) || versions.length === 0 || versions.reduce((sum, v) => sum + v.percentage, 0) !== 100) {
        return fail(400, 10021, "deployment must use strategy percentage with versions summing to 100");
      }
      const unknown = versions.find((v) => !state.versions.some((known) => known.id === v.version_id));
      if (unknown) return fail(400, 10230, `version ${unknown.version_id} does not exist`);
      if (url.searchParams.get("force") !== "true" && versions.some((v) => state.secretsChangedFor.has(v.version_id))) {
        return fail(400, 10220, "Secrets have changed since this version was created; deploy with force to use the current secrets");
      }
      serial += 1;
      const deployment = {
        id: `dep-local-${serial}`, source: "api", strategy: "percentage", author_email: "edgeslo@example.com", created_on: new Date().toISOString(),
        versions: versions.map((v) => ({ version_id: v.version_id, percentage: v.percentage })), annotations: body.annotations ?? {},
      };
      state.deployments.unshift(deployment);
      return ok(deployment);
    }
    return fail(405, 10405, `${request.method} not allowed`);
  }

  async function handle(request) {
    const url = new URL(request.url);
    if (url.pathname === "/__local/seed" && request.method === "POST") {
      seed(await request.json());
      return Response.json({ ok: true });
    }
    if (url.pathname === "/__local/calls") return Response.json({ calls });
    const match = /\/accounts\/([^/]+)\/workers\/scripts\/([^/]+)\/(versions|deployments)$/.exec(url.pathname);
    const bodyText = request.method === "POST" ? await request.clone().text() : null;
    const response = match ? await api(request, url, match) : fail(404, 7003, `no route for ${request.method} ${url.pathname}`);
    calls.push({ method: request.method, path: url.pathname, query: url.search, body: bodyText ? JSON.parse(bodyText) : null, status: response.status, atMs: Date.now() });
    return response;
  }

  return { handle, seed, calls };
}
