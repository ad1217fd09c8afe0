// Span attribute names the Workers emit: the collector's (collector/conventions.ts) plus OTel GenAI and edgeslo extras.
import { SPAN_ATTR } from "../../collector/conventions";

export const ATTR = {
  // read by the collector
  route: SPAN_ATTR.route[0],
  region: SPAN_ATTR.region[0],
  cacheResult: SPAN_ATTR.cacheResult[0],
  cacheTier: SPAN_ATTR.cacheTier[0],
  provider: SPAN_ATTR.provider[0],
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  inputTokens: SPAN_ATTR.inputTokens[0],
  outputTokens: SPAN_ATTR.outputTokens[0],
  costUsd: SPAN_ATTR.costUsd,
  // OTel GenAI semantic conventions, informational
  operationName: "gen_ai.operation.name",
  serverAddress: "server.address",
  errorType: "error.type",
  // edgeslo's own, informational
  routerRegion: "edgeslo.router.region",
  routerScore: "edgeslo.router.score",
  routerAttempts: "edgeslo.router.attempts",
  routerFailovers: "edgeslo.router.failovers",
  routerCandidates: "edgeslo.router.candidates",
  piiMasked: "edgeslo.pii.masked",
  piiKinds: "edgeslo.pii.kinds",
  cacheKey: "edgeslo.cache.key",
} as const;
