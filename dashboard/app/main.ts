// The dashboard's entry: hash routes (#/, #/service/<name>, #/alerts), sign-in, and live refresh by polling.
import type { Chart } from "chart.js";
import { listServices, readAlerts, readMetrics, readRollbacks, readSeries, readSlos, SignedOut, signIn, signOut } from "./api";
import { markersFor, sloTile, sortWorstFirst, type SloEntry } from "./slo-view";
import { drawLines, type LineChartOptions } from "./charts";
import { CHARTS, formatValue, isStale, linesFor, shortVersion, tierShares, type LineData } from "./series";

const REFRESH_MS = 15_000;
const RANGES = ["1h", "6h", "24h", "7d", "28d"] as const;

const main = document.getElementById("main")!;
const status = document.getElementById("status")!;
let timer: ReturnType<typeof setTimeout> | undefined;
let charts = new Map<string, Chart>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function setStatus(text: string, kind: "ok" | "stale" | "error" = "ok"): void {
  status.textContent = text;
  status.dataset.kind = kind;
}

function resetView(title: string): void {
  clearTimeout(timer);
  for (const chart of charts.values()) chart.destroy();
  charts = new Map();
  main.replaceChildren();
  document.title = `${title} · edgeslo`;
}

function showSignIn(message = ""): void {
  resetView("Sign in");
  document.body.dataset.signedIn = "false";
  const input = el("input", { id: "key", name: "key", type: "password", autocomplete: "current-password", required: "" });
  const error = el("p", { class: "error", role: "alert" }, message);
  const form = el("form", { class: "signin", "aria-labelledby": "signin-title" },
    el("h1", { id: "signin-title" }, "Sign in to edgeslo"),
    el("label", { for: "key" }, "Read key"), input,
    el("button", { type: "submit" }, "Sign in"), error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await signIn(input.value)) {
      location.hash = "#/";
      void route();
    } else error.textContent = "That key is not valid for reading.";
  });
  main.append(form);
  input.focus();
}

async function withSession(load: () => Promise<void>): Promise<void> {
  try {
    document.body.dataset.signedIn = "true";
    await load();
  } catch (error) {
    if (error instanceof SignedOut) return showSignIn();
    setStatus(`Could not refresh: ${(error as Error).message}`, "error");
  }
  timer = setTimeout(() => void withSession(load), REFRESH_MS);
}

function tile(label: string, value: string, detail = ""): HTMLElement {
  return el("div", { class: "figure" }, el("span", { class: "figure-label" }, label), el("strong", {}, value), detail ? el("span", { class: "figure-detail" }, detail) : "");
}

function sloTiles(slos: SloEntry[]): HTMLElement {
  return el("div", { class: "slo-tiles" }, ...sortWorstFirst(slos).map((slo) => {
    const t = sloTile(slo);
    return el("div", { class: "slo", "data-status": t.status, "data-slo": t.name },
      el("span", { class: "slo-name" }, t.name),
      el("span", { class: "slo-status" }, t.status),
      el("span", {}, `objective ${t.objective}`),
      el("span", {}, `now ${t.current}`),
      el("span", {}, `budget left ${t.budgetLeft} · burn ${t.burnRate}`));
  }));
}

const WORST = ["paging", "exhausted", "ticket", "ok", "no-data", "unsupported"] as const;

