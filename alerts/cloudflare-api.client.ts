// Cloudflare API client for rollbacks: list versions and deployments, create a deployment. Plain fetch, zod-checked envelopes.
// Why not the `cloudflare` SDK: three endpoints do not justify its size in a Worker bundle, its deployments.list()
// iterator reads result.items while the API answers result.deployments, and we need the raw error codes (10220).
import { z } from "zod";
import { CF_ANNOTATION_MESSAGE, CF_ANNOTATION_TAG, CF_ERROR_SECRETS_CHANGED } from "./conventions";
import type { WorkerDeployment, WorkerVersion } from "./rollback-policy";

const envelope = <T extends z.ZodTypeAny>(result: T) =>
  z.object({
    success: z.boolean(),
    errors: z.array(z.object({ code: z.number(), message: z.string() }).loose()).default([]),
    messages: z.array(z.unknown()).default([]),
    result: result.nullable().optional(),
  });

const versionsResult = z.object({
  items: z.array(z.object({
    id: z.string(),
    number: z.number().optional(),
    metadata: z.object({ created_on: z.string().optional() }).loose().optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }).loose()),
}).loose();

const deploymentsResult = z.object({
  deployments: z.array(z.object({
    id: z.string(),
    created_on: z.string().optional(),
    versions: z.array(z.object({ version_id: z.string(), percentage: z.number() })),
  }).loose()),
}).loose();

const deploymentResult = z.object({ id: z.string() }).loose();

export class CloudflareApiError extends Error {
  constructor(message: string, readonly status: number, readonly codes: number[]) {
    super(message);
    this.name = "CloudflareApiError";
  }
  get secretsChanged(): boolean {
    return this.codes.includes(CF_ERROR_SECRETS_CHANGED);
  }
}

export interface CloudflareApi {
  listVersions(script: string): Promise<WorkerVersion[]>;
  listDeployments(script: string): Promise<WorkerDeployment[]>;
  deployVersion(script: string, versionId: string, options: { message: string; force: boolean }): Promise<{ deploymentId: string }>;
}

export function createCloudflareApi(config: { baseUrl: string; accountId: string; apiToken: string }, fetcher: typeof fetch = fetch): CloudflareApi {
  const scriptUrl = (script: string, rest: string) => `${config.baseUrl}/accounts/${encodeURIComponent(config.accountId)}/workers/scripts/${encodeURIComponent(script)}${rest}`;

  async function call<T extends z.ZodTypeAny>(url: string, init: RequestInit, result: T): Promise<z.infer<T>> {
    const response = await fetcher(url, {
      ...init,
      headers: { authorization: `Bearer ${config.apiToken}`, "content-type": "application/json", ...init.headers },
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let body: z.infer<ReturnType<typeof envelope<T>>>;
    try {
      body = envelope(result).parse(JSON.parse(text));
    } catch (error) {
      throw new CloudflareApiError(`Cloudflare API ${init.method ?? "GET"} ${url} answered ${response.status} with an unexpected body: ${text.slice(0, 200)}`, response.status, []);
    }
    if (!response.ok || !body.success || body.result == null) {
      const message = body.errors.map((e) => `${e.code} ${e.message}`).join("; ") || `HTTP ${response.status}`;
      throw new CloudflareApiError(`Cloudflare API ${init.method ?? "GET"} ${url}: ${message}`, response.status, body.errors.map((e) => e.code));
    }
    return body.result;
  }

  return {
    async listVersions(script) {
      const result = await call(scriptUrl(script, "/versions"), { method: "GET" }, versionsResult);
      return result.items.map((v) => ({ id: v.id, number: v.number, createdOn: v.metadata?.created_on, tag: v.annotations?.[CF_ANNOTATION_TAG] ?? null }));
    },
    async listDeployments(script) {
      const result = await call(scriptUrl(script, "/deployments"), { method: "GET" }, deploymentsResult);
      return result.deployments.map((d) => ({ id: d.id, createdOn: d.created_on, versions: d.versions.map((v) => ({ versionId: v.version_id, percentage: v.percentage })) }));
    },
    async deployVersion(script, versionId, options) {
      const result = await call(
        scriptUrl(script, `/deployments${options.force ? "?force=true" : ""}`),
        {
          method: "POST",
          body: JSON.stringify({ strategy: "percentage", versions: [{ version_id: versionId, percentage: 100 }], annotations: { [CF_ANNOTATION_MESSAGE]: options.message.slice(0, 100) } }),
        },
        deploymentResult,
      );
      return { deploymentId: result.id };
    },
  };
}
