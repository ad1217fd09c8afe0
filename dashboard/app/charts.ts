// Chart.js, bundled (no CDN) with only the parts the dashboard draws: line charts on a numeric time axis.
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import type { LineData } from "./series";
import type { Marker } from "./slo-view";

const MARKER_COLOURS: Record<Marker["kind"], string> = { deployment: "#57606a", alert: "#cf222e", rollback: "#9a6700" };

/** Draws each chart's markers (options.plugins.markers) as dashed vertical lines with their label on hover. */
const markerPlugin = {
  id: "markers",
  afterDatasetsDraw(chart: Chart, _args: unknown, options: { list?: Marker[] }) {
    const { ctx, chartArea, scales } = chart;
    for (const marker of options.list ?? []) {
      const x = scales.x!.getPixelForValue(marker.x);
      if (x < chartArea.left || x > chartArea.right) continue;
      ctx.save();
      ctx.strokeStyle = MARKER_COLOURS[marker.kind];
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.restore();
    }
  },
};

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip, Filler, markerPlugin);

/** Colour-blind-safe palette (Okabe–Ito), first colour for "all versions". */
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

function timeLabel(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const hm = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return spanMs > 36 * 3_600_000 ? `${d.toLocaleDateString([], { month: "short", day: "numeric" })} ${hm}` : hm;
}

export interface LineChartOptions {
  format: (value: number | null) => string;
  /** The window shown, Unix ms: the axis spans it whatever the data covers. */
  xRange: { min: number; max: number };
  stacked?: boolean;
  /** Deployments, alerts and rollbacks drawn as vertical lines. */
  markers?: Marker[];
}

/** Draws or updates a line chart in a canvas; returns the Chart so the caller can destroy it. */
export function drawLines(canvas: HTMLCanvasElement, lines: LineData[], options: LineChartOptions, existing?: Chart): Chart {
  const { min, max } = options.xRange;
  const datasets = lines.map((line, i) => ({
    label: line.label,
    data: line.points,
    borderColor: COLOURS[i % COLOURS.length],
    backgroundColor: `${COLOURS[i % COLOURS.length]}33`,
    borderWidth: i === 0 ? 2 : 1.5,
    pointRadius: line.points.length > 60 ? 0 : 2,
    spanGaps: false,
    fill: options.stacked ? (i === 0 ? "origin" : "-1") : false,
    tension: 0.2,
  }));
  if (existing) {
    existing.data.datasets = datasets;
    Object.assign(existing.options.scales!.x!, { min, max });
    (existing.options.plugins as { markers?: { list?: Marker[] } }).markers = { list: options.markers ?? [] };
    existing.update("none");
    return existing;
  }
  return new Chart(canvas, {
    type: "line",
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: {
        x: { type: "linear", min, max, ticks: { maxTicksLimit: 6, callback: (v) => timeLabel(Number(v), max - min) } },
        y: { stacked: options.stacked ?? false, beginAtZero: true, ticks: { callback: (v) => options.format(Number(v)) } },
      },
      plugins: {
        // @ts-expect-error the markers plugin's options are ours, not in Chart.js' typings
        markers: { list: options.markers ?? [] },
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? new Date(Number(items[0].parsed.x)).toLocaleString() : ""),
            label: (item) => `${item.dataset.label}: ${options.format(item.parsed.y)}`,
          },
        },
      },
    },
  });
}
