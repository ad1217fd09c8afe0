// The dashboard's calls to the collector's read API (same origin; the session cookie carries the read key).
import type { Series } from "../../collector/series";
import type { WindowFigures } from "../../collector/rollup";

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
