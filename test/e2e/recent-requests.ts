// Browser/CLI test traffic: a minute's worth of requests of one service version, posted to the local collector as OTLP/JSON.
import { hexId, otlpJsonExport } from "../../collector/testing/otlp-factory.ts";

/** `count` requests spread over the last minute, one in `errorEvery` answering 500 (0: none); throws unless 200. */
export async function postRecentRequests(base: string, spec: { service: string; version: string; count: number; errorEvery: number; durationMs: number }): Promise<void> {
  const now = Date.now();
  const spans = Array.from({ length: spec.count }, (_, i) => ({
    traceId: hexId(now * 1000 + i, 16), spanId: hexId(now * 1000 + i, 8), startMs: now - 60_000 + i * Math.floor(55_000 / spec.count), durationMs: spec.durationMs,
    attributes: { "http.response.status_code": spec.errorEvery > 0 && i % spec.errorEvery === 0 ? 500 : 200 },
  }));
  const response = await fetch(`${base}/v1/traces`, {
    method: "POST",
    headers: { authorization: "Bearer edgeslo-demo-ingest", "content-type": "application/json" },
    body: JSON.stringify(otlpJsonExport({ "service.name": spec.service, "service.version": spec.version }, spans)),
  });
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
}