async function showOverview(): Promise<void> {
  resetView("Services");
  const list = el("section", { class: "tiles", "aria-label": "Services" });
  main.append(el("h1", {}, "Services"), list);
  await withSession(async () => {
    const [{ services }, { slos }] = await Promise.all([listServices(), readSlos()]);
    const figures = await Promise.all(services.map(async (s) => ({ s, m: await readMetrics(s.service, "1h"), slos: slos.filter((x) => x.service === s.service) })));
    // Worst first: a service takes the status of its worst SLO.
    const worst = (entry: { slos: SloEntry[] }) => Math.min(...entry.slos.map((x) => WORST.indexOf(x.status)), WORST.length);
    figures.sort((a, b) => worst(a) - worst(b) || a.s.service.localeCompare(b.s.service));
    list.replaceChildren(...(figures.length === 0
      ? [el("p", {}, "No service has sent telemetry yet.")]
      : figures.map((entry) => {
          const { s, m } = entry;
          return el("article", { class: "tile", "data-status": WORST[worst(entry)] ?? "no-data", "data-service": s.service },
            el("h2", {}, el("a", { href: `#/service/${encodeURIComponent(s.service)}` }, s.service)),
            el("p", { class: "muted" }, `${s.versions.length} version${s.versions.length === 1 ? "" : "s"} · last hour`),
            el("div", { class: "figures" },
              tile("P95", formatValue(m.total.latencyMs.p95, "ms")),
              tile("Errors", formatValue(m.total.errorRate, "ratio")),
              tile("Cache hits", formatValue(m.total.cacheHitRate, "ratio")),
              tile("Cost / req", formatValue(m.total.costUsd.perRequest, "usd")),
              tile("Requests", formatValue(m.total.requests, "count"))),
            entry.slos.length ? sloTiles(entry.slos) : el("p", { class: "muted" }, "No SLO defined."));
        })));
    setStatus(`Updated ${new Date().toLocaleTimeString()}`);
  });
}

async function showService(service: string, range: string): Promise<void> {
  resetView(service);
  const picker = el("nav", { class: "ranges", "aria-label": "Time range" },
    ...RANGES.map((r) => el("a", { href: `#/service/${encodeURIComponent(service)}?range=${r}`, ...(r === range ? { "aria-current": "true" } : {}) }, r)));
  const summary = el("section", { class: "figures", "aria-label": "Window figures" });
  const sloSection = el("section", { "aria-label": "SLOs" });
  const grid = el("section", { class: "charts" });
  const canvases = new Map<string, HTMLCanvasElement>();
  for (const chart of [...CHARTS, { id: "tiers", title: "Cache hits by tier (share of cacheable requests)" }]) {
    const canvas = el("canvas", { role: "img", "aria-label": chart.title });
    canvases.set(chart.id, canvas);
    grid.append(el("figure", { class: "chart", "data-chart": chart.id }, el("figcaption", {}, chart.title), el("div", { class: "canvas-box" }, canvas)));
  }
  main.append(el("p", {}, el("a", { href: "#/" }, "← Services")), el("h1", {}, service), picker, summary, sloSection, grid);
  await withSession(async () => {
    const [series, metrics, { slos }, { services }, { alerts }, { rollbacks }] = await Promise.all([
      readSeries(service, range), readMetrics(service, range), readSlos(service), listServices(), readAlerts(service), readRollbacks(service),
    ]);
    sloSection.replaceChildren(...(slos.length ? [el("h2", {}, "SLOs"), sloTiles(slos)] : []));
    const markers = markersFor({
      versions: services.find((s) => s.service === service)?.versions ?? [], alerts, rollbacks, fromMs: series.fromMs, toMs: series.toMs,
    });
    summary.replaceChildren(
      tile("Requests", formatValue(metrics.total.requests, "count")),
      tile("P50 / P95 / P99", [metrics.total.latencyMs.p50, metrics.total.latencyMs.p95, metrics.total.latencyMs.p99].map((v) => formatValue(v, "ms")).join(" / ")),
      tile("Error rate", formatValue(metrics.total.errorRate, "ratio")),
      tile("Cache hit rate", formatValue(metrics.total.cacheHitRate, "ratio")),
      tile("Tokens / req", formatValue(metrics.total.tokens.perRequest, "count")),
      tile("Cost / req", formatValue(metrics.total.costUsd.perRequest, "usd")),
      tile("Versions", metrics.versions.map((v) => shortVersion(v.version)).join(", ") || "–"),
    );
    const xRange = { min: series.fromMs, max: series.toMs };
    const draw = (id: string, lines: LineData[], options: Omit<LineChartOptions, "xRange">) => {
      const canvas = canvases.get(id)!;
      charts.set(id, drawLines(canvas, lines, { ...options, xRange, markers }, charts.get(id)));
      // What is drawn, readable without the canvas (screen readers' summary, and the browser tests).
      const figure = canvas.closest("figure")!;
      figure.dataset.points = String(lines.reduce((n, l) => n + l.points.filter((p) => p.y !== null).length, 0));
      figure.dataset.series = lines.map((l) => l.label).join("|");
      figure.dataset.markers = markers.map((m) => m.label).join("|");
    };
    for (const chart of CHARTS) draw(chart.id, linesFor(series, chart.read, { withTotal: false }), { format: (v) => formatValue(v, chart.unit) });
    draw("tiers", tierShares(series.total), { format: (v) => formatValue(v, "ratio"), stacked: true });
    if (isStale(series, Date.now())) setStatus(`Stale: no data for ${service} in the last few minutes`, "stale");
    else setStatus(`Live · updated ${new Date().toLocaleTimeString()}`);
  });
}

