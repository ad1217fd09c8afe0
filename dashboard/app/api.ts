// The dashboard's calls to the collector's read API (same origin; the session cookie carries the read key).
import type { Series } from "../../collector/series";
import type { WindowFigures } from "../../collector/rollup";
import type { SloEntry } from "./slo-view";

export class SignedOut extends Error {}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: "same-origin", headers: { accept: "application/json" } });
  if (response.status === 401) throw new SignedOut("signed out");
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${path} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

export interface ServiceEntry {
  service: string;
  lastSeenMs: number;
  versions: { version: string; firstSeenMs: number; lastSeenMs: number }[];
}

export const listServices = () => getJson<{ project: string; services: ServiceEntry[] }>("/api/services");

export const readMetrics = (service: string, window: string) =>
  getJson<{ total: WindowFigures; versions: (WindowFigures & { version: string })[] }>(`/api/metrics?${new URLSearchParams({ service, window })}`);

export const readSeries = (service: string, window: string) =>
  getJson<Series & { fromMs: number; toMs: number }>(`/api/series?${new URLSearchParams({ service, window })}`);

export async function signIn(key: string): Promise<boolean> {
  const response = await fetch("/api/session", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key }),
  });
  return response.status === 204;
}

export async function signOut(): Promise<void> {
  await fetch("/api/session", { method: "DELETE", credentials: "same-origin" });
}

export const readSlos = (service?: string) =>
  getJson<{ slos: SloEntry[]; canaries: { service: string; baselineVersion: string; canaryVersion: string; verdict: string; score: number }[] }>(
    `/api/slos${service ? `?${new URLSearchParams({ service })}` : ""}`);

export interface AlertEntry {
  key: string;
  service: string;
  slo: string;
  version: string | null;
  severity: string;
  phase: "pending" | "firing" | "resolved";
  activeSinceMs: number;
  firedAtMs: number | null;
  resolvedAtMs: number | null;
  summary: string;
}

export interface DeliveryEntry {
  eventId: string;
  targetId: string;
  eventType: string;
  status: string;
  attempts: number;
  detail: string | null;
  updatedAtMs: number;
}

export const readAlerts = (service?: string) =>
  getJson<{ alerts: AlertEntry[]; silences: { id: string; matchers: Record<string, string>; endsAtMs: number; comment: string; createdBy: string }[]; deliveries: DeliveryEntry[]; disabledTargets: string[] }>(
    `/api/alerts${service ? `?${new URLSearchParams({ service })}` : ""}`);

export const readRollbacks = (service?: string) =>
  getJson<{ rollbacks: { service: string; badVersion: string; targetVersionId: string | null; status: string; reason: string | null; requestedAtMs: number }[] }>(
    `/api/rollbacks${service ? `?${new URLSearchParams({ service })}` : ""}`);
