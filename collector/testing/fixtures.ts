// Loads the wire recordings in collector/fixtures and replays them against the collector exactly as they were sent.
import { collectorFetch } from "./client";

export interface Recording {
  recordedWith: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  bodyBase64: string;
}

export function recordedBody(recording: Recording): Uint8Array {
  return Uint8Array.from(atob(recording.bodyBase64), (c) => c.charCodeAt(0));
}

/** Replays a recording: same method, path, headers (auth included: the recorder used the test keys) and body bytes. */
export function replay(recording: Recording): Promise<Response> {
  const headers = new Headers(recording.headers);
  headers.delete("transfer-encoding");
  headers.delete("connection");
  return collectorFetch(recording.path, { method: recording.method, headers, body: recordedBody(recording) });
}
