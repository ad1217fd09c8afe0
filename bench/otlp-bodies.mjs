// Builds realistic OTLP trace export bodies for the ingest benchmark: 1,000 spans, about a dozen attributes each.
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";

const require = createRequire(import.meta.url);
const protobuf = require("protobufjs");
export const otlpRoot = protobuf.loadSync(new URL("../collector/decode/proto/otlp-trace.proto", import.meta.url).pathname);
export const ExportTraceServiceRequest = otlpRoot.lookupType("otlp.ExportTraceServiceRequest");

const ROUTES = ["/optimize", "/evaluate", "/v1/chat", "/score"];
const MODELS = ["gpt-4o-mini", "gpt-4.1-mini", "claude-3-5-haiku"];
const CACHE = ["hit", "miss", "miss", "bypass"];

/** One request's worth of spans, as plain objects in OTLP/JSON shape (hex ids, string nanos). */
function spansFor({ count, nowMs, seq }) {
  const spans = [];
  for (let i = 0; i < count; i++) {
    const n = seq * count + i;
    const startNs = BigInt(nowMs - 2_000 + (i % 1000)) * 1_000_000n;
    const durationNs = BigInt(Math.round(5 + ((n * 7919) % 400) + (n % 97 === 0 ? 900 : 0))) * 1_000_000n;
    const status = n % 53 === 0 ? 500 : 200;
    spans.push({
      traceId: randomBytes(16).toString("hex"),
      spanId: randomBytes(8).toString("hex"),
      name: `POST ${ROUTES[n % ROUTES.length]}`,
      kind: 2,
      startTimeUnixNano: startNs.toString(),
      endTimeUnixNano: (startNs + durationNs).toString(),
      attributes: [
        { key: "http.request.method", value: { stringValue: "POST" } },
        { key: "http.route", value: { stringValue: ROUTES[n % ROUTES.length] } },
        { key: "http.response.status_code", value: { intValue: String(status) } },
        { key: "cloud.region", value: { stringValue: ["LHR", "FRA", "IAD"][n % 3] } },
        { key: "edgeslo.cache.result", value: { stringValue: CACHE[n % CACHE.length] } },
        { key: "edgeslo.cache.tier", value: { stringValue: ["memory", "kv", "r2"][n % 3] } },
        { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
        { key: "gen_ai.request.model", value: { stringValue: MODELS[n % MODELS.length] } },
        { key: "gen_ai.usage.input_tokens", value: { intValue: String(100 + (n % 400)) } },
        { key: "gen_ai.usage.output_tokens", value: { intValue: String(20 + (n % 200)) } },
        { key: "gen_ai.usage.cost", value: { doubleValue: 0.0001 + (n % 10) * 0.00001 } },
        { key: "faas.coldstart", value: { boolValue: n % 500 === 0 } },
      ],
      status: { code: status >= 500 ? 2 : 0 },
    });
  }
  return spans;
}

export function exportJson({ service, version, count, nowMs, seq }) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }, { key: "service.version", value: { stringValue: version } }] },
        scopeSpans: [{ scope: { name: "bench" }, spans: spansFor({ count, nowMs, seq }) }],
      },
    ],
  };
}

/** The same export as protobuf bytes (ids as raw bytes, as the proto exporters send them). */
export function toProtobuf(json) {
  const message = {
    resourceSpans: json.resourceSpans.map((rs) => ({
      resource: { attributes: rs.resource.attributes.map(kvToProto) },
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: ss.scope,
        spans: ss.spans.map((s) => ({
          traceId: Buffer.from(s.traceId, "hex"),
          spanId: Buffer.from(s.spanId, "hex"),
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: protobuf.util.Long ? protobuf.util.Long.fromString(s.startTimeUnixNano, true) : Number(s.startTimeUnixNano),
          endTimeUnixNano: protobuf.util.Long ? protobuf.util.Long.fromString(s.endTimeUnixNano, true) : Number(s.endTimeUnixNano),
          attributes: s.attributes.map(kvToProto),
          status: s.status,
        })),
      })),
    })),
  };
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(message)).finish();
}

function kvToProto({ key, value }) {
  const v = { ...value };
  if (v.intValue !== undefined) v.intValue = Number(v.intValue);
  return { key, value: v };
}

/** A request body in one of the four encodings the collector accepts. */
export function encodeBody(json, format) {
  const raw = format.startsWith("proto") ? toProtobuf(json) : Buffer.from(JSON.stringify(json));
  return {
    body: format.endsWith("gzip") ? gzipSync(raw) : raw,
    raw,
    headers: {
      "content-type": format.startsWith("proto") ? "application/x-protobuf" : "application/json",
      ...(format.endsWith("gzip") ? { "content-encoding": "gzip" } : {}),
    },
  };
}

/** Every minute of 7 days gets `perMinute` spans per version of one service, in 250-minute requests (read benchmarks). */
export function sevenDayBodies({ service, versions, perMinute, nowMs, seed = 0 }) {
  const bodies = [];
  const minutes = 7 * 24 * 60;
  for (const [v, version] of versions.entries()) {
    for (let start = 0; start < minutes; start += 250) {
      const spans = [];
      for (let m = start; m < Math.min(minutes, start + 250); m++) {
        for (let k = 0; k < perMinute; k++) {
          const t = nowMs - (m + 1) * 60_000 + Math.floor((k * 60_000) / perMinute);
          const id = (BigInt(seed) * 1_000_000_000n + BigInt(v + 1) * 10_000_000n + BigInt(m) * 10n + BigInt(k) + 1n).toString(16);
          spans.push({ traceId: id.padStart(32, "0"), spanId: id.padStart(16, "0"), kind: 2, name: "POST /optimize",
            startTimeUnixNano: `${t}000000`, endTimeUnixNano: `${t + 10 + ((m * 7 + k) % 300)}000000`,
            attributes: [{ key: "http.response.status_code", value: { intValue: (m + k) % 97 === 0 ? 500 : 200 } },
              { key: "edgeslo.cache.result", value: { stringValue: (m + k) % 3 === 0 ? "miss" : "hit" } },
              { key: "edgeslo.cache.tier", value: { stringValue: "memory" } }] });
        }
      }
      bodies.push({ resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: service } }, { key: "service.version", value: { stringValue: version } }] }, scopeSpans: [{ spans }] }] });
    }
  }
  return bodies;
}
