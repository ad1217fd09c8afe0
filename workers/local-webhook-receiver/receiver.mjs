// A local webhook receiver (dev and tests only) that verifies Standard Webhooks signatures exactly as a customer would,
// accepts Slack- and PagerDuty-shaped posts, and can be told to fail the next N deliveries (status, Retry-After).
import { Webhook } from "standardwebhooks";

export function createWebhookReceiver({ secret }) {
  const received = [];
  const failures = [];

  async function handle(request) {
    const url = new URL(request.url);
    if (url.pathname === "/__local/received") return Response.json({ received });
    if (url.pathname === "/__local/fail" && request.method === "POST") {
      const { status, times = 1, retryAfter = null, path = null } = await request.json();
      for (let i = 0; i < times; i++) failures.push({ status, retryAfter, path });
      return Response.json({ ok: true });
    }
    const body = await request.text();
    const headers = Object.fromEntries(request.headers);
    const failureIndex = failures.findIndex((f) => f.path === null || f.path === url.pathname);
    if (failureIndex >= 0) {
      const [failure] = failures.splice(failureIndex, 1);
      received.push({ path: url.pathname, answered: failure.status, verified: null, headers, body, atMs: Date.now() });
      return new Response("failing on purpose", { status: failure.status, headers: failure.retryAfter ? { "retry-after": String(failure.retryAfter) } : {} });
    }
    if (url.pathname.startsWith("/slack")) {
      received.push({ path: url.pathname, answered: 200, verified: null, headers, body: JSON.parse(body), atMs: Date.now() });
      return new Response("ok");
    }
    if (url.pathname.startsWith("/pagerduty")) {
      const event = JSON.parse(body);
      received.push({ path: url.pathname, answered: 202, verified: null, headers, body: event, atMs: Date.now() });
      return Response.json({ status: "success", message: "Event processed", dedup_key: event.dedup_key }, { status: 202 });
    }
    // The generic webhook: verify as the README's snippet does.
    try {
      const payload = new Webhook(secret).verify(body, headers);
      received.push({ path: url.pathname, answered: 204, verified: true, headers, body: payload, atMs: Date.now() });
      return new Response(null, { status: 204 });
    } catch (error) {
      received.push({ path: url.pathname, answered: 401, verified: false, error: String(error), headers, body, atMs: Date.now() });
      return new Response("bad signature", { status: 401 });
    }
  }

  return { handle, received };
}
