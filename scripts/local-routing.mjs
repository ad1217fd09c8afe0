// LLM_ROUTING for the local stack: simulated providers as profiles of the local LLM stand-in (dev only).

/** One OpenAI-compatible provider served by the stand-in under /p/<profile>/v1. */
export function localProvider(llmUrl, { name, model, regions, inputUsdPerMTok, outputUsdPerMTok, quality, timeoutMs, expectedLatencyMs }) {
  return { name, baseUrl: `${llmUrl}/p/${name}/v1`, model, regions, inputUsdPerMTok, outputUsdPerMTok, quality, timeoutMs, expectedLatencyMs };
}

/** The stable services' routing: three providers with different latency, price and quality. */
export function localRouting(llmUrl) {
  return JSON.stringify({
    defaultRegion: "us",
    maxAttempts: 3,
    providers: [
      localProvider(llmUrl, { name: "swift", model: "swift-mini", regions: ["us", "eu"], inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, quality: 0.72, timeoutMs: 3000, expectedLatencyMs: 40 }),
      localProvider(llmUrl, { name: "premium", model: "premium-large", regions: ["us", "eu", "apac"], inputUsdPerMTok: 2.5, outputUsdPerMTok: 10, quality: 0.95, timeoutMs: 5000, expectedLatencyMs: 60 }),
      localProvider(llmUrl, { name: "budget", model: "budget-small", regions: ["us", "apac"], inputUsdPerMTok: 0.05, outputUsdPerMTok: 0.08, quality: 0.55, timeoutMs: 3000, expectedLatencyMs: 50 }),
    ],
  });
}
