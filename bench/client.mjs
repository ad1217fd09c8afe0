// A load-generator client that behaves like an OTLP exporter: retries 429/503 and network errors, honouring Retry-After.
export const INGEST = "Bearer edgeslo-demo-ingest";
export const READ = "Bearer edgeslo-demo-read";

/** One span per request-role event with fresh ids: `seq` makes every span unique across a run. */
export function uniqueExport(service, version, seq, spans, nowMs = Date.now()) {
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: "service.name", value: { stringValue: service } }, { key: "service.version", value: { stringValue: version } }] },
      scopeSpans: [{ spans: Array.from({ length: spans }, (_, i) => {
        const id = (BigInt(seq) * 100_000n + BigInt(i) + 1n).toString(16);
        return {
          traceId: id.padStart(32, "0"), spanId: id.padStart(16, "0"), kind: 2, name: "POST /optimize",
          startTimeUnixNano: `${nowMs - 1000 + (i % 500)}000000`, endTimeUnixNano: `${nowMs - 1000 + (i % 500) + 5 + (i % 90)}000000`,
          attributes: [{ key: "http.response.status_code", value: { intValue: i % 50 === 0 ? 500 : 200 } }],
        };
      }) }],
    }],
  };
}

/** Posts until answered 200 (or `attempts` run out); returns the statuses seen. Retry-After is honoured, capped by maxWaitMs. */
export async function postWithRetry(baseOf, body, { attempts = 200, maxWaitMs = 2000 } = {}) {
  const seen = [];
  const payload = JSON.stringify(body);
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const response = await fetch(`${baseOf()}/v1/traces`, { method: "POST", headers: { authorization: INGEST, "content-type": "application/json" }, body: payload });
      await response.arrayBuffer();
      seen.push(response.status);
      if (response.status === 200) return seen;
      if (![429, 502, 503, 504].includes(response.status)) throw new Error(`non-retryable ${response.status}`);
      const retryAfterMs = Number(response.headers.get("retry-after") ?? "1") * 1000;
      await new Promise((r) => setTimeout(r, Math.min(retryAfterMs, maxWaitMs)));
    } catch (error) {
      if (String(error).includes("non-retryable")) throw error;
      seen.push("network");
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`not accepted after ${attempts} attempts: ${seen.slice(-5).join(",")}`);
}

export async function requestCount(base, service, window = "1h") {
  const response = await fetch(`${base}/api/metrics?service=${encodeURIComponent(service)}&window=${window}`, { headers: { authorization: READ } });
  if (!response.ok) throw new Error(`metrics answered ${response.status}`);
  return (await response.json()).total.requests;
}