function time(ms: number | null): string {
  return ms === null ? "–" : new Date(ms).toLocaleString();
}

function table(caption: string, headers: string[], rows: (string | Node)[][]): HTMLElement {
  return el("table", {},
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c))))));
}

async function showAlerts(): Promise<void> {
  resetView("Alerts");
  const body = el("section", { class: "alerts" });
  main.append(el("h1", {}, "Alerts"), body);
  await withSession(async () => {
    const [{ alerts, silences, deliveries, disabledTargets }, { rollbacks }] = await Promise.all([readAlerts(), readRollbacks()]);
    const order = { firing: 0, pending: 1, resolved: 2 } as const;
    const sorted = [...alerts].sort((a, b) => order[a.phase] - order[b.phase] || (b.firedAtMs ?? b.activeSinceMs) - (a.firedAtMs ?? a.activeSinceMs));
    body.replaceChildren(
      sorted.length === 0 ? el("p", {}, "No alert in the last 7 days.") : table("Alerts, firing first", ["phase", "severity", "service", "SLO", "version", "active since", "fired", "resolved", "summary"],
        sorted.map((a) => [el("span", { class: `phase phase-${a.phase}` }, a.phase), a.severity, a.service, a.slo, a.version ?? "all", time(a.activeSinceMs), time(a.firedAtMs), time(a.resolvedAtMs), a.summary])),
      table("Silences", ["matchers", "until", "comment", "by"], silences.map((x) => [Object.entries(x.matchers).map(([k, v]) => `${k}=${v}`).join(", "), time(x.endsAtMs), x.comment, x.createdBy])),
      table("Webhook deliveries", ["target", "event", "status", "attempts", "detail", "updated"],
        deliveries.map((d) => [d.targetId, d.eventType, d.status, String(d.attempts), d.detail ?? "", time(d.updatedAtMs)])),
      table("Rollbacks", ["service", "bad version", "to version", "status", "reason", "requested"],
        rollbacks.map((r) => [r.service, r.badVersion, r.targetVersionId ?? "–", r.status, r.reason ?? "", time(r.requestedAtMs)])),
      disabledTargets.length ? el("p", { class: "error" }, `Disabled webhook targets (answered 410): ${disabledTargets.join(", ")}`) : "",
    );
    setStatus(`Updated ${new Date().toLocaleTimeString()}`);
  });
}

async function route(): Promise<void> {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const parts = (path || "/").split("/").filter(Boolean);
  if (parts[0] === "service" && parts[1]) {
    const range = new URLSearchParams(query).get("range") ?? "1h";
    return showService(decodeURIComponent(parts[1]), (RANGES as readonly string[]).includes(range) ? range : "1h");
  }
  if (parts[0] === "alerts") return showAlerts();
  return showOverview();
}

document.getElementById("sign-out")!.addEventListener("click", async () => {
  await signOut();
  showSignIn();
});
window.addEventListener("hashchange", () => void route());
void route();
