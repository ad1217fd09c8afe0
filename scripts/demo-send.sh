#!/usr/bin/env bash
# Sends OTLP/JSON (plain and gzip) and a Langfuse batch to a running collector with curl, then reads /api/metrics back.
# Usage: scripts/demo-send.sh [BASE_URL]   (default http://127.0.0.1:8787; keys are the development keys of dev.vars.example)
set -euo pipefail
BASE=${1:-http://127.0.0.1:8787}
INGEST=${EDGESLO_INGEST_KEY:-edgeslo-demo-ingest}
READ=${EDGESLO_READ_KEY:-edgeslo-demo-read}
run=$(date +%s)
now_ms=$(( $(date +%s%N) / 1000000 - 60000 ))

# 20 requests to "demo-optimizer" v1: latencies 10..200 ms, 2 errors (HTTP 500), 5 cache hits, 15 misses,
# 412 input + 128 output tokens and $0.001 per request.
spans=""
for i in $(seq 1 20); do
  start_ns=$(( (now_ms + i * 100) * 1000000 ))
  end_ns=$(( start_ns + i * 10 * 1000000 ))
  status=200; [ "$i" -le 2 ] && status=500
  cache=miss; [ $(( i % 4 )) -eq 0 ] && cache=hit
  trace=$(printf '%016x%016x' "$run" "$i"); span=$(printf '%016x' "$i")
  [ -n "$spans" ] && spans+=","
  spans+="{\"traceId\":\"$trace\",\"spanId\":\"$span\",\"name\":\"POST /optimize\",\"kind\":2,
    \"startTimeUnixNano\":\"$start_ns\",\"endTimeUnixNano\":\"$end_ns\",\"status\":{\"code\":$([ $status = 500 ] && echo 2 || echo 0)},
    \"attributes\":[{\"key\":\"http.route\",\"value\":{\"stringValue\":\"/optimize\"}},
      {\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"$status\"}},
      {\"key\":\"edgeslo.cache.result\",\"value\":{\"stringValue\":\"$cache\"}},
      {\"key\":\"edgeslo.cache.tier\",\"value\":{\"stringValue\":\"memory\"}},
      {\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o-mini\"}},
      {\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"412\"}},
      {\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"128\"}},
      {\"key\":\"gen_ai.usage.cost\",\"value\":{\"doubleValue\":0.001}}]}"
done
body="{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"demo-optimizer\"}},{\"key\":\"service.version\",\"value\":{\"stringValue\":\"v1\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"demo\"},\"spans\":[$spans]}]}]}"

echo "== OTLP/JSON, gzip-encoded =="
printf '%s' "$body" | gzip -c | curl -sS -X POST "$BASE/v1/traces" -H "authorization: Bearer $INGEST" \
  -H 'content-type: application/json' -H 'content-encoding: gzip' --data-binary @- -w '  HTTP %{http_code}\n'
echo "== the same export again (an exporter retry: must not count twice) =="
curl -sS -X POST "$BASE/v1/traces" -H "authorization: Bearer $INGEST" -H 'content-type: application/json' \
  --data-binary "$body" -w '  HTTP %{http_code}\n'

echo "== Langfuse batch for \"demo-evaluator\": one trace, one generation (300 ms, 1000+200 tokens, \$0.004), one bad item =="
ts=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
gen_start=$(date -u -d "@$(( now_ms / 1000 ))" +%Y-%m-%dT%H:%M:%S.000Z)
gen_end=$(date -u -d "@$(( now_ms / 1000 ))" +%Y-%m-%dT%H:%M:%S.300Z)
ltrace=$(printf 'lf%014x%016x' "$run" 1)
curl -sS -X POST "$BASE/api/public/ingestion" -u "pk-lf-demo:$INGEST" -H 'content-type: application/json' --data-binary "{\"batch\":[
  {\"id\":\"$ltrace-t\",\"timestamp\":\"$ts\",\"type\":\"trace-create\",\"body\":{\"id\":\"$ltrace\",\"name\":\"evaluate\",\"version\":\"v1\",\"metadata\":{\"service.name\":\"demo-evaluator\"}}},
  {\"id\":\"$ltrace-g\",\"timestamp\":\"$ts\",\"type\":\"generation-create\",\"body\":{\"id\":\"$ltrace-gen\",\"traceId\":\"$ltrace\",\"model\":\"gpt-4o-mini\",\"startTime\":\"$gen_start\",\"endTime\":\"$gen_end\",\"usageDetails\":{\"input\":1000,\"output\":200},\"costDetails\":{\"total\":0.004}}},
  {\"id\":\"$ltrace-bad\",\"timestamp\":\"$ts\",\"type\":\"generation-create\",\"body\":{\"id\":\"x\",\"traceId\":\"$ltrace\",\"usageDetails\":{\"input\":\"lots\"}}}
]}" -w '\n  HTTP %{http_code}\n'

echo
echo "== GET /api/metrics?service=demo-optimizer&window=1h =="
echo "   (figures add up across runs: state persists in .wrangler/state)"
echo "   sent: 20 requests, P95 ~190 ms (1% sketch), cache hit rate 0.25, error rate 0.1, cost \$0.02 (\$0.001/request)"
curl -sS "$BASE/api/metrics?service=demo-optimizer&window=1h" -H "authorization: Bearer $READ"
echo
settle=${LANGFUSE_SETTLE_SECONDS:-5}
echo "== waiting $((settle + 2)) s for the Langfuse trace to settle (LANGFUSE_SETTLE_SECONDS) =="
sleep $((settle + 2))
echo "== GET /api/metrics?service=demo-evaluator&window=1h =="
echo "   sent: 1 request, P95 ~300 ms, 1200 tokens, cost \$0.004"
curl -sS "$BASE/api/metrics?service=demo-evaluator&window=1h" -H "authorization: Bearer $READ"
echo
