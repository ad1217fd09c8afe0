// Dashboard load time: 10 services × 2 versions with 7 days of data; chromium opens the overview and a service's 7-day
// page, timed from navigation to every tile / every chart drawn. Medians of several loads. Needs /usr/bin/chromium.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { postWithRetry } from "./client.mjs";
import { startCollector } from "./local-collector.mjs";
import { sevenDayBodies } from "./otlp-bodies.mjs";

const SERVICES = Number(process.env.SERVICES ?? 10);
const LOADS = Number(process.env.LOADS ?? 7);
const stateDir = `bench/results/state-dashboard-${Date.now()}`;
mkdirSync(stateDir, { recursive: true });
const collector = await startCollector({ stateDir });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const nowMs = Date.now();
  const services = Array.from({ length: SERVICES }, (_, i) => `dash-bench-${i}`);
  let spans = 0;
  for (const [i, service] of services.entries()) {
    for (const body of sevenDayBodies({ service, versions: ["v1", "v2"], perMinute: 1, nowMs, seed: i + 1 })) {
      spans += body.resourceSpans[0].scopeSpans[0].spans.length;
      await postWithRetry(() => collector.base, body);
    }
  }
  console.log(`seeded ${spans} spans: ${SERVICES} services × 2 versions × 7 days`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(collector.base);
  await page.getByLabel("Read key").fill("edgeslo-demo-read");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(".tile").nth(SERVICES - 1).waitFor();
  const overview = [];
  const service7d = [];
  for (let i = 0; i < LOADS; i++) {
    let t = Date.now();
    await page.goto(`${collector.base}/#/`);
    await page.reload();
    await page.locator(".tile").nth(SERVICES - 1).waitFor();
    overview.push(Date.now() - t);
    t = Date.now();
    await page.goto(`${collector.base}/#/service/${services[0]}?range=7d`);
    await page.reload();
    await page.locator('figure[data-chart="volume"][data-points]').waitFor();
    service7d.push(Date.now() - t);
  }
  console.log(`
| dashboard, ${SERVICES} services, 7 days of data (${LOADS} loads, median) | value |
|---|---|
| overview: navigation → all ${SERVICES} service tiles drawn | ${median(overview)} ms |
| service page, 7d: navigation → all 8 charts drawn | ${median(service7d)} ms |
| app bundle (Chart.js included), gzipped | ${(gzipSync(readFileSync("dashboard/dist/app.js")).length / 1024).toFixed(1)} KiB |`);
} finally {
  await browser.close();
  await collector.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
