// Collector test double (an auxiliary Worker in the vitest projects): records every OTLP and Langfuse POST it gets and
// answers like the collector (200 {} / 207), or like a dead or slow one after POST /__mode {"mode": "down"|"hang"|"reject"}.
let captured = [];
let mode = { mode: "up", delayMs: 0 };

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/__captured") return Response.json(captured);
    if (url.pathname === "/__reset") {
      captured = [];
      mode = { mode: "up", delayMs: 0 };
      return Response.json({ ok: true });
    }
    if (url.pathname === "/__mode") {
      mode = { delayMs: 0, ...(await request.json()) };
      return Response.json(mode);
    }
    const text = await request.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = { unparsed: text.slice(0, 200) };
    }
    captured.push({ path: url.pathname, headers: Object.fromEntries(request.headers), body, mode: mode.mode, atMs: Date.now() });
    if (mode.mode === "hang") await new Promise((resolve) => setTimeout(resolve, mode.delayMs || 10_000));
    if (mode.mode === "down") return Response.json({ error: { code: "unavailable", message: "collector double is down" } }, { status: 503 });
    if (mode.mode === "reject") return Response.json({ error: { code: "bad_request", message: "rejected by the double" } }, { status: 400 });
    if (url.pathname === "/api/public/ingestion") {
      const batch = Array.isArray(body?.batch) ? body.batch : [];
      return Response.json({ successes: batch.map((item) => ({ id: item.id, status: 201 })), errors: [] }, { status: 207 });
    }
    return Response.json({});
  },
};
