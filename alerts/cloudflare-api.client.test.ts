import { describe, expect, it } from "vitest";
import { createCloudflareApi, CloudflareApiError } from "./cloudflare-api.client";
import { TEST_ALERT_BINDINGS, TEST_STAND_IN_HOSTS } from "./testing/test-bindings";

const CF = `http://${TEST_STAND_IN_HOSTS.cloudflareApi}`;
const api = createCloudflareApi({ baseUrl: TEST_ALERT_BINDINGS.CF_API_BASE_URL, accountId: "acct", apiToken: TEST_ALERT_BINDINGS.ROLLBACK_API_TOKEN });

async function seed(script: string, secretsChangedFor: string[] = []) {
  await fetch(`${CF}/__local/seed`, {
    method: "POST",
    body: JSON.stringify({
      script, secretsChangedFor,
      versions: [{ id: "ver-b", tag: "v2" }, { id: "ver-a", tag: "v1" }],
      deployments: [{ id: "dep-b", versions: [{ versionId: "ver-b", percentage: 10 }, { versionId: "ver-a", percentage: 90 }] }],
    }),
  });
}

describe("Cloudflare API client (against the local stand-in's real endpoints)", () => {
  it("reads versions from result.items and deployments from result.deployments, newest first", async () => {
    await seed("client-read");
    expect((await api.listVersions("client-read")).map((v) => [v.id, v.tag])).toEqual([["ver-b", "v2"], ["ver-a", "v1"]]);
    expect(await api.listDeployments("client-read")).toEqual([
      expect.objectContaining({ id: "dep-b", versions: [{ versionId: "ver-b", percentage: 10 }, { versionId: "ver-a", percentage: 90 }] }),
    ]);
  });

  it("deploys one version at 100% with a message annotation", async () => {
    await seed("client-deploy");
    const { deploymentId } = await api.deployVersion("client-deploy", "ver-a", { message: "edgeslo rollback", force: false });
    const [latest] = await api.listDeployments("client-deploy");
    expect(latest).toMatchObject({ id: deploymentId, versions: [{ versionId: "ver-a", percentage: 100 }] });
  });

  it("surfaces error 10220 (secrets changed) so the caller can ask a human, and force=true goes through", async () => {
    await seed("client-secrets", ["ver-a"]);
    const refused = await api.deployVersion("client-secrets", "ver-a", { message: "m", force: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CloudflareApiError);
    expect((refused as CloudflareApiError).secretsChanged).toBe(true);
    await expect(api.deployVersion("client-secrets", "ver-a", { message: "m", force: true })).resolves.toMatchObject({ deploymentId: expect.any(String) });
  });

  it("a wrong token is an error with the API's code, not a silent empty list", async () => {
    const wrong = createCloudflareApi({ baseUrl: TEST_ALERT_BINDINGS.CF_API_BASE_URL, accountId: "acct", apiToken: "nope" });
    await seed("client-auth");
    await expect(wrong.listVersions("client-auth")).rejects.toThrow(/10000 Authentication error/);
  });
});
