// Browser tests of the dashboard against the collector running in workerd (wrangler dev), driven by Debian's chromium.
import { mkdirSync, rmSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCollector } from "../../bench/local-collector.mjs";
import { encodeBody, exportJson } from "../../bench/otlp-bodies.mjs";
import { postRecentRequests } from "./recent-requests.ts";

const READ_KEY = "edgeslo-demo-read";
const INGEST_KEY = "edgeslo-demo-ingest";
const ARTIFACTS = "test-results";
const stateDir = `.wrangler/e2e-state-${Date.now()}`;
const suffix = Date.now().toString(36);
const optimizer = `e2e-optimizer-${suffix}`;
const evaluator = `e2e-eval-${suffix}`;
const alerting = `e2e-alerting-${suffix}`;
// YAML is a superset of JSON: the SLO file travels as one --var line. `for: 0` so one cron run fires what burns.
const SLO_YAML = JSON.stringify({
  apiVersion: "edgeslo/v1",
  defaults: { project: "demo", window: "28d", alerting: { for: 0, rollbackOnPage: false } },
  slos: [
    { name: `${alerting}-errors`, service: alerting, indicator: { kind: "error-rate" }, objective: "99%" },
    { name: `${optimizer}-latency`, service: optimizer, indicator: { kind: "latency-quantile", quantile: "p95", thresholdMs: 1000 } },
  ],
});

let collector: { base: string; stop: () => Promise<void> };
let browser: Browser;

async function ingest(service: string, version: string, count: number): Promise<void> {
  const body = encodeBody(exportJson({ service, version, count, nowMs: Date.now(), seq: Math.floor(Math.random() * 1e9) }), "json");
  const response = await fetch(`${collector.base}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${INGEST_KEY}`, ...body.headers }, body: body.body as BodyInit });
  expect(response.status).toBe(200);
}

function sendRequests(service: string, errorEvery: number): Promise<void> {
  return postRecentRequests(collector.base, { service, version: "v1", count: 300, errorEvery, durationMs: 25 });
}

/** Cron never fires by itself under wrangler dev: run the minute trigger now. */
async function runCron(): Promise<void> {
  const response = await fetch(`${collector.base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`);
  expect(response.status).toBe(200);
}

async function signedInPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(collector.base);
  await page.getByLabel("Read key").fill(READ_KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Services" }).waitFor();
  return page;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  collector = await startCollector({ stateDir, vars: { SLO_YAML } });
  await ingest(optimizer, "v1", 200);
  await ingest(optimizer, "v2", 50);
  await ingest(evaluator, "v1", 100);
  await sendRequests(alerting, 0);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("dashboard in a browser", () => {
  it("without a key there is a sign-in form and no data; a wrong key is refused", async () => {
    const page = await browser.newPage();
    await page.goto(collector.base);
    await page.getByLabel("Read key").waitFor();
    expect(await page.locator(".tile").count()).toBe(0);
    await page.getByLabel("Read key").fill("not-a-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid" }).waitFor();
    await page.close();
  });

  it("after sign-in the overview shows a tile per seeded service", async () => {
    const page = await signedInPage();
    await page.locator(".tile", { hasText: optimizer }).waitFor();
    await page.locator(".tile", { hasText: evaluator }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-overview.png`, fullPage: true });
    await page.close();
  });

  it("a service page draws charts with data points and one line per version", async () => {
    const page = await signedInPage();
    await page.getByRole("link", { name: optimizer }).click();
    const latency = page.locator('figure[data-chart="latency"][data-points]');
    await latency.waitFor();
    expect(Number(await latency.getAttribute("data-points"))).toBeGreaterThan(0);
    expect((await latency.getAttribute("data-series"))!.split("|")).toEqual(expect.arrayContaining(["version v1", "version v2"]));
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-service.png`, fullPage: true });
    await page.close();
  });

  it("overview tiles show SLO status, objective, budget and burn, worst first", async () => {
    await runCron();
    const page = await signedInPage();
    const slo = page.locator(`.slo[data-slo="${optimizer}-latency"]`);
    await slo.waitFor();
    expect(await slo.getAttribute("data-status")).toBe("ok");
    expect(await slo.textContent()).toContain("P95 < 1000 ms");
    expect(await slo.textContent()).toMatch(/budget left \d/);
    await page.close();
  });

  it("a firing alert appears on the alerts page after the data turns bad, and the charts mark it", async () => {
    await runCron();
    const page = await signedInPage();
    await page.getByRole("link", { name: "Alerts" }).click();
    await page.getByRole("heading", { name: "Alerts" }).waitFor();
    expect(await page.locator("tr", { hasText: alerting }).filter({ hasText: "firing" }).count()).toBe(0);
    await sendRequests(alerting, 2);
    await runCron();
    // The page refreshes itself: no reload.
    await page.locator("tr", { hasText: `${alerting}-errors` }).filter({ hasText: "firing" }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-alerts.png`, fullPage: true });
    await page.goto(`${collector.base}/#/service/${alerting}`);
    const errors = page.locator('figure[data-chart="errors"][data-markers]');
    await errors.waitFor();
    expect(await errors.getAttribute("data-markers")).toMatch(/page-fast/);
    await page.close();
  }, 60_000);

  it("fits a phone-width screen without sideways scrolling, and is usable by keyboard", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(collector.base);
    await page.locator("#key").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("key");
    await page.keyboard.type(READ_KEY);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Services" }).waitFor();
    await page.getByRole("link", { name: optimizer }).click();
    await page.locator('figure[data-chart="latency"][data-points]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-phone.png`, fullPage: true });
    await page.close();
  });
});
