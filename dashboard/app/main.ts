// The dashboard's entry: hash routes (#/, #/service/<name>, #/alerts), sign-in, and live refresh by polling.
import type { Chart } from "chart.js";
import { listServices, readMetrics, readSeries, SignedOut, signIn, signOut } from "./api";
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

async function showOverview(): Promise<void> {
  resetView("Services");
  const list = el("section", { class: "tiles", "aria-label": "Services" });
  main.append(el("h1", {}, "Services"), list);
  await withSession(async () => {
    const { services } = await listServices();
    const figures = await Promise.all(services.map(async (s) => ({ s, m: await readMetrics(s.service, "1h") })));
    list.replaceChildren(...(figures.length === 0
      ? [el("p", {}, "No service has sent telemetry yet.")]
      : figures.map(({ s, m }) =>
          el("article", { class: "tile" },
            el("h2", {}, el("a", { href: `#/service/${encodeURIComponent(s.service)}` }, s.service)),
            el("p", { class: "muted" }, `${s.versions.length} version${s.versions.length === 1 ? "" : "s"} · last hour`),
            el("div", { class: "figures" },
              tile("P95", formatValue(m.total.latencyMs.p95, "ms")),
              tile("Errors", formatValue(m.total.errorRate, "ratio")),
              tile("Cache hits", formatValue(m.total.cacheHitRate, "ratio")),
              tile("Cost / req", formatValue(m.total.costUsd.perRequest, "usd")),
              tile("Requests", formatValue(m.total.requests, "count")))))));
    setStatus(`Updated ${new Date().toLocaleTimeString()}`);
  });
}

async function showService(service: string, range: string): Promise<void> {
  resetView(service);
  const picker = el("nav", { class: "ranges", "aria-label": "Time range" },
    ...RANGES.map((r) => el("a", { href: `#/service/${encodeURIComponent(service)}?range=${r}`, ...(r === range ? { "aria-current": "true" } : {}) }, r)));
  const summary = el("section", { class: "figures", "aria-label": "Window figures" });
  const grid = el("section", { class: "charts" });
  const canvases = new Map<string, HTMLCanvasElement>();
  for (const chart of [...CHARTS, { id: "tiers", title: "Cache hits by tier (share of cacheable requests)" }]) {
    const canvas = el("canvas", { role: "img", "aria-label": chart.title });
    canvases.set(chart.id, canvas);
    grid.append(el("figure", { class: "chart", "data-chart": chart.id }, el("figcaption", {}, chart.title), el("div", { class: "canvas-box" }, canvas)));
  }
  main.append(el("p", {}, el("a", { href: "#/" }, "← Services")), el("h1", {}, service), picker, summary, grid);
  await withSession(async () => {
    const [series, metrics] = await Promise.all([readSeries(service, range), readMetrics(service, range)]);
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
      charts.set(id, drawLines(canvas, lines, { ...options, xRange }, charts.get(id)));
      // What is drawn, readable without the canvas (screen readers' summary, and the browser tests).
      const figure = canvas.closest("figure")!;
      figure.dataset.points = String(lines.reduce((n, l) => n + l.points.filter((p) => p.y !== null).length, 0));
      figure.dataset.series = lines.map((l) => l.label).join("|");
    };
    for (const chart of CHARTS) draw(chart.id, linesFor(series, chart.read, { withTotal: false }), { format: (v) => formatValue(v, chart.unit) });
    draw("tiers", tierShares(series.total), { format: (v) => formatValue(v, "ratio"), stacked: true });
    if (isStale(series, Date.now())) setStatus(`Stale: no data for ${service} in the last few minutes`, "stale");
    else setStatus(`Live · updated ${new Date().toLocaleTimeString()}`);
  });
}

async function route(): Promise<void> {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const parts = (path || "/").split("/").filter(Boolean);
  if (parts[0] === "service" && parts[1]) {
    const range = new URLSearchParams(query).get("range") ?? "1h";
    return showService(decodeURIComponent(parts[1]), (RANGES as readonly string[]).includes(range) ? range : "1h");
  }
  return showOverview();
}

document.getElementById("sign-out")!.addEventListener("click", async () => {
  await signOut();
  showSignIn();
});
window.addEventListener("hashchange", () => void route());
void route();
