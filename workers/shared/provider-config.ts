// LLM providers per region (OpenAI-compatible base URL, model, per-token price, quality) and the request-region mapping.
import { z } from "zod";

export const providerSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes"),
  /** OpenAI-compatible API root, e.g. https://api.openai.com/v1 (the client appends /chat/completions). */
  baseUrl: z.url(),
  model: z.string().min(1),
  /** Name of the secret (env var) holding this provider's API key; absent = no Authorization header. */
  apiKeyVar: z.string().regex(/^[A-Z][A-Z0-9_]*$/).optional(),
  regions: z.array(z.string().min(1)).min(1),
  inputUsdPerMTok: z.number().nonnegative(),
  outputUsdPerMTok: z.number().nonnegative(),
  /** 0..1, from offline evaluation; 30 % of the routing score. */
  quality: z.number().min(0).max(1),
  timeoutMs: z.number().int().positive().default(10_000),
  /** Prior for the rolling latency until measured (and what an idle provider's estimate relaxes back to). */
  expectedLatencyMs: z.number().positive().default(1_000),
});
export type ProviderConfig = z.infer<typeof providerSchema>;

/** Cloudflare `request.cf.continent` codes to routing regions. */
const DEFAULT_CONTINENT_REGIONS: Record<string, string> = { NA: "us", SA: "us", AN: "us", EU: "eu", AF: "eu", AS: "apac", OC: "apac" };

export const routingSchema = z
  .object({
    defaultRegion: z.string().min(1),
    continentRegions: z.record(z.string(), z.string()).default(DEFAULT_CONTINENT_REGIONS),
    /** Attempts per request across providers (the first included) before answering 502. */
    maxAttempts: z.number().int().min(1).max(10).default(3),
    providers: z.array(providerSchema).min(1),
  })
  .superRefine((routing, ctx) => {
    const names = routing.providers.map((p) => p.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) ctx.addIssue({ code: "custom", path: ["providers"], message: `provider name ${duplicate} is used twice` });
    if (!routing.providers.some((p) => p.regions.includes(routing.defaultRegion))) {
      ctx.addIssue({ code: "custom", path: ["defaultRegion"], message: `no provider serves the default region ${routing.defaultRegion}` });
    }
  });
export type RoutingConfig = z.infer<typeof routingSchema>;

/** The request's region: its continent mapped to a region that has providers, else the default region. */
export function regionFor(routing: RoutingConfig, continent: string | undefined): string {
  const region = continent ? routing.continentRegions[continent] : undefined;
  return region && routing.providers.some((p) => p.regions.includes(region)) ? region : routing.defaultRegion;
}

export function providersIn(routing: RoutingConfig, region: string): ProviderConfig[] {
  return routing.providers.filter((p) => p.regions.includes(region));
}

export interface UsageCost {
  inputUsd: number;
  outputUsd: number;
  totalUsd: number;
}

export function costOf(provider: Pick<ProviderConfig, "inputUsdPerMTok" | "outputUsdPerMTok">, inputTokens: number, outputTokens: number): UsageCost {
  const inputUsd = (inputTokens * provider.inputUsdPerMTok) / 1e6;
  const outputUsd = (outputTokens * provider.outputUsdPerMTok) / 1e6;
  return { inputUsd, outputUsd, totalUsd: inputUsd + outputUsd };
}
